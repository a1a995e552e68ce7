import { Module } from '@nestjs/common';
import { SettingsRepository } from '../infra/database/settings.repository.js';
import { AccountsController } from './accounts.controller.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { ManagerGuard } from './manager.guard.js';
import { ManagersRepository } from './managers.repository.js';

@Module({
  controllers: [AuthController, AccountsController],
  providers: [AuthService, ManagersRepository, SettingsRepository, ManagerGuard],
  exports: [AuthService, ManagerGuard],
})
export class AuthModule {}
