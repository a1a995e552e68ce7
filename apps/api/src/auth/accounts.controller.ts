import { Body, ConflictException, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ZodPipe } from '../infra/http/zod-body.pipe.js';
import { AuthService } from './auth.service.js';
import type { ManagerRequest } from './manager.guard.js';
import { ManagersRepository } from './managers.repository.js';
import { hashPassword } from './password.js';

const accountBody = z.object({
  email: z.email().max(320),
  password: z.string().min(12, 'at least 12 characters').max(1024),
  role: z.enum(['manager', 'staff']),
});

@ApiTags('auth')
@ApiBearerAuth()
@Controller('api')
export class AccountsController {
  constructor(
    private readonly managers: ManagersRepository,
    private readonly auth: AuthService,
  ) {}

  @Post('auth/refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'A new token with a fresh expiry, for a still valid one (rotation)' })
  refresh(@Req() request: ManagerRequest): Promise<{ token: string }> {
    return this.auth.refresh(request.manager!);
  }

  @Get('accounts')
  @ApiOperation({ summary: 'The accounts that can sign in (managers and staff)' })
  async list() {
    return (await this.managers.list()).map(({ id, email, role }) => ({ id, email, role }));
  }

  @Post('accounts')
  @ApiOperation({ summary: 'Create a manager or staff account' })
  async create(@Body(new ZodPipe(accountBody)) body: z.infer<typeof accountBody>) {
    if (await this.managers.findByEmail(body.email)) throw new ConflictException(`An account already uses ${body.email}`);
    const account = await this.managers.create({ email: body.email, passwordHash: await hashPassword(body.password), role: body.role });
    return { id: account.id, email: account.email, role: account.role };
  }
}
