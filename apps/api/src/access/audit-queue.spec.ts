import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccessEntry } from './access.types.js';
import { AuditQueue } from './audit-queue.js';

const dirs: string[] = [];
function queueFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-queue-'));
  dirs.push(dir);
  return path.join(dir, 'data', 'access-log-queue.jsonl');
}
const entry = (n: number): AccessEntry => ({ id: `id-${n}`, kind: 'badge', site: 'quimper', granted: false, reason: 'unknown-badge', at: '2026-03-02T09:00:00.000Z' });

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the on-disk audit queue', () => {
  it('appends batches as JSON lines and reads them back in order, also from a new instance', async () => {
    const file = queueFile();
    const queue = new AuditQueue(file, { maxEntries: 100, maxBytes: 1_000_000 });
    await queue.append([entry(1), entry(2)]);
    await queue.append([entry(3)]);
    expect(queue.size).toBe(3);
    expect(fs.readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(3);
    const reopened = new AuditQueue(file, { maxEntries: 100, maxBytes: 1_000_000 });
    expect(reopened.size).toBe(3);
    expect(reopened.readAll().map((e) => e.id)).toEqual(['id-1', 'id-2', 'id-3']);
  });

  it('drops and counts what exceeds the entry bound', async () => {
    const queue = new AuditQueue(queueFile(), { maxEntries: 3, maxBytes: 1_000_000 });
    expect(await queue.append([entry(1), entry(2)])).toBe(0);
    expect(await queue.append([entry(3), entry(4), entry(5)])).toBe(2);
    expect(queue.size).toBe(3);
    expect(queue.dropped).toBe(2);
    expect(queue.readAll().map((e) => e.id)).toEqual(['id-1', 'id-2', 'id-3']);
  });

  it('keeps an entry that took a day past the bound: dropped, the day could be taken twice', async () => {
    const queue = new AuditQueue(queueFile(), { maxEntries: 1, maxBytes: 1_000_000 });
    const took: AccessEntry = { ...entry(3), granted: true, reason: 'carnet', take: { passId: 'p1', date: '2026-03-02' } };
    expect(await queue.append([entry(1), entry(2), took, entry(4)])).toBe(2);
    expect(queue.readAll().map((e) => e.id)).toEqual(['id-1', 'id-3']);
  });

  it('drops and counts what exceeds the byte bound', async () => {
    const line = Buffer.byteLength(`${JSON.stringify(entry(1))}\n`);
    const queue = new AuditQueue(queueFile(), { maxEntries: 100, maxBytes: line * 2 + 1 });
    expect(await queue.append([entry(1), entry(2), entry(3)])).toBe(1);
    expect(queue.size).toBe(2);
  });

  it('skips a line torn by a crash mid-write, counting it', async () => {
    const file = queueFile();
    const queue = new AuditQueue(file, { maxEntries: 100, maxBytes: 1_000_000 });
    await queue.append([entry(1)]);
    fs.appendFileSync(file, '{"id":"id-2","kind":"bad');
    expect(queue.readAll().map((e) => e.id)).toEqual(['id-1']);
    expect(queue.unreadable).toBe(1);
  });

  it('is empty after clear', async () => {
    const file = queueFile();
    const queue = new AuditQueue(file, { maxEntries: 100, maxBytes: 1_000_000 });
    await queue.append([entry(1)]);
    await queue.clear();
    expect(queue.size).toBe(0);
    expect(queue.readAll()).toEqual([]);
    expect(fs.statSync(file).size).toBe(0);
  });
});
