import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CredentialsStore, readCredentials, SEQ_BLOCK, SeqCounter } from './credentials.js';

describe('credentials file', () => {
  const dirs: string[] = [];
  const tempFile = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-cred-'));
    dirs.push(dir);
    return path.join(dir, 'nested', 'quimper.json');
  };
  afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  const openReader = (file: string) => {
    const store = CredentialsStore.open(file, 'quimper', 1);
    const record = store.device('entrance-reader') ?? store.upsertDevice({ id: 'entrance-reader', kind: 'reader', protocol: 'native', door: 'entrance', password: 's3cret' });
    return { store, counter: new SeqCounter(record, () => store.save()) };
  };

  it('round-trips, readable only by its owner', () => {
    const file = tempFile();
    const { store } = openReader(file);
    store.save();
    expect(readCredentials(file)?.devices[0]).toMatchObject({ id: 'entrance-reader', password: 's3cret' });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('never repeats a seq after a crash: the file holds a reservation ahead of use', () => {
    const file = tempFile();
    const first = openReader(file).counter;
    const sent = Array.from({ length: 5 }, () => first.take());
    expect(sent).toEqual([0, 1, 2, 3, 4]);
    // Killed without a clean stop: nothing but the reservation reached the disk.
    const restarted = openReader(file).counter;
    expect(restarted.take()).toBe(SEQ_BLOCK);
  });

  it('reserves the next block before crossing the reservation', () => {
    const file = tempFile();
    const { counter } = openReader(file);
    for (let index = 0; index <= SEQ_BLOCK; index++) counter.take();
    expect(readCredentials(file)?.devices[0]?.nextSeq).toBe(2 * SEQ_BLOCK);
    expect(openReader(file).counter.take()).toBe(2 * SEQ_BLOCK);
  });

  it('continues right after the last seq on a clean stop', () => {
    const file = tempFile();
    const { store, counter } = openReader(file);
    counter.take();
    counter.take();
    counter.release();
    store.save();
    expect(openReader(file).counter.take()).toBe(2);
  });

  it('refuses a file of another site', () => {
    const file = tempFile();
    openReader(file).store.save();
    expect(() => CredentialsStore.open(file, 'brest', 1)).toThrow(/site "quimper"/);
  });

  it('keeps the seq reservation when a device is provisioned again', () => {
    const store = CredentialsStore.open(undefined, 'quimper', 1);
    store.upsertDevice({ id: 'r', kind: 'reader', protocol: 'native', nextSeq: 3000, password: 'old' });
    store.upsertDevice({ id: 'r', kind: 'reader', protocol: 'native', password: 'new' });
    expect(store.device('r')).toMatchObject({ nextSeq: 3000, password: 'new' });
  });
});
