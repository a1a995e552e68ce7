// Ending, cancelling and correcting passes (contract §7): the domain decides the new terms, the
// change and the pass are written together, then the in-memory view the doors read is updated.
// Changes to one pass run one after the other, so each is numbered and built on the last.
import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { cancelPass, correctPass, endPass, listPriceCents, localTime, passesToEnd, termsOf, withTerms, type LifecycleResult, type Pass, type PassChangeKind } from '#domain';
import { Clock } from '../infra/clock.js';
import { invalidFields } from '../infra/http/zod-body.pipe.js';
import { SitesService } from '../sites/sites.service.js';
import type { PassCancelDto, PassPatchDto } from '#protocol';
import { MemberDirectory } from './member-directory.js';
import { MembersRepository } from './members.repository.js';
import { TariffsService } from './tariffs.service.js';

@Injectable()
export class PassLifecycleService {
  private readonly logger = new Logger('Passes');
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly repository: MembersRepository,
    private readonly directory: MemberDirectory,
    private readonly sites: SitesService,
    private readonly tariffs: TariffsService,
    private readonly clock: Clock,
  ) {}

  end(passId: string, on: string, accountId: string | null): Promise<Pass> {
    return this.change(passId, 'end', accountId, (pass) => endPass(pass, on, this.timeZone()));
  }

  cancel(passId: string, body: PassCancelDto, accountId: string | null): Promise<Pass> {
    return this.change(passId, 'cancel', accountId, (pass) => cancelPass(pass, this.today(), body.refund, this.priceOf(pass)), body.reason);
  }

  correct(passId: string, patch: PassPatchDto, accountId: string | null): Promise<Pass> {
    return this.change(passId, 'correct', accountId, (pass) => correctPass(pass, patch));
  }

  /** A member leaving (last badge revoked, erasure): each pass still open ends today. */
  async endAllOf(memberId: string, accountId: string | null): Promise<number> {
    const today = this.today();
    const open = passesToEnd(this.directory.passesOf(memberId), today, this.timeZone());
    for (const pass of open) await this.change(pass.id, 'end', accountId, (current) => endPass(current, today, this.timeZone(), true));
    if (open.length > 0) this.logger.log(`Member ${memberId}: ${open.length} passes ended on ${today}`);
    return open.length;
  }

  private change(
    passId: string,
    kind: PassChangeKind,
    accountId: string | null,
    decide: (pass: Pass) => LifecycleResult,
    reason?: string,
  ): Promise<Pass> {
    const previous = this.queues.get(passId) ?? Promise.resolve();
    const run = previous.then(() => this.apply(passId, kind, accountId, decide, reason));
    const settled = run.catch(() => undefined);
    this.queues.set(passId, settled);
    void settled.then(() => this.queues.get(passId) === settled && this.queues.delete(passId));
    return run;
  }

  private async apply(
    passId: string,
    kind: PassChangeKind,
    accountId: string | null,
    decide: (pass: Pass) => LifecycleResult,
    reason?: string,
  ): Promise<Pass> {
    const pass = this.directory.pass(passId);
    if (!pass) throw new NotFoundException(`Pass inconnu « ${passId} »`);
    const result = decide(pass);
    if (!result.ok) throw refusal(result.refusal);
    const before = termsOf(pass);
    const after = termsOf(result.after);
    if (JSON.stringify(before) === JSON.stringify(after)) return pass;
    const on = this.today();
    const seq = pass.changes?.length ?? 0;
    await this.repository.recordPassChange(
      pass,
      { passId, seq, kind, on, at: this.clock.now(), accountId, before, after, ...(reason !== undefined ? { reason } : {}) },
    );
    return this.directory.replacePass(
      passId,
      (current) => ({ ...withTerms(current, after), changes: [...(current.changes ?? []), { kind, on, before, after }] }),
    )!;
  }

  private priceOf(pass: Pass): number {
    const member = this.directory.member(pass.memberId);
    return pass.priceCents ?? (member ? listPriceCents(pass, member, this.tariffs.current()) : 0);
  }

  /** Passes belong to members, not sites: dates are counted in the first site's calendar. */
  private timeZone(): string {
    const site = this.sites.list()[0];
    if (!site) throw new NotFoundException('Aucun site configuré');
    return site.timezone;
  }

  private today(): string {
    return localTime(this.clock.now(), this.timeZone()).date;
  }
}

function refusal(refused: Extract<LifecycleResult, { ok: false }>['refusal']): Error {
  if ('field' in refused) return new BadRequestException({ message: `${invalidFields([refused.field])} (${refused.message})`, errors: [{ field: refused.field, message: refused.message }] });
  if (refused.conflict === 'cancelled') return new ConflictException('Ce pass est annulé : il ne peut plus changer');
  return new ConflictException(`Ce pass se termine déjà le ${refused.until}`);
}
