// Lockdown state shared by access control and the allow-lists (site-lockdowns.ts).
import { Module } from '@nestjs/common';
import { SiteLockdowns } from './site-lockdowns.js';

@Module({ providers: [SiteLockdowns], exports: [SiteLockdowns] })
export class LockdownModule {}
