// Rule 9: is a badge-in a reader says it decided alone (offline) believable? The door already did
// what it did; this only says whether the upload may be believed, and so take a day and be
// billed. A reader's word is not enough: a compromised reader could otherwise make up grants at
// any time, for any card, into months already billed. Every condition is a fact the service
// knows by itself.
import { isClosedAt } from './statement-month.js';

export interface OfflineUploadFacts {
  /** When the reader says the badge-in happened (its `ts`). */
  at: Date;
  /** When the upload reached the service (its clock). */
  receivedAt: Date;
  /** Whether the reader says it opened. */
  granted: boolean;
  /** The site's zone: statement months are local. */
  timeZone: string;
  /** When the reader was provisioned: it decided nothing before. */
  provisionedAt: Date;
  /** Whether the service was hearing the reader at `at` (then it was not offline); undefined when it cannot tell. */
  readerOnline: boolean | undefined;
  /** Whether the allow-list the reader held at `at` let this card in then (asked only for a grant). */
  listed: () => boolean;
  /** The oldest upload believed, e.g. a week: a reader's queue is bounded, its list lasts 24 h. */
  maxAgeMs: number;
  /** Clock difference tolerated between reader and service. */
  toleranceMs: number;
}

export type OfflineUploadRefusal = 'future' | 'too-old' | 'before-provisioning' | 'closed-month' | 'reader-online' | 'not-in-allow-list';
export type OfflineUploadVerdict = { ok: true } | { ok: false; reason: OfflineUploadRefusal };

export function judgeOfflineUpload(facts: OfflineUploadFacts): OfflineUploadVerdict {
  const at = facts.at.getTime();
  const received = facts.receivedAt.getTime();
  const refuse = (reason: OfflineUploadRefusal): OfflineUploadVerdict => ({ ok: false, reason });
  if (at > received + facts.toleranceMs) return refuse('future');
  if (received - at > facts.maxAgeMs) return refuse('too-old');
  if (at < facts.provisionedAt.getTime() - facts.toleranceMs) return refuse('before-provisioning');
  if (isClosedAt(facts.at, facts.receivedAt, facts.timeZone)) return refuse('closed-month');
  if (facts.readerOnline === true) return refuse('reader-online');
  if (facts.granted && !facts.listed()) return refuse('not-in-allow-list');
  return { ok: true };
}
