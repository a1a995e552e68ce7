// Loads the site, picks the period, runs a report; store failures become 503, not 500. "Now" is the
// service's Clock, so a test can set the hour a report is drawn at.
import { HttpException, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { Clock } from '../infra/clock.js';
import { TimeSeriesRejectedError, TimeSeriesStore } from '../infra/timeseries/index.js';
import { SitesService } from '../sites/sites.service.js';
import {
  badRequest,
  resolveOccupancyQuery,
  resolvePeriod,
  type HeatmapQuery,
  type OccupancyQuery,
  type PeaksQuery,
  type PeriodQuery,
} from './analytics-params.js';
import { defaultPeriod, denialsReport, peaksReport, staysReport, utilisationReport } from './history-reports.js';
import { occupancySeries } from './occupancy-report.js';
import { TypicalDays } from './typical-days.js';
import { DEFAULT_WEEKS, forecastReport, heatmapReport, todayReport } from './typical-reports.js';

@Injectable()
export class AnalyticsService {
  /** Today's and the forecast's typical day, computed once per site and day (typical-days.ts). */
  private readonly typicalDays = new TypicalDays();
  private readonly logger = new Logger('Analytics');

  constructor(
    private readonly store: TimeSeriesStore,
    private readonly sites: SitesService,
    private readonly clock: Clock,
  ) {}

  occupancy(siteId: string, query: OccupancyQuery, now = this.clock.now()) {
    const site = this.sites.get(siteId);
    const { from, to, every } = resolveOccupancyQuery(query, site, now);
    return this.guard(occupancySeries(this.store, site, from, to, every, now));
  }

  today(siteId: string, now = this.clock.now()) {
    return this.guard(todayReport(this.store, this.sites.get(siteId), now, DEFAULT_WEEKS, this.typicalDays));
  }

  heatmap(siteId: string, query: HeatmapQuery, now = this.clock.now()) {
    return this.guard(heatmapReport(this.store, this.sites.get(siteId), now, query.weeks, query.unit));
  }

  utilisation(siteId: string, query: PeriodQuery, now = this.clock.now()) {
    const site = this.sites.get(siteId);
    return this.guard(utilisationReport(this.store, site, resolvePeriod(query, site, defaultPeriod(site, now))));
  }

  peaks(siteId: string, query: PeaksQuery, now = this.clock.now()) {
    return this.guard(peaksReport(this.store, this.sites.get(siteId), now, query.days));
  }

  stays(siteId: string, query: PeriodQuery, now = this.clock.now()) {
    const site = this.sites.get(siteId);
    return this.guard(staysReport(this.store, site, resolvePeriod(query, site, defaultPeriod(site, now))));
  }

  denials(siteId: string, query: PeriodQuery, now = this.clock.now()) {
    const site = this.sites.get(siteId);
    return this.guard(denialsReport(this.store, site, resolvePeriod(query, site, defaultPeriod(site, now))));
  }

  async forecast(siteId: string, now = this.clock.now()) {
    const site = this.sites.get(siteId);
    return this.guard(forecastReport(this.store, site, now, await this.sites.seats(siteId), this.typicalDays));
  }

  private async guard<T>(report: Promise<T>): Promise<T> {
    try {
      return await report;
    } catch (error) {
      // A 400 is not logged by the error filter: the store's own (English) reason is kept here.
      if (error instanceof TimeSeriesRejectedError) this.logger.warn(`A report's read was refused by the time-series store: ${error.message}`);
      throw storeFailure(error);
    }
  }
}

/** What the client reads when a report's read fails: French, as every other refusal. */
export function storeFailure(error: unknown): HttpException {
  if (error instanceof HttpException) return error;
  if (error instanceof TimeSeriesRejectedError) return badRequest('from', 'la base de séries temporelles refuse de lire cette période : choisissez-en une plus courte');
  return new ServiceUnavailableException('La base de séries temporelles n’a pas répondu : réessayez dans un instant', { cause: error });
}
