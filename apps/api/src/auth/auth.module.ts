import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { SettingsRepository } from '../infra/database/settings.repository.js';
import { AccountsController } from './accounts.controller.js';
import { AccountsService } from './accounts.service.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { ManagersRepository } from './managers.repository.js';
import { RouteGuard } from './route.guard.js';

@Module({
  controllers: [AuthController, AccountsController],
  // RouteGuard guards every HTTP route of the application from here (route-roles.ts).
  providers: [AuthService, AccountsService, ManagersRepository, SettingsRepository, { provide: APP_GUARD, useClass: RouteGuard }],
  exports: [AuthService],
})
export class AuthModule {}
