// One device flooding (issue 11, item 7): past its token bucket its messages are dropped and
// counted at ingestion, before any decision or audit row; the other readers keep being answered;
// the drops become one audit row per device and summary period.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MqttClient } from 'mqtt';
import { AuditLog } from '../../apps/api/src/access/audit-log.js';
import { DeviceIngestion } from '../../apps/api/src/devices/device-ingestion.js';
import { managerHeaders, startTestCantine, type TestCantine } from '../support/app.js';
import { connectDevice, listDevices, provisioned, recordEvents } from '../support/devices.js';
import { eventually } from '../support/eventually.js';

const FLOOD = 2000;

describe('a flooding device', () => {
  let cantine: TestCantine;
  let headers: Record<string, string>;
  let flooder: MqttClient;
  let neighbour: MqttClient;

  beforeAll(async () => {
    // A refill far below one token over the test: exactly the burst gets through, whatever the machine's speed.
    cantine = await startTestCantine({ DEVICE_RATE_BURST: '20', DEVICE_RATE_PER_SECOND: '0.001', DEVICE_FLOOD_SUMMARY_S: '3600' });
    headers = await managerHeaders(cantine.baseUrl);
    flooder = await connectDevice(cantine.mqttPort, 'entrance-reader', await provisioned(cantine.baseUrl, headers, { id: 'entrance-reader', kind: 'reader', door: 'entrance' }));
    neighbour = await connectDevice(cantine.mqttPort, 'open-space-reader', await provisioned(cantine.baseUrl, headers, { id: 'open-space-reader', kind: 'reader', door: 'open-space' }));
  });
  afterAll(async () => {
    await flooder?.endAsync();
    await neighbour?.endAsync();
    await cantine?.dispose();
  });

  it('gets its burst through and no more; the rest is counted `rate-limited`; a neighbour is still decided', async () => {
    const events = recordEvents(cantine);
    const badges = Array.from({ length: FLOOD }, (_, i) => flooder.publishAsync('cantine/quimper/readers/entrance-reader/badge', JSON.stringify({ uid: `DEAD${String(i).padStart(4, '0')}`, seq: i + 1 }), { qos: 1 }));
    await Promise.all(badges);
    await neighbour.publishAsync('cantine/quimper/readers/open-space-reader/badge', JSON.stringify({ uid: 'CAFEBABE', seq: 1 }), { qos: 1 });
    const devices = await eventually(async () => {
      const listed = await listDevices(cantine.baseUrl, headers);
      const errors = listed.find((d) => d.id === 'entrance-reader')!.errors;
      return errors['rate-limited'] === FLOOD - 20 && listed;
    });
    const decided = events.filter((e) => e.type === 'badge');
    expect(decided.filter((e) => e.deviceId === 'entrance-reader')).toHaveLength(20);
    expect(decided.filter((e) => e.deviceId === 'open-space-reader')).toHaveLength(1);
    expect(devices.find((d) => d.id === 'open-space-reader')!.errors['rate-limited']).toBe(0);

    await cantine.app.get(AuditLog).flush();
    const rows = async () => (await (await fetch(`${cantine.baseUrl}/api/access-events?reader=entrance-reader&kind=all&limit=1000`, { headers })).json()) as Array<Record<string, any>>;
    const before = await rows();
    expect(before.filter((r) => r.kind === 'badge')).toHaveLength(20);

    cantine.app.get(DeviceIngestion).summariseFloods();
    await cantine.app.get(AuditLog).flush();
    const floods = (await rows()).filter((r) => r.reason === 'flood');
    expect(floods).toEqual([expect.objectContaining({ kind: 'alarm', reader: 'entrance-reader', door: 'entrance', detail: expect.stringContaining(`${FLOOD - 20} messages dropped`) })]);
    // A quiet period gives no row.
    cantine.app.get(DeviceIngestion).summariseFloods();
    await cantine.app.get(AuditLog).flush();
    expect((await rows()).filter((r) => r.reason === 'flood')).toHaveLength(1);
  });
});
