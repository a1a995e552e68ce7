// The journal's CSV as the dashboard writes it (issue #14: its formula defusing had no test).
import { describe, expect, it } from 'vitest';
import { Formats } from '../dom.js';
import { fr } from '../i18n.js';
import type { AccessEvent } from '../types.js';
import type { Context } from '../view.js';
import { journalCsv, JOURNAL_CSV_HEADER } from './journal.js';

const context = { text: fr, formats: new Formats('fr-FR', 'Europe/Paris') } as unknown as Context;
const entry = (overrides: Partial<AccessEvent>): AccessEvent => ({
  id: 'e1',
  kind: 'badge',
  time: '2026-03-02T09:00:00.000Z',
  site: 'quimper',
  door: 'entrance',
  reader: 'reader-entrance',
  uid: '04A224B2C31F80',
  member: { id: 'm1', name: 'Anne Le Goff' },
  granted: true,
  reason: 'day',
  detail: null,
  managerId: null,
  deviceTime: null,
  latencyMs: 0.4,
  ...overrides,
});
const lines = (csv: string) => csv.replace(/^\uFEFF/, '').split('\r\n');

describe('the journal CSV', () => {
  it('writes the header, the local time and the reason in words, in the French Excel dialect', () => {
    const csv = journalCsv(context, [entry({})]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(lines(csv)).toEqual([
      JOURNAL_CSV_HEADER.join(';'),
      '2026-03-02T09:00:00.000Z;02/03/2026 10:00:00;badge;quimper;entrance;reader-entrance;04A224B2C31F80;m1;Anne Le Goff;oui;day;Journée;',
      '',
    ]);
  });

  it('defuses formulas a member name, a UID or a detail could carry, and quotes separators', () => {
    const csv = journalCsv(context, [
      entry({ member: { id: 'm9', name: '=HYPERLINK("http://x","clic")' }, uid: '@SUM(1)', granted: false, reason: 'outside-hours', detail: '\t+cmd;x' }),
      entry({ kind: 'alarm', member: null, uid: null, granted: null, reason: 'flood', detail: '-1+1' }),
    ]);
    const [, first, second] = lines(csv);
    expect(first).toContain(`;'@SUM(1);m9;"'=HYPERLINK(""http://x"",""clic"")";non;outside-hours;`);
    expect(first!.endsWith(`;"'\t+cmd;x"`)).toBe(true);
    expect(second).toContain(';;;flood;');
    expect(second!.endsWith(";'-1+1")).toBe(true);
  });
});
