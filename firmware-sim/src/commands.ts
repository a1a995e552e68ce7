// The four commands, from checked settings to a printed summary. Each returns the process exit code.
import { zonedInstant } from '#domain';
import { CantineApi } from './api-client.js';
import type { Settings } from './cli.js';
import { siteDate } from './clock.js';
import { CredentialsStore, type DeviceRecord } from './credentials.js';
import { Fleet } from './fleet.js';
import type { EventWindow } from './members.js';
import { planDevices } from './plan.js';
import { provision, type ProvisionReport } from './provision.js';
import type { Reporter } from './reporter.js';
import { runChaos } from './scenarios/chaos.js';
import { runDay } from './scenarios/day.js';
import { runLoad } from './scenarios/load.js';
import { loadLayout } from './site.js';

export interface CommandContext {
  settings: Settings;
  reporter: Reporter;
  signal: AbortSignal;
}

async function loggedIn(settings: Settings): Promise<CantineApi> {
  if (settings.email === undefined || settings.password === undefined) {
    throw new Error(
      'provisioning needs a manager login: --email and --password, or CANTINE_ADMIN_EMAIL and CANTINE_ADMIN_PASSWORD ' +
        '(without them the service printed a generated password at its first start)',
    );
  }
  const api = new CantineApi(settings.api);
  await api.login(settings.email, settings.password);
  return api;
}

function printReport(reporter: Reporter, report: ProvisionReport, store: CredentialsStore): void {
  reporter.info(
    `devices: ${report.devicesCreated} created, ${report.devicesReused} already provisioned` +
      (report.devicesWithoutSecret.length > 0 ? `, ${report.devicesWithoutSecret.length} without a secret in this file` : ''),
  );
  reporter.info(`members: ${report.membersCreated} created, ${report.badgesAdded} badges and ${report.passesAdded} passes added (${store.data.members.length} in the file)`);
  reporter.info(`saved to ${store.file}`);
}

async function runProvision(context: CommandContext, store: CredentialsStore): Promise<ProvisionReport> {
  const { settings, reporter } = context;
  const api = await loggedIn(settings);
  const layout = await loadLayout(settings.api, settings.site);
  const base = planDevices(layout, store.data.protocol ?? settings.protocol).length;
  const extra = settings.devices === undefined ? 0 : Math.max(0, settings.devices - base);
  reporter.info(`provisioning site ${layout.id} (${layout.doors.length} doors, ${layout.desks.length} desks) at ${settings.api}, protocol ${store.data.protocol ?? settings.protocol}${extra > 0 ? `, ${extra} extra load devices` : ''}`);
  const clock = settings.clock === undefined ? {} : { now: settings.clock, eventWindow: eveningOf(settings.clock, layout.timezone) };
  const report = await provision({
    api,
    store,
    layout,
    protocol: settings.protocol,
    extraLoadDevices: extra,
    say: (line) => reporter.warn(line),
    ...clock,
  });
  printReport(reporter, report, store);
  return report;
}

export async function provisionCommand(context: CommandContext): Promise<number> {
  const { settings } = context;
  const store = CredentialsStore.open(settings.credentials, settings.site, settings.seed);
  const report = await runProvision(context, store);
  return report.missingEndpoints.includes('POST /api/devices') ? 3 : 0;
}

/** day, load and chaos need devices: provision first when the file has none. */
async function openStore(context: CommandContext): Promise<CredentialsStore> {
  const { settings, reporter } = context;
  const store = CredentialsStore.open(settings.credentials, settings.site, settings.seed);
  if (store.data.devices.every((device) => device.password === undefined)) {
    reporter.info(`no device credentials in ${settings.credentials}: provisioning first`);
    await runProvision(context, store);
  }
  if (store.data.devices.every((device) => device.password === undefined)) {
    throw new Error(`no device could be provisioned, so there is nothing to simulate (see above)`);
  }
  return store;
}

/** load --devices N: readers and desk sensors in turn, so both kinds are in the first N. */
function pickDevices(store: CredentialsStore, count: number | undefined): ((record: DeviceRecord) => boolean) | undefined {
  if (count === undefined) return undefined;
  const readers = store.data.devices.filter((device) => device.kind === 'reader');
  const sensors = store.data.devices.filter((device) => device.kind === 'desk-sensor');
  const chosen = new Set<string>();
  for (let index = 0; chosen.size < count && index < readers.length + sensors.length; index++) {
    const device = index % 2 === 0 ? (readers[index / 2] ?? sensors[index]) : (sensors[(index - 1) / 2] ?? readers[index]);
    if (device !== undefined) chosen.add(device.id);
  }
  return (record) => chosen.has(record.id);
}

