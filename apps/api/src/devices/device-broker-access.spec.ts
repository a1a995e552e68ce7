// Credentials on the embedded broker: a rotation racing a login, and old scrypt rows re-stored as
// an HMAC by their first login.
import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../infra/config/app-config.js';
import { SecretKeys } from '../infra/database/secret-keys.js';
import type { BrokerService } from '../infra/mqtt/broker.service.js';
import { DeviceBrokerAccess } from './device-broker-access.js';
import type { DeviceMonitor } from './device-monitor.js';
import type { DeviceRegistry } from './device-registry.js';
import { legacyScryptHash } from './device-secret.js';
import { DeviceSecrets } from './device-secrets.js';
import type { DevicesRepository } from './devices.repository.js';

const secrets = new DeviceSecrets(SecretKeys.fromMaster(Buffer.alloc(32, 3)));

function access(upgraded: Array<[string, string, string]> = []): DeviceBrokerAccess {
  const broker = { disconnectDevice: () => 0 } as unknown as BrokerService;
  const registry = { get: (id: string) => ({ id, protocol: 'native' }) } as unknown as DeviceRegistry;
  const monitor = { drop: () => undefined } as unknown as DeviceMonitor;
  const repository = {
    upgradeSecretHash: async (...row: [string, string, string]) => void upgraded.push(row),
  } as unknown as DevicesRepository;
  return new DeviceBrokerAccess(broker, registry, monitor, {} as AppConfig, secrets, repository);
}

const login = (secret: string) => ({ clientId: 'r1', username: 'r1', password: Buffer.from(secret), clean: true, heldBy: () => undefined });

describe('device credentials on the embedded broker', () => {
  it('accepts the stored secret, refuses another and an unknown device', async () => {
    const devices = access();
    devices.remember('r1', secrets.hash('secret'));
    expect(await devices.authenticate(login('secret'))).toBe('ok');
    expect(await devices.authenticate(login('secret!'))).toBe('bad-credentials');
    expect(await devices.authenticate({ ...login('secret'), username: 'r2', clientId: 'r2' })).toBe('bad-credentials');
  });

  it('refuses a login checked against an old scrypt hash replaced meanwhile, and does not re-store it', async () => {
    const upgraded: Array<[string, string, string]> = [];
    const devices = access(upgraded);
    devices.remember('r1', await legacyScryptHash('old-secret'));
    const racing = devices.authenticate(login('old-secret'));
    devices.forget('r1');
    devices.remember('r1', secrets.hash('new-secret'));
    expect(await racing).toBe('bad-credentials');
    expect(await devices.authenticate(login('old-secret'))).toBe('bad-credentials');
    expect(await devices.authenticate(login('new-secret'))).toBe('ok');
    expect(upgraded).toEqual([]);
  });

  it('refuses a login checked while the device was deleted', async () => {
    const devices = access();
    devices.remember('r1', await legacyScryptHash('secret'));
    const racing = devices.authenticate(login('secret'));
    devices.forget('r1');
    expect(await racing).toBe('bad-credentials');
  });

  it('lets an old scrypt row in and re-stores it as an HMAC, which the next login uses', async () => {
    const upgraded: Array<[string, string, string]> = [];
    const devices = access(upgraded);
    const old = await legacyScryptHash('secret');
    devices.remember('r1', old);
    expect(await devices.authenticate(login('wrong'))).toBe('bad-credentials');
    expect(upgraded).toEqual([]);
    expect(await devices.authenticate(login('secret'))).toBe('ok');
    expect(upgraded).toEqual([['r1', old, secrets.hash('secret')]]);
    expect(await devices.authenticate(login('secret'))).toBe('ok');
    expect(await devices.authenticate(login('wrong'))).toBe('bad-credentials');
    expect(upgraded).toHaveLength(1);
  });
});
