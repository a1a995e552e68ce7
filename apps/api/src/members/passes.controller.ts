import { Body, Controller, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '../infra/http/openapi-decorators.js';
import { summarisePass, type Pass } from '#domain';
import type { ManagerRequest } from '../auth/manager.guard.js';
import { Clock } from '../infra/clock.js';
import { Responds } from '../infra/http/responds.js';
import { ZodPipe } from '../infra/http/zod-body.pipe.js';
import { PassCancelSchema, type PassCancelDto, PassEndSchema, type PassEndDto, PassPatchSchema, type PassPatchDto, PassViewSchema, RecordIdParam } from '#protocol';
import { MembersService, passView, type PassView } from './members.service.js';
import { PassLifecycleService } from './pass-lifecycle.service.js';

/** Contract §7, managers only (auth/route-roles.ts): each change is audited (who, when, before/after) and billed in the month it is made. */
@ApiTags('members')
@Controller('api/passes')
export class PassesController {
  constructor(
    private readonly lifecycle: PassLifecycleService,
    private readonly members: MembersService,
    private readonly clock: Clock,
  ) {}

  @Patch(':id')
  @ApiOperation({ summary: 'Corrects the dates or credits of a pass (local dates; an event: ISO times). 400 naming the field, 404, 409 if cancelled' })
  @Responds(200, PassViewSchema)
  async correct(@Param('id', new ZodPipe(RecordIdParam)) id: string, @Body(new ZodPipe(PassPatchSchema)) body: PassPatchDto, @Req() request: ManagerRequest): Promise<PassView> {
    return this.view(await this.lifecycle.correct(id, body, request.manager!.managerId));
  }

  @Post(':id/end')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ends a pass: valid up to and including that day, not billed after it (a subscription\'s last period whole or pro rata, per tariffs.json). 409 if it already ends by then or is cancelled' })
  @Responds(200, PassViewSchema)
  async end(@Param('id', new ZodPipe(RecordIdParam)) id: string, @Body(new ZodPipe(PassEndSchema)) body: PassEndDto, @Req() request: ManagerRequest): Promise<PassView> {
    return this.view(await this.lifecycle.end(id, body.on, request.manager!.managerId));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancels a pass at once, with a reason; a refund (unused part) appears in the statement of the month of the cancel. 409 if already cancelled' })
  @Responds(200, PassViewSchema)
  async cancel(@Param('id', new ZodPipe(RecordIdParam)) id: string, @Body(new ZodPipe(PassCancelSchema)) body: PassCancelDto, @Req() request: ManagerRequest): Promise<PassView> {
    return this.view(await this.lifecycle.cancel(id, body, request.manager!.managerId));
  }

  private view(pass: Pass): PassView {
    return passView(pass, summarisePass(pass, this.clock.now(), this.members.defaultSite()));
  }
}
