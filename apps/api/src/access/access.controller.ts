import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '../infra/http/openapi-decorators.js';
import type { Response } from 'express';
import { z } from 'zod';
import type { ManagerRequest } from '../auth/manager.guard.js';
import { AccessEventsQuerySchema, AccessEventViewSchema, encodeAccessCursor, LockdownSchema, LockdownStateSchema, UnlockResultSchema, type AccessEventsQuery, type LockdownDto, IdParam } from '#protocol';
import { Responds } from '../infra/http/responds.js';
import { ZodPipe } from '../infra/http/zod-body.pipe.js';
import { SitesService } from '../sites/sites.service.js';
import { AccessEventsRepository } from './access-events.repository.js';
import { toView, type AccessEventView } from './access.types.js';
import { SiteControls, type LockdownState, type UnlockResult } from './site-controls.service.js';

/** Signed-in accounts (roles per route: auth/route-roles.ts): the audit log names people. */
@ApiTags('access')
@Controller('api')
export class AccessController {
  constructor(
    private readonly events: AccessEventsRepository,
    private readonly controls: SiteControls,
    private readonly sites: SitesService,
  ) {}

  @Get('access-events')
  @ApiOperation({
    summary: 'Audit log, newest first: ?site&from&to&granted&door&reader&member&kind(badge|alarm|unlock|lockdown|all)&limit&before; a full page sets X-Next-Cursor, the next page is ?before=<it>',
  })
  @Responds(200, z.array(AccessEventViewSchema), { 'X-Next-Cursor': 'After a full page: the next page is ?before=<it>' })
  async list(
    @Query(new ZodPipe(AccessEventsQuerySchema)) query: AccessEventsQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AccessEventView[]> {
    if (query.site) this.sites.get(query.site);
    const { kind, ...filter } = query;
    const entries = await this.events.list({ ...filter, ...(kind === 'all' ? {} : { kinds: [kind] }) });
    const last = entries.at(-1);
    if (last && entries.length === query.limit) response.setHeader('X-Next-Cursor', encodeAccessCursor({ at: new Date(last.at), id: last.id }));
    return entries.map(toView);
  }

  @Post('doors/:site/:door/unlock')
  @HttpCode(200)
  @ApiOperation({ summary: "Opens a door for its unlock time through its readers (audited with the manager's id)" })
  @Responds(200, UnlockResultSchema)
  unlock(@Param('site', new ZodPipe(IdParam)) site: string, @Param('door', new ZodPipe(IdParam)) door: string, @Req() request: ManagerRequest): Promise<UnlockResult> {
    return this.controls.unlock(site, door, request.manager!.managerId);
  }

  @Get('sites/:site/lockdown')
  @ApiOperation({ summary: 'Whether the site is in lockdown' })
  @Responds(200, LockdownStateSchema)
  lockdown(@Param('site', new ZodPipe(IdParam)) site: string): LockdownState {
    return this.controls.lockdown(site);
  }

  @Post('sites/:site/lockdown')
  @HttpCode(200)
  @ApiOperation({ summary: 'Lockdown: only staff badges open until it is turned off' })
  @Responds(200, LockdownStateSchema)
  setLockdown(@Param('site', new ZodPipe(IdParam)) site: string, @Body(new ZodPipe(LockdownSchema)) body: LockdownDto, @Req() request: ManagerRequest): Promise<LockdownState> {
    return this.controls.setLockdown(site, body.enabled, request.manager!.managerId);
  }
}
