import { Body, Controller, HttpCode, Post, UnauthorizedException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
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
  async login(@Body(new ZodPipe(loginBody)) body: z.infer<typeof loginBody>): Promise<{ token: string }> {
    const token = await this.auth.login(body.email, body.password);
    if (!token) throw new UnauthorizedException('Wrong email or password');
    return { token };
  }
}
