// Erasure reaches the disk (docs/security.md, "Erasure"): right after it, and after a clean stop,
// no file of the data folder holds the member's name, e-mail or badge UID (free pages, WAL, queues).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, badgeIn, captureAnswers } from '../access/helpers.js';
import { json, managerHeaders, startTestCantine, type TestCantine } from '../support/app.js';

const traces = ['Maëlys Kerhervé-Quéméner', 'maelys.kerherve@example.org', '04C3D2E1F0A9B8'];

/** Every trace found in any file under `dir`, as UTF-8 (and the UID also as UTF-16, as SQLite may store text). */
function tracesIn(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const bytes = fs.readFileSync(path.join(entry.parentPath, entry.name));
    for (const trace of traces) if (bytes.includes(Buffer.from(trace)) || bytes.includes(Buffer.from(trace, 'utf16le'))) found.push(`${trace} in ${entry.name}`);
  }
  return found;
}

describe('erasure on disk', () => {
  let cantine: TestCantine;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-erase-'));
    cantine = await startTestCantine({ DATA_DIR: dataDir });
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('leaves no name, e-mail or UID in the data folder, while running and after a clean stop', async () => {
    const headers = await managerHeaders(cantine.baseUrl);
    const api = (url: string, init: RequestInit = {}) => fetch(`${cantine.baseUrl}${url}`, { headers, ...init });
    const answers = captureAnswers(cantine);
    const { id } = await json(await api('/api/members', { method: 'POST', body: JSON.stringify({ name: traces[0], email: traces[1], adherent: true }) }));
    expect((await api(`/api/members/${id}/badges`, { method: 'POST', body: JSON.stringify({ uid: traces[2] }) })).status).toBe(201);
    expect((await api(`/api/members/${id}/passes`, { method: 'POST', body: JSON.stringify({ type: 'carnet', credits: 10 }) })).status).toBe(201);
    for (const time of ['09:30', '10:30', '11:30']) expect(badgeIn(cantine, answers, { uid: traces[2], at: at(time) })).toMatchObject({ granted: true });
    await api(`/api/members/${id}/export`); // flushes the audit log to the database
    expect(tracesIn(dataDir).length).toBeGreaterThan(0); // the search finds them before

    expect((await api(`/api/members/${id}`, { method: 'DELETE' })).status).toBe(200);
    expect(tracesIn(dataDir)).toEqual([]);
    await cantine.close();
    expect(tracesIn(dataDir)).toEqual([]);
  });
});
