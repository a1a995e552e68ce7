import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';
import { pageOf, PageQuerySchema, type PageQuery } from '../infra/http/pagination.js';
import { ZodPipe } from '../infra/http/zod-body.pipe.js';
import { BadgeCreateSchema, type BadgeCreateDto, MemberCreateSchema, type MemberCreateDto, PassCreateSchema, type PassCreateDto, SiteQuerySchema } from './dto/member.dto.js';
import { MembersService, type BadgeView, type MemberView, type PassView } from './members.service.js';

/** Signed-in accounts (roles per route: auth/route-roles.ts): every route names people. */
@ApiTags('members')
@ApiBearerAuth()
@Controller('api')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Post('members')
  @ApiOperation({ summary: 'Creates a member: {"name","email","adherent"}' })
  create(@Body(new ZodPipe(MemberCreateSchema)) body: MemberCreateDto): Promise<{ id: string }> {
    return this.members.createMember(body);
  }

  @Get('members')
  @ApiOperation({ summary: 'Members with their badges: ?limit&offset for a page (all without limit); total in X-Total-Count' })
  list(@Query(new ZodPipe(PageQuerySchema)) page: PageQuery, @Res({ passthrough: true }) response: Response): MemberView[] {
    return this.members.list(pageOf(this.members.records(), page, response));
  }

  @Get('members/:id')
  @ApiOperation({ summary: 'One member with their badges and passes' })
  get(@Param('id') id: string): MemberView & { passes: PassView[] } {
    return this.members.get(id);
  }

  @Post('members/:id/badges')
  @ApiOperation({ summary: 'Gives a member a badge: {"uid"}; 409 when an active badge already holds the UID' })
  addBadge(@Param('id') id: string, @Body(new ZodPipe(BadgeCreateSchema)) body: BadgeCreateDto): Promise<BadgeView & { memberId: string }> {
    return this.members.addBadge(id, body);
  }

  @Post('badges/:uid/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revokes the active badge holding the UID: refused from its next badge-in (badge-revoked)' })
  revoke(@Param('uid') uid: string): Promise<BadgeView & { memberId: string }> {
    return this.members.revokeBadge(uid);
  }

  @Post('members/:id/passes')
  @ApiOperation({ summary: 'Sells a pass: {"type","validFrom"?,"validUntil"?,"credits"?,"zones"?,"title"?}' })
  addPass(@Param('id') id: string, @Body(new ZodPipe(PassCreateSchema)) body: PassCreateDto): Promise<{ id: string }> {
    return this.members.addPass(id, body);
  }

  @Get('members/:id/passes')
  @ApiOperation({ summary: "A member's passes with validity, remaining days or credits, and the dates taken (?site= picks the calendar)" })
  passes(@Param('id') id: string, @Query(new ZodPipe(SiteQuerySchema)) query: z.infer<typeof SiteQuerySchema>): PassView[] {
    return this.members.passes(id, query.site);
  }
}
