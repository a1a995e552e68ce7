import { Body, Controller, Get, HttpCode, Param, Post, Req, UnauthorizedException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '../infra/http/openapi-decorators.js';
import { z } from 'zod';
import { AccountCreateSchema, AccountViewSchema, NewPasswordSchema, TokenSchema, type AccountCreateBody, type TokenBody, RecordIdParam } from '#protocol';
import { Responds } from '../infra/http/responds.js';
import { ZodPipe } from '../infra/http/zod-body.pipe.js';
import { AccountsService, type AccountView } from './accounts.service.js';
import { AuthService } from './auth.service.js';
import type { ManagerRequest } from './route.guard.js';

@ApiTags('auth')
@Controller('api')
export class AccountsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly auth: AuthService,
  ) {}

  @Post('auth/refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'A new token with a fresh expiry; the presented one stops working (rotation)' })
  @Responds(200, TokenSchema)
  async refresh(@Req() request: ManagerRequest): Promise<TokenBody> {
    const refreshed = await this.auth.refresh(request.manager!);
    if (!refreshed) throw new UnauthorizedException('Ce jeton a déjà été renouvelé');
    return refreshed;
  }

  @Get('accounts')
  @ApiOperation({ summary: 'The accounts that can sign in (managers and staff)' })
  @Responds(200, z.array(AccountViewSchema))
  list(): Promise<AccountView[]> {
    return this.accounts.list();
  }

  @Post('accounts')
  @ApiOperation({ summary: 'Create a manager or staff account' })
  @Responds(201, AccountViewSchema)
  create(@Body(new ZodPipe(AccountCreateSchema)) body: AccountCreateBody): Promise<AccountView> {
    return this.accounts.create(body);
  }

  @Post('accounts/:id/disable')
  @HttpCode(200)
  @ApiOperation({ summary: "Disable an account: its tokens stop working at once and it cannot sign in" })
  @Responds(200, AccountViewSchema)
  disable(@Param('id', new ZodPipe(RecordIdParam)) id: string, @Req() request: ManagerRequest): Promise<AccountView> {
    return this.accounts.setDisabled(id, true, request.manager!.managerId);
  }

  @Post('accounts/:id/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable a disabled account again' })
  @Responds(200, AccountViewSchema)
  enable(@Param('id', new ZodPipe(RecordIdParam)) id: string, @Req() request: ManagerRequest): Promise<AccountView> {
    return this.accounts.setDisabled(id, false, request.manager!.managerId);
  }

  @Post('accounts/:id/reset-password')
  @HttpCode(200)
  @ApiOperation({ summary: 'A new generated password for the account, shown only this once; its tokens stop working' })
  @Responds(200, NewPasswordSchema)
  resetPassword(@Param('id', new ZodPipe(RecordIdParam)) id: string): Promise<{ password: string }> {
    return this.accounts.resetPassword(id);
  }
}
