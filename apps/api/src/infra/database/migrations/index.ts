import { Init1764400000000 } from './1764400000000-init.js';
import { OccupancySnapshot1764500000000 } from './1764500000000-occupancy-snapshot.js';
import { Devices1764600000000 } from './1764600000000-devices.js';
import { AccessControl1764700000000 } from './1764700000000-access-control.js';
import { DeviceDecisionKey1764810000000 } from './1764810000000-device-decision-key.js';
import { DeviceRelay1765120000000 } from './1765120000000-device-relay.js';
import { SensorKinds1765120000001 } from './1765120000001-sensor-kinds.js';
import { EspRfidNames1765120000002 } from './1765120000002-esp-rfid-names.js';
import { PassLifecycle1765140000000 } from './1765140000000-pass-lifecycle.js';
import { AccountSessions1765150000000 } from './1765150000000-account-sessions.js';
import { SecretsOutOfDatabase1765150000001 } from './1765150000001-secrets-out-of-database.js';
import { DeviceName1765160000000 } from './1765160000000-device-name.js';
import { DoorExits1765220000000 } from './1765220000000-door-exits.js';
import { ClusterLeases1765230000000 } from './1765230000000-cluster-leases.js';
import { PassUseTakenAt1765230000001 } from './1765230000001-pass-use-taken-at.js';
import { BrokerAcl1765280000000 } from './1765280000000-broker-acl.js';

/**
 * Migrations, oldest first, run at startup on both engines. Their SQL is written to be valid on
 * SQLite and PostgreSQL alike; where an engine needs its own statement, a migration branches on
 * `db.connection.options.type`.
 */
export const migrations = [
  Init1764400000000,
  OccupancySnapshot1764500000000,
  Devices1764600000000,
  AccessControl1764700000000,
  DeviceDecisionKey1764810000000,
  DeviceRelay1765120000000,
  SensorKinds1765120000001,
  EspRfidNames1765120000002,
  PassLifecycle1765140000000,
  AccountSessions1765150000000,
  SecretsOutOfDatabase1765150000001,
  DeviceName1765160000000,
  DoorExits1765220000000,
  ClusterLeases1765230000000,
  PassUseTakenAt1765230000001,
  BrokerAcl1765280000000,
];
