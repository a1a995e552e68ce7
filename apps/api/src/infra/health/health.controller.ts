import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '../http/openapi-decorators.js';
import type { Response } from 'express';
import { HealthReportSchema, type HealthReportBody } from '#protocol';
import { Responds } from '../http/responds.js';
import { HealthService } from './health.service.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOperation({ summary: 'Database, broker and time-series store checks; 503 naming the one that is down' })
  @Responds(200, HealthReportSchema)
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthReportBody> {
    const report = await this.health.check();
    response.status(report.status === 'ok' ? 200 : 503);
    return report;
  }
}
