import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { AuditLog } from '../access/audit-log.js';
import { MemberDirectory } from '../members/member-directory.js';
import { PassLifecycleService } from '../members/pass-lifecycle.service.js';
import { PrivacyRepository, type Erasure, type MemberData } from './privacy.repository.js';

@Injectable()
export class PrivacyService {
  private readonly logger = new Logger('Privacy');

  constructor(
    private readonly repository: PrivacyRepository,
    private readonly directory: MemberDirectory,
    private readonly audit: AuditLog,
    private readonly lifecycle: PassLifecycleService,
  ) {}

  /** Everything held about a member, as one JSON document (right of access and portability). */
  async export(memberId: string): Promise<MemberData & { exportedAt: string }> {
    await this.audit.flush(); // their latest badge-ins belong in the export
    const data = await this.repository.export(memberId);
    if (!data) throw new NotFoundException(`Membre inconnu « ${memberId} »`);
    return { exportedAt: new Date().toISOString(), ...data };
  }

  /** Right to erasure: the member's badges stop opening doors at once, their identity is gone. */
  async erase(memberId: string, managerId: string): Promise<Erasure> {
    // Audit entries still in memory carry the name: write them first, so the erasure reaches them.
    await this.audit.flush();
    if (!this.directory.member(memberId)) throw new NotFoundException(`Membre inconnu « ${memberId} »`);
    // An erased member buys nothing more: their open passes end today, audited like any end.
    await this.lifecycle.endAllOf(memberId, managerId);
    const erasure = await this.repository.erase(memberId);
    if (!erasure) throw new NotFoundException(`Membre inconnu « ${memberId} »`);
    this.directory.forgetMember(memberId);
    this.logger.log(`Member ${memberId} erased by manager ${managerId}: ${erasure.badges} badges, ${erasure.accessEvents} access entries unlinked`);
    return erasure;
  }
}
