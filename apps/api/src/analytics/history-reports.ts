// Reports over a period of desk changes and badge decisions: utilisation, peaks, stays, denials.
import { averageStay, dailyPeaks, denialsByReason, deskUtilisation, type DenialsSummary } from '#domain';
import type { TimeSeriesStore } from '../infra/timeseries/index.js';
import type { Site } from '../sites/site.types.js';
import { readDecisionCounts, readDeskChanges } from './analytics-series.js';
import { round, startOfLocalDay } from './report-format.js';

export interface Period {
  from: Date;
  to: Date;
}

const period = (p: Period) => ({ from: p.from.toISOString(), to: p.to.toISOString() });

export interface UtilisationBody {
  site: string;
  from: string;
  to: string;
  openMinutes: number;
  desks: Array<{ desk: string; zone: string; label: string; occupiedMinutes: number; ratio: number | null }>;
}

export async function utilisationReport(store: TimeSeriesStore, site: Site, p: Period): Promise<UtilisationBody> {
  const changes = await readDeskChanges(store, site.id, p.from, p.to);
  const rows = deskUtilisation({ changes, from: p.from, to: p.to, site, desks: site.desks.map((d) => d.id) });
  return {
    site: site.id,
    ...period(p),
    openMinutes: rows[0]?.openMinutes ?? 0,
    desks: rows.map((row, i) => ({
      desk: row.desk,
      zone: site.desks[i]!.zone,
      label: site.desks[i]!.label,
      occupiedMinutes: round(row.occupiedMinutes, 1)!,
      ratio: round(row.ratio, 3),
    })),
  };
}

export interface PeaksBody {
  site: string;
  days: Array<{ date: string; occupied: number; at: string | null }>;
}

/** The last `days` local days, today included (up to now). */
export async function peaksReport(store: TimeSeriesStore, site: Site, now: Date, days: number): Promise<PeaksBody> {
  const from = startOfLocalDay(now, site.timezone, -(days - 1));
  const changes = await readDeskChanges(store, site.id, from, now);
  const peaks = dailyPeaks({ changes, from, to: now, timeZone: site.timezone });
  return { site: site.id, days: peaks.map((p) => ({ date: p.date, occupied: p.occupied, at: p.at?.toISOString() ?? null })) };
}

export interface StaysBody {
  site: string;
  from: string;
  to: string;
  stays: number;
  ongoing: number;
  averageMinutes: number | null;
  medianMinutes: number | null;
  longestMinutes: number | null;
}

export async function staysReport(store: TimeSeriesStore, site: Site, p: Period): Promise<StaysBody> {
  const changes = await readDeskChanges(store, site.id, p.from, p.to);
  const summary = averageStay({ changes, from: p.from, to: p.to });
  return {
    site: site.id,
    ...period(p),
    stays: summary.stays,
    ongoing: summary.ongoing,
    averageMinutes: round(summary.averageMinutes, 1),
    medianMinutes: round(summary.medianMinutes, 1),
    longestMinutes: round(summary.longestMinutes, 1),
  };
}

export type DenialsBody = { site: string; from: string; to: string } & DenialsSummary;

export async function denialsReport(store: TimeSeriesStore, site: Site, p: Period): Promise<DenialsBody> {
  const summary = denialsByReason(await readDecisionCounts(store, site.id, p.from, p.to));
  return {
    site: site.id,
    ...period(p),
    ...summary,
    denialRate: round(summary.denialRate, 3),
    reasons: summary.reasons.map((r) => ({ ...r, share: round(r.share, 3)! })),
  };
}

/** Default period of the history reports: the last 30 local days up to now. */
export function defaultPeriod(site: Site, now: Date): Period {
  return { from: startOfLocalDay(now, site.timezone, -30), to: now };
}
