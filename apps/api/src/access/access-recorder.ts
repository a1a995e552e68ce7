// Everything that follows a door event off the decision path: the audit entry, the live feed,
// and the manager's alert for an alarm. One place, so badge decisions, unlocks, lockdowns and
// alarms are recorded alike.
import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { accessDecisionPoint } from '../analytics/series-schema.js';
import { BufferedTimeSeriesWriter } from '../infra/timeseries/index.js';
import { AccessFeed } from './access-feed.js';
import { toView, type AccessEntry } from './access.types.js';
import { AuditLog } from './audit-log.js';

@Injectable()
export class AccessRecorder {
  private readonly logger = new Logger('Access');

  constructor(
    private readonly audit: AuditLog,
    private readonly feed: AccessFeed,
    private readonly series: BufferedTimeSeriesWriter,
  ) {}

  /** `id` only for entries that must be written once whatever repeats them (offline uploads). */
  record(entry: Omit<AccessEntry, 'id'> & { id?: string }): AccessEntry {
    const full: AccessEntry = { ...entry, id: entry.id ?? randomUUID() };
    this.audit.record(full);
    // Counts for the charts: door, outcome and reason only, never who (docs/timeseries.md).
    if (full.kind === 'badge' && full.door && full.granted !== undefined) {
      this.series.write(
        accessDecisionPoint({ site: full.site, door: full.door, granted: full.granted, reason: full.reason, at: new Date(full.at) }),
      );
    }
    const view = toView(full);
    this.feed.emit('access', view);
    if (full.kind === 'alarm') {
      this.logger.warn(`Alarm at ${full.site}${full.door ? `/${full.door}` : ''}${full.reader ? ` (reader ${full.reader})` : ''}: ${full.reason}${full.detail ? ` — ${full.detail}` : ''}`);
      this.feed.emit('alarm', view);
    }
    return full;
  }
}
