import { describe, expect, it } from 'vitest';
import { judgeOfflineUpload, type OfflineUploadFacts } from './offline-upload.js';

const receivedAt = new Date('2026-03-02T10:00:00Z');
const honest: OfflineUploadFacts = {
  at: new Date('2026-03-02T08:30:00Z'),
  receivedAt,
  granted: true,
  timeZone: 'Europe/Paris',
  provisionedAt: new Date('2026-01-15T00:00:00Z'),
  readerOnline: false,
  listed: () => true,
  maxAgeMs: 7 * 86_400_000,
  toleranceMs: 2000,
};

describe('rule 9: an offline upload is believed only when the service can vouch for it', () => {
  it('believes a grant from a reader it was not hearing, for a listed card, in an open month', () => {
    expect(judgeOfflineUpload(honest)).toEqual({ ok: true });
    expect(judgeOfflineUpload({ ...honest, readerOnline: undefined })).toEqual({ ok: true });
  });

  it.each<[string, Partial<OfflineUploadFacts>, string]>([
    ['a time after the upload', { at: new Date(receivedAt.getTime() + 60_000) }, 'future'],
    ['a date in 2019', { at: new Date('2019-06-03T09:00:00Z') }, 'too-old'],
    ['more than the bound ago', { at: new Date(receivedAt.getTime() - 8 * 86_400_000) }, 'too-old'],
    ['before the reader existed', { at: new Date('2026-03-02T08:30:00Z'), provisionedAt: new Date('2026-03-02T09:00:00Z') }, 'before-provisioning'],
    ['a month already closed', { at: new Date('2026-02-27T16:00:00Z') }, 'closed-month'],
    ['a time the service was hearing the reader', { readerOnline: true }, 'reader-online'],
    ['a card its list did not hold', { listed: () => false }, 'not-in-allow-list'],
  ])('refuses %s', (_case, change, reason) => {
    expect(judgeOfflineUpload({ ...honest, ...change })).toEqual({ ok: false, reason });
  });

  // The reader's clock may differ from the service's by toleranceMs (2 s here): a second ahead or
  // a second before provisioning is believed; the age bound is inclusive.
  it.each<[string, Partial<OfflineUploadFacts>]>([
    ['one second ahead of the service', { at: new Date(receivedAt.getTime() + 1000) }],
    ['exactly the tolerance ahead', { at: new Date(receivedAt.getTime() + 2000) }],
    ['exactly the bound ago (within March)', { receivedAt: new Date('2026-03-20T10:00:00Z'), at: new Date('2026-03-13T10:00:00Z') }],
    ['one second before provisioning', { provisionedAt: new Date(honest.at.getTime() + 1000) }],
    ['exactly the tolerance before provisioning', { provisionedAt: new Date(honest.at.getTime() + 2000) }],
  ])('believes a time %s', (_case, change) => {
    expect(judgeOfflineUpload({ ...honest, ...change })).toEqual({ ok: true });
  });

  it.each<[string, Partial<OfflineUploadFacts>, string]>([
    ['just past the tolerance ahead', { at: new Date(receivedAt.getTime() + 2001) }, 'future'],
    ['just past the bound ago', { receivedAt: new Date('2026-03-20T10:00:00Z'), at: new Date('2026-03-13T09:59:59.999Z') }, 'too-old'],
    ['just past the tolerance before provisioning', { provisionedAt: new Date(honest.at.getTime() + 2001) }, 'before-provisioning'],
  ])('refuses a time %s', (_case, change, reason) => {
    expect(judgeOfflineUpload({ ...honest, ...change })).toEqual({ ok: false, reason });
  });

  it('does not ask the list about a denial (nothing to take), but still checks the time', () => {
    expect(judgeOfflineUpload({ ...honest, granted: false, listed: () => false })).toEqual({ ok: true });
    expect(judgeOfflineUpload({ ...honest, granted: false, at: new Date('2019-06-03T09:00:00Z') })).toEqual({ ok: false, reason: 'too-old' });
  });
});