async function withFleet<T>(
  context: CommandContext,
  store: CredentialsStore,
  only: ((r: DeviceRecord) => boolean) | undefined,
  work: (fleet: Fleet) => Promise<T>,
): Promise<T> {
  const { settings, reporter } = context;
  const fleet = await Fleet.open({
    mqttUrl: settings.mqtt,
    store,
    root: settings.root,
    only,
    stock: settings.stock,
    onState: (id, state, detail) => {
      if (state === 'offline') reporter.event(undefined, 'mqtt', `${id} offline${detail === undefined ? '' : `: ${detail}`} (reconnecting)`);
    },
  });
  for (const { deviceId, problem } of fleet.problems) reporter.warn(`${deviceId}: ${problem}`);
  if (fleet.connectedDevices === 0) {
    await fleet.close();
    throw new Error(`no simulated device could connect to ${settings.mqtt} (see above)`);
  }
  reporter.info(`${fleet.readers.length} readers, ${fleet.deskSensors.length} desk sensors, ${fleet.doorContacts.length} door contacts on ${fleet.connectedDevices} MQTT connections to ${settings.mqtt}`);
  try {
    return await work(fleet);
  } finally {
    await fleet.close();
  }
}

export async function dayCommand(context: CommandContext): Promise<number> {
  const { settings, reporter, signal } = context;
  const store = await openStore(context);
  const hours = ((settings.end - settings.start) / 60 / settings.speed) * 60;
  reporter.info(`playing the day at ×${settings.speed}: about ${Math.ceil(hours)} min of real time; Ctrl-C stops it cleanly`);
  const summary = await withFleet(context, store, undefined, (fleet) =>
    runDay({ fleet, credentials: store.data, speed: settings.speed, start: settings.start, end: settings.end, reporter, signal }),
  );
  reporter.summary('day', summary);
  return 0;
}

export async function loadCommand(context: CommandContext): Promise<number> {
  const { settings, reporter, signal } = context;
  const store = await openStore(context);
  const available = store.data.devices.filter((device) => device.kind === 'reader' || device.kind === 'desk-sensor').length;
  if (settings.devices !== undefined && settings.devices > available) {
    reporter.warn(`only ${available} readers and desk sensors in ${settings.credentials}; run provision --devices ${settings.devices} to add load devices`);
  }
  const uids = [
    ...store.data.members.map((member) => member.uid),
    ...(store.data.strangerUid === undefined ? [] : [store.data.strangerUid]),
  ];
  const summary = await withFleet(context, store, pickDevices(store, settings.devices), (fleet) =>
    runLoad({
      fleet,
      uids,
      badgesPerSecond: settings.badgesPerSecond,
      sensorsPerSecond: settings.sensorsPerSecond,
      durationS: settings.durationS,
      seed: settings.seed,
      reporter,
      signal,
    }),
  );
  reporter.summary('load', summary);
  return 0;
}

export async function chaosCommand(context: CommandContext): Promise<number> {
  const { settings, reporter } = context;
  const store = await openStore(context);
  const api = new CantineApi(settings.api);
  // Logged in, the run also checks the devices' online flag; without a login it checks /health only.
  if (settings.email !== undefined && settings.password !== undefined) {
    await api.login(settings.email, settings.password).catch(() => undefined);
  }
  const member = store.data.members.find((candidate) => candidate.role === 'coworker') ?? store.data.members[0];
  const results = await withFleet(context, store, undefined, (fleet) =>
    runChaos({ fleet, mqttUrl: settings.mqtt, site: settings.site, root: settings.root, uid: member?.uid ?? store.data.strangerUid ?? '04A224B2C31F80', api, reporter }),
  );
  const failed = results.filter((result) => !result.serviceOk);
  reporter.info(failed.length === 0 ? `chaos: the service survived all ${results.length} steps` : `chaos: the service failed after: ${failed.map((result) => result.step).join(', ')}`);
  return failed.length === 0 ? 0 : 1;
}

/** 18:00–21:00 at the site on the simulated date: the evening event's window. */
function eveningOf(now: Date, timezone: string): EventWindow {
  const date = siteDate(timezone, now);
  return { from: zonedInstant(date, 18 * 60, timezone).toISOString(), until: zonedInstant(date, 21 * 60, timezone).toISOString() };
}
