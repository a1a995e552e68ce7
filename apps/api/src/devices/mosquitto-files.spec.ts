import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StoredDevice } from './devices.repository.js';
import { mosquittoFiles, parseArguments, run, unquotable } from './mosquitto-files.js';

const service = { username: 'cantine-service', password: 'service-secret' };
const hashes = { secretHash: 'scrypt$x', mosquittoHash: '$7$101$c2FsdA==$aGFzaA==' };
const tasmota = (id: string, topic: string, protocol: 'tasmota' | 'esp-rfid' = 'tasmota'): StoredDevice => ({
  device: { id, kind: 'reader', site: 'quimper', protocol, door: 'entrance', topic, createdAt: new Date(0) },
  hashes,
  decisionKey: null,
  state: { online: false },
});

describe('npm run mosquitto-files', () => {
  it('writes one ACL block per device', async () => {
    const files = await mosquittoFiles([tasmota('door-1', 'door_1')], service, 'cantine');
    expect(files.acl).toContain('user door-1\ntopic write tele/door_1/#');
  });

  it('refuses a line Mosquitto would read differently, and writes nothing', async () => {
    // The newline would add `user other` + `topic readwrite #` to the ACL file (issue 11).
    const injected = tasmota('door-2', 'door_2\nuser other\ntopic readwrite #');
    await expect(mosquittoFiles([tasmota('door-1', 'door_1'), injected], service, 'cantine')).rejects.toThrow(/device "door-2": topic .*control character/);
    await expect(mosquittoFiles([tasmota('door-3', ' padded', 'esp-rfid')], service, 'cantine')).rejects.toThrow(/door-3.*blanks/);
    await expect(mosquittoFiles([], { ...service, username: 'a:b' }, 'cantine')).rejects.toThrow(/MQTT_USERNAME/);
  });

  it.each([
    ['ok', 'username', null],
    ['a\nb', 'topic', /control/],
    ['a\u2028b', 'topic', /control/],
    [' a', 'topic', /blanks/],
    ['a b', 'topic', null],
    ['a b', 'username', /blank/],
  ] as const)('unquotable(%j, %s)', (value, what, expected) => {
    const problem = unquotable(value, what);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });

  it('answers --help without reading the environment or the database', async () => {
    await expect(run(['--help'], { DATA_DIR: '/nonexistent', MQTT_URL: 'not a url' })).resolves.toMatch(/^usage: mosquitto-files --out DIR/);
    expect(() => parseArguments(['--out', 'a', '--dynsec', 'b'])).toThrow(/usage/);
    expect(parseArguments(['--dynsec', 'f.json'])).toEqual({ dynsec: 'f.json' });
  });

  it('refuses a data folder that holds no database, and creates nothing there', async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-mf-'));
    const missing = path.join(parent, 'dta');
    try {
      const env = { DATA_DIR: missing, MQTT_PASSWORD: 'service-secret' };
      await expect(run(['--out', path.join(parent, 'out')], env)).rejects.toThrow(/^DATA_DIR: no Cantine database in .*dta/);
      expect(fs.readdirSync(parent)).toEqual([]);
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });
});
