// Members, their badges and passes, tariffs and monthly statements (manager API, contract §3).
import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { SitesModule } from '../sites/sites.module.js';
import { MemberChangeBus } from './member-change-bus.js';
import { MemberDirectory } from './member-directory.js';
import { MemberEditsService } from './member-edits.service.js';
import { MembersController } from './members.controller.js';
import { MembersRepository } from './members.repository.js';
import { MembersService } from './members.service.js';
import { PassLifecycleService } from './pass-lifecycle.service.js';
import { PassesController } from './passes.controller.js';
import { StatementsController } from './statements.controller.js';
import { TakenDaysSync } from './taken-days-sync.js';
import { TariffsService } from './tariffs.service.js';

@Module({
  imports: [SitesModule, AuthModule],
  controllers: [MembersController, PassesController, StatementsController],
  providers: [
    MembersService, MembersRepository, MemberDirectory, TariffsService, PassLifecycleService, MemberEditsService,
    TakenDaysSync, MemberChangeBus,
  ],
  // Access control decides from the directory.
  exports: [MemberDirectory, MembersService, PassLifecycleService],
})
export class MembersModule {}
