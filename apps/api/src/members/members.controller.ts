import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '../infra/http/openapi-decorators.js';
import type { Response } from 'express';
import { z } from 'zod';
import type { ManagerRequest } from '../auth/manager.guard.js';
import { pageOf, PageQuerySchema, TOTAL_HEADER, type PageQuery } from '../infra/http/pagination.js';
import { Responds } from '../infra/http/responds.js';
import { ZodPipe } from '../infra/http/zod-body.pipe.js';
import {
  BadgeCreateSchema, type BadgeCreateDto, BadgeOfMemberSchema, BadgeRevokeSchema, type BadgeRevokeDto, CreatedSchema, type Created,
  MemberCreateSchema, type MemberCreateDto, MemberDetailSchema, type MemberDetail, MemberHistorySchema, type MemberHistoryBody,
  MemberListItemSchema, type MemberListItem, MemberPatchSchema, type MemberPatchDto, MemberViewSchema, PassCreateSchema, type PassCreateDto,
  PassViewSchema, SiteQuerySchema, BadgeUidParam, RecordIdParam,
} from '#protocol';
import { MemberEditsService } from './member-edits.service.js';
import { MembersService, type BadgeView, type MemberView, type PassView } from './members.service.js';

/** Signed-in accounts (roles per route: auth/route-roles.ts): every route names people. */
@ApiTags('members')
@Controller('api')
export class MembersController {
  constructor(
    private readonly members: MembersService,
    private readonly edits: MemberEditsService,
  ) {}

  @Post('members')
  @ApiOperation({ summary: 'Creates a member; 409 naming email when another member holds it (case-insensitive)' })
  @Responds(201, CreatedSchema)
  create(@Body(new ZodPipe(MemberCreateSchema)) body: MemberCreateDto): Promise<Created> {
    return this.members.createMember(body);
  }

  @Get('members')
  @ApiOperation({
    summary: "Members with their badges, the pass in force and whether they came in today: ?limit&offset for a page (all without limit); total in X-Total-Count",
  })
  @Responds(200, z.array(MemberListItemSchema), { [TOTAL_HEADER]: 'Members in the whole list' })
  list(@Query(new ZodPipe(PageQuerySchema)) page: PageQuery, @Res({ passthrough: true }) response: Response): Promise<MemberListItem[]> {
    return this.members.listItems(pageOf(this.members.records(), page, response));
  }

  @Get('members/:id')
  @ApiOperation({ summary: 'One member with their badges and passes' })
  @Responds(200, MemberDetailSchema)
  get(@Param('id', new ZodPipe(RecordIdParam)) id: string): MemberDetail {
    return this.members.get(id);
  }

  @Patch('members/:id')
  @ApiOperation({ summary: 'Edits a member, audited; 409 naming email when another member holds it. Staff may edit name and e-mail only' })
  @Responds(200, MemberViewSchema)
  update(@Param('id', new ZodPipe(RecordIdParam)) id: string, @Body(new ZodPipe(MemberPatchSchema)) body: MemberPatchDto, @Req() request: ManagerRequest): Promise<MemberView> {
    return this.edits.update(id, body, request.manager!);
  }

  @Get('members/:id/history')
  @ApiOperation({ summary: "The audit trail: the member's edits and their passes' corrections, ends and cancellations (who, when, before/after)" })
  @Responds(200, MemberHistorySchema)
  history(@Param('id', new ZodPipe(RecordIdParam)) id: string): Promise<MemberHistoryBody> {
    return this.edits.history(id);
  }

  @Post('members/:id/badges')
  @ApiOperation({ summary: 'Gives a member a badge; 409 when an active badge already holds the UID' })
  @Responds(201, BadgeOfMemberSchema)
  addBadge(@Param('id', new ZodPipe(RecordIdParam)) id: string, @Body(new ZodPipe(BadgeCreateSchema)) body: BadgeCreateDto): Promise<BadgeView & { memberId: string }> {
    return this.members.addBadge(id, body);
  }

  @Post('badges/:uid/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: "Revokes the active badge holding the UID: refused from its next badge-in (badge-revoked). The member's last active badge revoked, their open passes end today, unless the optional body says {\"keepPasses\":true} (a lost badge being replaced)" })
  @Responds(200, BadgeOfMemberSchema)
  revoke(@Param('uid', new ZodPipe(BadgeUidParam)) uid: string, @Body(new ZodPipe(BadgeRevokeSchema)) body: BadgeRevokeDto, @Req() request: ManagerRequest): Promise<BadgeView & { memberId: string }> {
    return this.members.revokeBadge(uid, request.manager!.managerId, body.keepPasses);
  }

  @Post('members/:id/passes')
  @ApiOperation({ summary: 'Sells a pass; its price is fixed now (tariffs, or an event\'s "price" in cents). Staff sell day, half-day, carnet and event passes' })
  @Responds(201, CreatedSchema)
  addPass(@Param('id', new ZodPipe(RecordIdParam)) id: string, @Body(new ZodPipe(PassCreateSchema)) body: PassCreateDto): Promise<Created> {
    return this.members.addPass(id, body);
  }

  @Get('members/:id/passes')
  @ApiOperation({ summary: "A member's passes with validity, remaining days or credits, and the dates taken (?site= picks the calendar)" })
  @Responds(200, z.array(PassViewSchema))
  passes(@Param('id', new ZodPipe(RecordIdParam)) id: string, @Query(new ZodPipe(SiteQuerySchema)) query: z.infer<typeof SiteQuerySchema>): PassView[] {
    return this.members.passes(id, query.site);
  }
}
