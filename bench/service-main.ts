// The service as the benchmark runs it, in its own process (forked by processes.ts): exactly
// what `npm start` runs (startCantine with the environment's configuration), plus one thing a
// benchmark needs and the product must not have: an MQTT echo on the service's own client, the
// baseline of scenario A. It answers `{topic}/ping` on `{topic}/pong` with the same payload, QoS 1,
// through the same broker, client and publish call as a badge decision, with no logic in between
// (bench/echo.ts).
import { startCantine } from '../apps/api/src/cantine.js';
import { DeviceBrokerAccess } from '../apps/api/src/devices/device-broker-access.js';
import { loadConfig } from '../apps/api/src/infra/config/app-config.js';
import { BrokerService } from '../apps/api/src/infra/mqtt/broker.service.js';
import { PING_FILTER, withEcho } from './echo.js';

export type ServiceMessage = { type: 'ready'; http: string; mqtt: string } | { type: 'failed'; error: string };

async function main(): Promise<void> {
  const cantine = await startCantine(loadConfig(process.env, false));
  const broker = cantine.app.get(BrokerService);
  // The devices feature's policy, reading the echo devices' pings too (no-op on an external broker).
  if (broker.engine === 'embedded') broker.useDevicePolicy(withEcho(cantine.app.get(DeviceBrokerAccess)));
  await broker.subscribe(PING_FILTER, (topic, payload) => {
    broker.publish(`${topic.slice(0, -'ping'.length)}pong`, payload, { qos: 1 }).catch(() => undefined);
  });
  // The harness stops the service with a message, so that the process ends normally and a
  // `--cpu-prof` profile gets written (a signal re-raised after shutdown would skip it).
  process.on('message', (message) => {
    if (message !== 'stop') return;
    cantine.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  // A harness that died (Ctrl-C) leaves no service behind.
  process.on('disconnect', () => void cantine.close().finally(() => process.exit(1)));
  send({ type: 'ready', http: cantine.urls.http, mqtt: cantine.urls.mqtt });
}

function send(message: ServiceMessage): void {
  process.send?.(message);
}

main().catch((error: unknown) => {
  send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
