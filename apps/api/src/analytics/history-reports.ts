// Reports over a period of desk changes and badge decisions: utilisation, peaks, stays, denials.
import {
  averageStay,
  dailyPeaks,
  denialsByReason,
  deskUtilisation,
  openingIntervals,
  peakDays,
  utilisationOfBusyTime,
  type DailyPeak,
  type DeskUtilisation,
  type StaySummary,
} from '#domain';
import type { DenialsBody, PeaksBody, StaysBody, UtilisationBody } from '#protocol';
import type { TimeSeriesStore } from '../infra/timeseries/index.js';
import type { Site } from '../sites/site.types.js';
import { readDecisionCounts, readDeskChanges, summarizeDeskStays } from './analytics-series.js';
import { round, startOfLocalDay } from './report-format.js';

export interface Period {
  from: Date;
  to: Date;
}

const period = (p: Period) => ({ from: p.from.toISOString(), to: p.to.toISOString() });

export async function utilisationReport(store: TimeSeriesStore, site: Site, p: Period): Promise<UtilisationBody> {
  const rows = await utilisation(store, site, p);
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

/** The last `days` local days, today included (up to now). */
export async function peaksReport(store: TimeSeriesStore, site: Site, now: Date, days: number): Promise<PeaksBody> {
  const from = startOfLocalDay(now, site.timezone, -(days - 1));
  const peaks = await dailyPeaksOf(store, site, { from, to: now });
  return { site: site.id, days: peaks.map((p) => ({ date: p.date, occupied: p.occupied, at: p.at?.toISOString() ?? null })) };
}

export async function staysReport(store: TimeSeriesStore, site: Site, p: Period): Promise<StaysBody> {
  const summary = await stays(store, site, p);
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

// Each figure below comes from the store's own summary of the desks' stays (both adapters, off the
// event loop); an adapter without one falls back on the raw changes and the domain rule, which
// is also the reference the summaries are tested against (analytics-aggregation.spec.ts).

async function utilisation(store: TimeSeriesStore, site: Site, p: Period): Promise<DeskUtilisation[]> {
  const desks = site.desks.map((d) => d.id);
  const opening = openingIntervals(p.from, p.to, site);
  const summary = await summarizeDeskStays(store, site.id, p.from, p.to, { kind: 'overlap', windows: opening.map((i) => [i.start, i.end]) });
  if (summary) return utilisationOfBusyTime(desks, new Map(summary.bySeries.map((s) => [s.series, s.ms])), opening);
  return deskUtilisation({ changes: await readDeskChanges(store, site.id, p.from, p.to), from: p.from, to: p.to, site, desks });
}

async function dailyPeaksOf(store: TimeSeriesStore, site: Site, p: Period): Promise<DailyPeak[]> {
  const days = peakDays(p.from, p.to, site.timezone);
  const summary = await summarizeDeskStays(store, site.id, p.from, p.to, { kind: 'peaks', windows: days.map((d) => [d.start, d.end]) });
  if (summary) return days.map((d, i) => ({
    date: d.date,
    occupied: summary.windows[i]!.count,
    at: summary.windows[i]!.at === null ? null : new Date(summary.windows[i]!.at!),
  }));
  return dailyPeaks({ changes: await readDeskChanges(store, site.id, p.from, p.to), from: p.from, to: p.to, timeZone: site.timezone });
}

async function stays(store: TimeSeriesStore, site: Site, p: Period): Promise<StaySummary> {
  const summary = await summarizeDeskStays(store, site.id, p.from, p.to, { kind: 'durations' });
  if (!summary) return averageStay({ changes: await readDeskChanges(store, site.id, p.from, p.to), from: p.from, to: p.to });
  const minutes = (ms: number | null) => (ms === null ? null : ms / 60_000);
  return {
    stays: summary.count,
    ongoing: summary.ongoing,
    averageMinutes: minutes(summary.meanMs),
    medianMinutes: minutes(summary.medianMs),
    longestMinutes: minutes(summary.maxMs),
  };
}

/** Default period of the history reports: the last 30 local days up to now. */
export function defaultPeriod(site: Site, now: Date): Period {
  return { from: startOfLocalDay(now, site.timezone, -30), to: now };
}
