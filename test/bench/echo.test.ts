// Scenario A's echo (bench/echo.ts): the benchmark's service reads an echo device's own ping, which
// the product's policy drops as unread, and changes no other fate.
import { describe, expect, it, vi } from 'vitest';
import { deviceAcl, publishFate } from '../../apps/api/src/devices/device-acl.js';
import type { Device } from '../../apps/api/src/devices/device.types.js';
import type { DeviceBrokerPolicy } from '../../apps/api/src/infra/mqtt/broker.service.js';
import { withEcho } from '../../bench/echo.js';
import { echoId, readerId } from '../../bench/fleet-plan.js';

const echo = (index: number): Device => ({
  id: echoId(index),
  kind: 'reader',
  site: 'bench',
  protocol: 'esp-rfid',
  door: 'entrance',
  topic: echoId(index),
  createdAt: new Date(),
});

const reader: Device = { id: readerId(0), kind: 'reader', site: 'bench', protocol: 'native', door: 'entrance', createdAt: new Date() };

/** The product's fates for the echo devices (esp-rfid, none of whose topics the service's registry reads) and a native reader. */
function productPolicy(): DeviceBrokerPolicy {
  const devices = new Map([...[0, 1].map((index) => [echoId(index), echo(index)] as const), [reader.id, reader] as const]);
  return {
    authenticate: vi.fn(async () => 'ok' as const),
    publishFate: (id, topic) => publishFate(deviceAcl(devices.get(id)!, 'cantine'), topic, () => false),
    authorizeSubscribe: vi.fn(() => true),
    mayReceive: vi.fn(() => true),
    observe: vi.fn(),
  };
}

describe('the echo policy of the benchmark service', () => {
  const [first, second] = [echoId(0), echoId(1)];

  it.each([
    ['its own ping', first, `${first}/ping`, 'discard', 'read'],
    ['another topic of its namespace', first, `${first}/send`, 'discard', 'discard'],
    ['a ping deeper in its namespace', first, `${first}/io/ping`, 'discard', 'discard'],
    ['its own pong', first, `${first}/pong`, 'discard', 'discard'],
    ["another echo's ping", first, `${second}/ping`, 'refuse', 'refuse'],
    ['Home Assistant discovery', first, 'homeassistant/lock/esp-rfid/config', 'discard', 'discard'],
    ['outside its rights', first, 'cantine/bench/readers/x/badge', 'refuse', 'refuse'],
    ['a native reader, on a ping topic of its id', readerId(0), `${readerId(0)}/ping`, 'refuse', 'refuse'],
  ] as const)('%s: the product says %s, the benchmark %s', (_, id, topic, product, bench) => {
    expect(productPolicy().publishFate(id, topic)).toBe(product);
    expect(withEcho(productPolicy()).publishFate(id, topic)).toBe(bench);
  });

  it('hands everything else to the product policy', async () => {
    const policy = productPolicy();
    const echoing = withEcho(policy);
    const request = { clientId: first, username: first, password: Buffer.from('s'), clean: true, heldBy: () => undefined };
    await expect(echoing.authenticate(request)).resolves.toBe('ok');
    expect(echoing.authorizeSubscribe(first, `${first}/pong`, first)).toBe(true);
    expect(echoing.mayReceive(first, `${first}/pong`)).toBe(true);
    echoing.observe({ type: 'alive', username: first });
    expect(policy.authenticate).toHaveBeenCalledWith(request);
    expect(policy.authorizeSubscribe).toHaveBeenCalledWith(first, `${first}/pong`, first);
    expect(policy.mayReceive).toHaveBeenCalledWith(first, `${first}/pong`);
    expect(policy.observe).toHaveBeenCalledWith({ type: 'alive', username: first });
  });
});
