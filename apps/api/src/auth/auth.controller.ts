import { Body, Controller, HttpCode, HttpException, HttpStatus, Ip, Post, Res, UnauthorizedException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { ZodPipe } from '../infra/http/zod-body.pipe.js';
import { AuthService } from './auth.service.js';

const loginBody = z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1024) });

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Manager login: returns a bearer token' })
  async login(
    @Body(new ZodPipe(loginBody)) body: z.infer<typeof loginBody>,
    @Ip() address: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<{ token: string }> {
    const result = await this.auth.login(body.email, body.password, address);
    if (result.ok) return { token: result.token };
    if (result.reason === 'wrong-credentials') throw new UnauthorizedException('Wrong email or password');
    const seconds = Math.ceil(result.retryAfterMs / 1000);
    response.setHeader('Retry-After', String(seconds));
    throw new HttpException(`Too many failed logins: try again in ${Math.ceil(seconds / 60)} min`, HttpStatus.TOO_MANY_REQUESTS);
  }
}
