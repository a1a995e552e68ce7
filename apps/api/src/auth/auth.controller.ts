import { Body, Controller, HttpCode, HttpException, HttpStatus, Ip, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '../infra/http/openapi-decorators.js';
import type { Response } from 'express';
import { LoginBodySchema, PasswordChangeSchema, TokenSchema, type LoginBody, type PasswordChangeBody, type TokenBody } from '#protocol';
import { Responds } from '../infra/http/responds.js';
import { ZodPipe } from '../infra/http/zod-body.pipe.js';
import { AccountsService } from './accounts.service.js';
import { AuthService } from './auth.service.js';
import type { ManagerRequest } from './route.guard.js';


@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly accounts: AccountsService,
  ) {}

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in: returns a bearer token' })
  @Responds(200, TokenSchema)
  async login(
    @Body(new ZodPipe(LoginBodySchema)) body: LoginBody,
    @Ip() address: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TokenBody> {
    const result = await this.auth.login(body.email, body.password, address);
    if (result.ok) return { token: result.token };
    if (result.reason === 'wrong-credentials') throw new UnauthorizedException('E-mail ou mot de passe incorrect');
    const seconds = Math.ceil(result.retryAfterMs / 1000);
    response.setHeader('Retry-After', String(seconds));
    throw new HttpException(`Trop de tentatives : réessayez dans ${seconds < 120 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`}`, HttpStatus.TOO_MANY_REQUESTS);
  }

  @Post('password')
  @HttpCode(204)
  @ApiOperation({ summary: 'Change your own password: every token issued before stops working' })
  async changePassword(@Body(new ZodPipe(PasswordChangeSchema)) body: PasswordChangeBody, @Req() request: ManagerRequest): Promise<void> {
    if (!(await this.accounts.changePassword(request.manager!.managerId, body.current, body.next))) {
      throw new HttpException({ message: 'Mot de passe actuel incorrect', errors: [{ field: 'current', message: 'incorrect' }] }, HttpStatus.BAD_REQUEST);
    }
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'The presented token stops working' })
  logout(@Req() request: ManagerRequest): Promise<void> {
    return this.auth.logout(request.manager!);
  }
}
