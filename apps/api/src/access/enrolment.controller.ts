import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '../infra/http/openapi-decorators.js';
import { ZodPipe } from '../infra/http/zod-body.pipe.js';
import { EnrolmentArmSchema, EnrolmentStateSchema, type EnrolmentArmDto, IdParam } from '#protocol';
import { Responds } from '../infra/http/responds.js';
import { Enrolments, type EnrolmentState } from './enrolments.js';

/** Signed-in accounts (roles per route: auth/route-roles.ts): enrolment mode gives the next badge presented at a reader to a member. */
@ApiTags('access')
@Controller('api/readers/:site/:reader/enrolment')
export class EnrolmentController {
  constructor(private readonly enrolments: Enrolments) {}

  @Post()
  @ApiOperation({ summary: 'Arms the reader for ~60 s: its next badge becomes the member\'s (no door opens)' })
  @Responds(201, EnrolmentStateSchema)
  arm(@Param('site', new ZodPipe(IdParam)) site: string, @Param('reader', new ZodPipe(IdParam)) reader: string, @Body(new ZodPipe(EnrolmentArmSchema)) body: EnrolmentArmDto): EnrolmentState {
    return this.enrolments.arm(site, reader, body.memberId, body.seconds);
  }

  @Get()
  @ApiOperation({ summary: 'Whether the reader is armed, and the outcome of its last enrolment' })
  @Responds(200, EnrolmentStateSchema)
  state(@Param('site', new ZodPipe(IdParam)) site: string, @Param('reader', new ZodPipe(IdParam)) reader: string): EnrolmentState {
    return this.enrolments.state(site, reader);
  }

  @Delete()
  @ApiOperation({ summary: 'Disarms the reader' })
  @Responds(200, EnrolmentStateSchema)
  disarm(@Param('site', new ZodPipe(IdParam)) site: string, @Param('reader', new ZodPipe(IdParam)) reader: string): EnrolmentState {
    return this.enrolments.disarm(site, reader);
  }
}
