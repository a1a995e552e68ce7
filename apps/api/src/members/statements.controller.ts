import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '../infra/http/openapi-decorators.js';
import type { Response } from 'express';
import { z } from 'zod';
import { isMonthClosed, lastDayOfMonth, localTime, monthlyStatement, statementsToCsv, type MonthlyStatement } from '#domain';
import { Clock } from '../infra/clock.js';
import { Responds } from '../infra/http/responds.js';
import { ZodPipe } from '../infra/http/zod-body.pipe.js';
import { MonthlyStatementSchema, MonthQuerySchema, StatementsQuerySchema, TariffsSchema, type MonthlyStatementBody, type StatementsQuery, type TariffsBody, RecordIdParam } from '#protocol';
import { MemberDirectory } from './member-directory.js';
import { MembersService } from './members.service.js';
import { TariffsService } from './tariffs.service.js';

@ApiTags('statements')
@Controller('api')
export class StatementsController {
  constructor(
    private readonly tariffs: TariffsService,
    private readonly members: MembersService,
    private readonly directory: MemberDirectory,
    private readonly clock: Clock,
  ) {}

  /** Public: prices carry no personal data (integer euro cents). */
  @Get('tariffs')
  @ApiOperation({ summary: 'Prices in euro cents: domain defaults or config/tariffs.json' })
  @Responds(200, TariffsSchema)
  current(): TariffsBody {
    return this.tariffs.current();
  }

  @Get('members/:id/statement')
  @ApiOperation({ summary: "A member's statement for ?month=YYYY-MM: passes sold that month at their sale price, subscription periods starting in it, and corrections and refunds made in it; `closed` once the month is over (it never changes again)" })
  @Responds(200, MonthlyStatementSchema)
  member(@Param('id', new ZodPipe(RecordIdParam)) id: string, @Query(new ZodPipe(MonthQuerySchema)) query: { month: string }): MonthlyStatementBody {
    this.members.get(id);
    return this.statementOf(id, query.month);
  }

  @Get('statements')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'The statement of every member who had joined by the end of ?month=YYYY-MM, as JSON or &format=csv (attachment; &layout=lines for one row per line). A closed month never changes, but for the names of members erased since' })
  @Responds(200, z.array(MonthlyStatementSchema).describe('Relevés du mois (JSON ; &format=csv : un fichier CSV en pièce jointe)'))
  all(
    @Query(new ZodPipe(StatementsQuerySchema)) query: StatementsQuery,
    @Res({ passthrough: true }) response: Response,
  ): MonthlyStatementBody[] | string {
    // A member who joined after the month is not in it: a closed month's list never grows.
    const timezone = this.members.defaultSite().timezone;
    const monthEnd = lastDayOfMonth(query.month);
    const members = this.directory
      .allMembers()
      .filter((member) => localTime(member.createdAt, timezone).date <= monthEnd)
      // The order the database reloads them in, so a restart does not reorder a closed month.
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const statements = members.map((member) => this.statementOf(member.id, query.month));
    if (query.format === 'json') return statements;
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="cantine-releves-${query.month}.csv"`);
    return statementsToCsv(statements, query.layout);
  }

  private statementOf(memberId: string, month: string): MonthlyStatement {
    const member = this.directory.member(memberId)!;
    const today = localTime(this.clock.now(), this.members.defaultSite().timezone).date;
    return {
      ...monthlyStatement(member, this.directory.passesOf(memberId), month, this.tariffs.current()),
      closed: isMonthClosed(month, today),
    };
  }
}
