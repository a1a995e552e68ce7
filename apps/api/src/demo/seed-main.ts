// `npm run demo` runs this before it starts the service: the whole service, in-process on free
// ports over the demo's data folder, gets three weeks of history (history-seeder.ts), then stops.
import { startCantine } from '../cantine.js';
import { Clock } from '../infra/clock.js';
import { loadConfig } from '../infra/config/app-config.js';
import { ConfigError } from '../infra/config/config-error.js';
import { seedHistory } from './history-seeder.js';

const USAGE = `seed-main: seeds three weeks of demo history (members, passes sold, badge-ins, desk occupancy)
before the demo clock's start, in the data folder the service will use. Run by \`npm run demo\`.

Environment: CANTINE_DEMO_CLOCK (required: the demo's start, e.g. 2026-12-07T08:45+01:00),
DATA_DIR, DATABASE_URL, INFLUX_URL, SITES_DIR as for the service. Refused in production.
Seeding twice into the same data folder does nothing the second time.`;

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(USAGE);
    return;
  }
  // Free ports: the seeding instance talks to no device and must not collide with anything.
  const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', MQTT_PORT: '0', LOG_LEVEL: 'error' });
  const start = config.demoClock?.start;
  if (!start) throw new ConfigError('CANTINE_DEMO_CLOCK', "nécessaire pour pré-remplir l'historique de démonstration (npm run demo la fixe)");
  const cantine = await startCantine(config);
  try {
    await seedHistory(cantine.app, { now: start, progress: (line) => console.log(line) });
    // Whatever is saved on the way out is dated at the demo's start, not minutes into it.
    cantine.app.get(Clock).now = () => new Date(start);
  } finally {
    await cantine.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(`Demo history not seeded: ${error.message}`);
  else console.error('Demo history not seeded:', error);
  process.exit(1);
});
