// Tunables of access control, with the defaults the issue fixes. One instance per service; tests
// shorten the timings through `app.get(AccessSettings)` before driving events.
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../infra/config/app-config.js';

@Injectable()
export class AccessSettings {
  /** More than this many different unknown badges on one reader within `rateWindowMs` slow it down for `rateBlockMs`. */
  rateLimitUnknown = 5;
  rateWindowMs = 60_000;
  rateBlockMs = 120_000;
  /** The same unknown card more than this many times within `rateWindowMs` is blocked at that reader for `rateBlockMs`. */
  cardRepeatLimit = 3;
  /** A slowed reader decides at most one badge-in per this interval; the others answer `rate-limited`. */
  slowIntervalMs = 2_000;
  /** A door open longer than this raises `held-open`. */
  heldOpenMs = 60_000;
  /** A door forced open again within this window after its alarm is counted, not raised again. */
  forcedOpenRepeatMs: number;
  /** Slack after a grant's unlock window before an opening counts as forced (contacts bounce, clocks lag). */
  forcedOpenGraceMs = 1_000;
  /** A repeated (reader, seq) for the same UID within this time is a duplicate delivery. */
  duplicateWindowMs = 10 * 60_000;
  /** The audit log is written at least this often, and at once when a day was taken. */
  flushIntervalMs = 200;
  flushBatch = 500;
  /** A database write slower than this counts as failed: its batch goes to the on-disk queue. */
  writeTimeoutMs = 5_000;
  /** While the database is down, how often the on-disk queue tries to replay. */
  replayIntervalMs = 2_000;
  queueMaxEntries = 100_000;
  queueMaxBytes = 50 * 1024 * 1024;
  /** Offline uploads older than this are not believed: a reader's list lasts 24 h, its queue is bounded. */
  offlineUploadMaxAgeMs = 7 * 24 * 3_600_000;
  retentionDays: number;
  purgeEveryMs = 24 * 3_600_000;

  constructor(config: AppConfig) {
    this.retentionDays = config.accessLogRetentionDays;
    this.forcedOpenRepeatMs = config.doorAlarmRepeatMs ?? 60_000;
  }
}
