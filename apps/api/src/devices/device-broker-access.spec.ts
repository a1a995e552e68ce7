// Credentials on the embedded broker across a rotation: a login whose scrypt check was running
// when the secret changed must not get in, nor leave the old secret in the verified cache.
import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../infra/config/app-config.js';
import type { BrokerService } from '../infra/mqtt/broker.service.js';
import { DeviceBrokerAccess } from './device-broker-access.js';
import type { DeviceMonitor } from './device-monitor.js';
import type { DeviceRegistry } from './device-registry.js';
import { hashDeviceSecret } from './device-secret.js';

function access(): DeviceBrokerAccess {
  const broker = { disconnectDevice: () => 0 } as unknown as BrokerService;
  const registry = { get: (id: string) => ({ id, protocol: 'native' }) } as unknown as DeviceRegistry;
  const monitor = { drop: () => undefined } as unknown as DeviceMonitor;
  return new DeviceBrokerAccess(broker, registry, monitor, {} as AppConfig);
}

const login = (secret: string) => ({ clientId: 'r1', username: 'r1', password: Buffer.from(secret), clean: true, heldBy: () => undefined });

describe('device credentials across a rotation', () => {
  it('refuses a login checked against a secret replaced meanwhile, and does not cache it', async () => {
    const devices = access();
    const [old, fresh] = await Promise.all([hashDeviceSecret('old-secret'), hashDeviceSecret('new-secret')]);
    devices.remember('r1', old);
    const racing = devices.authenticate(login('old-secret'));
    devices.forget('r1');
    devices.remember('r1', fresh);
    expect(await racing).toBe('bad-credentials');
    expect(await devices.authenticate(login('old-secret'))).toBe('bad-credentials');
    expect(await devices.authenticate(login('new-secret'))).toBe('ok');
  });

  it('refuses a login checked while the device was deleted', async () => {
    const devices = access();
    devices.remember('r1', await hashDeviceSecret('secret'));
    const racing = devices.authenticate(login('secret'));
    devices.forget('r1');
    expect(await racing).toBe('bad-credentials');
  });
});
