import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '../infra/http/openapi-decorators.js';
import {
  DenialsReportSchema, ForecastReportSchema, HeatmapReportSchema, OccupancySeriesSchema, PeaksReportSchema, StaysReportSchema,
  TodayReportSchema, UtilisationReportSchema, type DenialsBody, type ForecastBody, type HeatmapBody, type OccupancySeriesBody,
  type PeaksBody, type StaysBody, type TodayBody, type UtilisationBody, IdParam,
} from '#protocol';
import { Responds } from '../infra/http/responds.js';
import { ZodPipe } from '../infra/http/zod-body.pipe.js';
import {
  HeatmapQuerySchema,
  OccupancyQuerySchema,
  PeaksQuerySchema,
  PeriodQuerySchema,
  type HeatmapQuery,
  type OccupancyQuery,
  type PeaksQuery,
  type PeriodQuery,
} from './analytics-params.js';
import { AnalyticsService } from './analytics.service.js';

/** Signed-in accounts (roles per route: auth/route-roles.ts): counts carry no personal data, but they describe how the place is used. See docs/timeseries.md. */
@ApiTags('analytics')
@Controller('api/sites')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get(':site/occupancy')
  @ApiOperation({ summary: 'Occupied desks and headcount over time: ?from&to (ISO, default today) &every=1m|5m|15m|1h|1d' })
  @Responds(200, OccupancySeriesSchema)
  occupancy(@Param('site', new ZodPipe(IdParam)) site: string, @Query(new ZodPipe(OccupancyQuerySchema)) query: OccupancyQuery): Promise<OccupancySeriesBody> {
    return this.analytics.occupancy(site, query);
  }

  @Get(':site/analytics/today')
  @ApiOperation({ summary: 'Today hour by hour against the typical day (median of the same weekday over 8 weeks)' })
  @Responds(200, TodayReportSchema)
  today(@Param('site', new ZodPipe(IdParam)) site: string): Promise<TodayBody> {
    return this.analytics.today(site);
  }

  @Get(':site/analytics/heatmap')
  @ApiOperation({ summary: 'Mean occupied desks (or ratio) per weekday and hour over ?weeks=8 (&unit=desks|ratio)' })
  @Responds(200, HeatmapReportSchema)
  heatmap(@Param('site', new ZodPipe(IdParam)) site: string, @Query(new ZodPipe(HeatmapQuerySchema)) query: HeatmapQuery): Promise<HeatmapBody> {
    return this.analytics.heatmap(site, query);
  }

  @Get(':site/analytics/utilisation')
  @ApiOperation({ summary: 'Share of opening hours each desk was occupied, ?from&to (default the last 30 days)' })
  @Responds(200, UtilisationReportSchema)
  utilisation(@Param('site', new ZodPipe(IdParam)) site: string, @Query(new ZodPipe(PeriodQuerySchema)) query: PeriodQuery): Promise<UtilisationBody> {
    return this.analytics.utilisation(site, query);
  }

  @Get(':site/analytics/peaks')
  @ApiOperation({ summary: 'Most desks occupied at once, and when, for each of the last ?days=30 days' })
  @Responds(200, PeaksReportSchema)
  peaks(@Param('site', new ZodPipe(IdParam)) site: string, @Query(new ZodPipe(PeaksQuerySchema)) query: PeaksQuery): Promise<PeaksBody> {
    return this.analytics.peaks(site, query);
  }

  @Get(':site/analytics/stays')
  @ApiOperation({ summary: 'Average, median and longest desk stay, ?from&to (default the last 30 days)' })
  @Responds(200, StaysReportSchema)
  stays(@Param('site', new ZodPipe(IdParam)) site: string, @Query(new ZodPipe(PeriodQuerySchema)) query: PeriodQuery): Promise<StaysBody> {
    return this.analytics.stays(site, query);
  }

  @Get(':site/analytics/denials')
  @ApiOperation({ summary: 'Denied badge-ins by reason, ?from&to (default the last 30 days)' })
  @Responds(200, DenialsReportSchema)
  denials(@Param('site', new ZodPipe(IdParam)) site: string, @Query(new ZodPipe(PeriodQuerySchema)) query: PeriodQuery): Promise<DenialsBody> {
    return this.analytics.denials(site, query);
  }

  @Get(':site/analytics/forecast')
  @ApiOperation({ summary: 'Free seats forecast for the rest of today, hour by hour' })
  @Responds(200, ForecastReportSchema)
  forecast(@Param('site', new ZodPipe(IdParam)) site: string): Promise<ForecastBody> {
    return this.analytics.forecast(site);
  }
}
