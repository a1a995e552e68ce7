import { describe, expect, it } from 'vitest';
import type { StoredDevice } from './devices.repository.js';
import { seedDynsec } from './dynsec-seed.js';

const reader = (id: string, mosquittoHash = '$7$101$c2FsdHNhbHRzYWx0$aGFzaA=='): StoredDevice => ({
  device: { id, kind: 'reader', site: 'quimper', protocol: 'native', door: 'entrance', createdAt: new Date(0) },
  hashes: { secretHash: 'scrypt$x', mosquittoHash },
  decisionKey: null,
  state: { online: false },
});
const admin = { username: 'cantine-service', textName: 'Dynsec admin user', password: 'p', salt: 's', iterations: 101, roles: [{ rolename: 'admin' }] };

describe('seeding the dynamic security file (mosquitto-files --dynsec)', () => {
  it('adds each device with its $7$ hash as the plugin stores it, and its ACL as a role', () => {
    const { file, seeded } = seedDynsec({ clients: [admin], roles: [{ rolename: 'admin' }], defaultACLAccess: { subscribe: false } }, [reader('r1')], 'cantine');
    expect(seeded).toEqual(['r1']);
    expect(file.clients).toContainEqual({ username: 'r1', textName: 'Cantine device', password: 'aGFzaA==', salt: 'c2FsdHNhbHRzYWx0', iterations: 101, roles: [{ rolename: 'cantine-device-r1' }] });
    expect(file.roles).toContainEqual({ rolename: 'cantine-device-r1', acls: expect.arrayContaining([{ acltype: 'publishClientSend', topic: 'cantine/quimper/readers/r1/badge', allow: true }]) });
    expect(file.clients).toContainEqual(admin);
    expect(file.defaultACLAccess).toEqual({ subscribe: false });
  });

  it('replaces a device seeded before, drops Cantine devices that are gone, never touches other accounts', () => {
    const stale = { username: 'gone', textName: 'Cantine device', roles: [{ rolename: 'cantine-device-gone' }] };
    const grafana = { username: 'grafana', textName: 'dashboard', password: 'g' };
    const before = { clients: [admin, stale, grafana, { username: 'r1', textName: 'Cantine device', password: 'old' }], roles: [{ rolename: 'cantine-device-gone' }, { rolename: 'cantine-device-r1' }] };
    const { file, seeded, skipped } = seedDynsec(before, [reader('r1'), reader('grafana'), reader('bad', 'scrypt$nope')], 'cantine');
    expect(seeded).toEqual(['r1']);
    expect(skipped).toEqual(['grafana', 'bad']);
    expect(file.clients!.map((c) => c.username)).toEqual(['cantine-service', 'grafana', 'r1']);
    expect(file.clients!.find((c) => c.username === 'grafana')).toEqual(grafana);
    expect(file.clients!.find((c) => c.username === 'r1')?.password).toBe('aGFzaA==');
    expect(file.roles!.map((r) => r.rolename)).toEqual(['cantine-device-r1']);
  });
});
