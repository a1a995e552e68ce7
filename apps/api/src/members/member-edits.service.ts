// Editing a member (contract §7): name, e-mail, adherent status, each edit kept for the audit
// with who made it and the fields before and after. The log names the member by id only.
import { ConflictException, Injectable, Logger } from '@nestjs/common';
import type { TokenClaims } from '../auth/tokens.js';
import { Clock } from '../infra/clock.js';
import type { MemberHistoryBody, MemberPatchDto } from '#protocol';
import { MemberDirectory } from './member-directory.js';
import type { MemberChangeRecord, MemberFields, MemberRecord } from './member.types.js';
import { MembersRepository } from './members.repository.js';
import { emailTaken, MembersService, type MemberView } from './members.service.js';

@Injectable()
export class MemberEditsService {
  private readonly logger = new Logger('Members');

  constructor(
    private readonly members: MembersService,
    private readonly repository: MembersRepository,
    private readonly directory: MemberDirectory,
    private readonly clock: Clock,
  ) {}

  async update(memberId: string, patch: MemberPatchDto, account: TokenClaims): Promise<MemberView> {
    const member = this.members.member(memberId);
    if (member.email === `erased-${memberId}@invalid`) throw new ConflictException('Ce membre a été effacé');
    const wanted: MemberFields = { ...patch, ...(patch.email !== undefined ? { email: patch.email.toLowerCase() } : {}) };
    const before: MemberFields = {};
    const after: MemberFields = {};
    for (const key of ['name', 'email', 'adherent'] as const) {
      if (wanted[key] === undefined || wanted[key] === member[key]) continue;
      Object.assign(before, { [key]: member[key] });
      Object.assign(after, { [key]: wanted[key] });
    }
    // Giving a flagged duplicate its e-mail again clears the flag once no one else holds it.
    const email = wanted.email ?? member.email;
    const checksEmail = after.email !== undefined || (member.emailDuplicate === true && wanted.email !== undefined);
    if (checksEmail && this.members.emailHolder(email, memberId)) throw emailTaken();
    const next: MemberRecord = { ...member, ...after };
    if (checksEmail) delete next.emailDuplicate;
    if (Object.keys(after).length === 0 && next.emailDuplicate === member.emailDuplicate) return this.members.view(member);
    const change: MemberChangeRecord = { at: this.clock.now(), accountId: account.managerId, before, after };
    if ((await this.repository.updateMember(next, change)) === 'email-taken') throw emailTaken();
    this.directory.putMember(next);
    this.logger.log(`Member ${memberId} edited by account ${account.managerId}: ${Object.keys(after).join(', ') || 'e-mail confirmed'}`);
    return this.members.view(next);
  }

  /** Every edit of the member and every change of their passes, oldest first. */
  async history(memberId: string): Promise<MemberHistoryBody> {
    this.members.member(memberId);
    const passIds = this.directory.passesOf(memberId).map((p) => p.id);
    const { member, passes } = await this.repository.history(memberId, passIds);
    return {
      member: member.map((c) => ({ ...c, at: c.at.toISOString() })),
      passes: passes.map((c) => ({ ...c, at: c.at.toISOString() })),
    };
  }
}
