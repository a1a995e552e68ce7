// How a decision gets back to the reader. The devices feature owns the readers' protocols; access
// control only says what to answer, through this port. The default implementation hands answers
// to the devices feature's ReaderAnswers when that module runs, and only logs them otherwise.
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { BadgeEvent } from '../devices/device-events.js';
import { DeviceRegistry } from '../devices/device-registry.js';
import { ReaderAnswers } from '../devices/reader-answers.service.js';
import type { BadgeAnswer } from './access.types.js';

export abstract class BadgeAnswerer {
  /** Answers one badge-in; must not throw nor wait: the decision path calls it inline. */
  abstract answer(event: BadgeEvent, answer: BadgeAnswer): void;
  /** Opens a door from the dashboard through the readers bound to it; resolves with how many were told. */
  abstract unlock(site: string, door: string, answer: BadgeAnswer): Promise<number>;
}

@Injectable()
export class DevicesBadgeAnswerer extends BadgeAnswerer implements OnModuleInit {
  private readonly logger = new Logger('Access');
  private readers?: ReaderAnswers;
  private registry?: DeviceRegistry;

  constructor(private readonly modules: ModuleRef) {
    super();
  }

  /** Optional: the devices module may not be part of this build of the app. */
  onModuleInit(): void {
    this.readers = this.find(ReaderAnswers);
    this.registry = this.find(DeviceRegistry);
    if (!this.readers) this.logger.warn('No devices module: badge decisions are only logged, not sent to readers');
  }

  answer(event: BadgeEvent, answer: BadgeAnswer): void {
    if (!this.readers) {
      this.logger.debug(`Reader ${event.site}/${event.deviceId} seq ${event.seq ?? '-'}: ${answer.granted ? 'granted' : 'denied'} (${answer.reason})`);
      return;
    }
    // answerBadge logs and returns its own failures; the catch only guards against a rejection.
    this.readers.answerBadge(event, answer).catch((error: unknown) => this.logger.error(`Answering a badge failed: ${String(error)}`));
  }

  async unlock(site: string, door: string, answer: BadgeAnswer): Promise<number> {
    const readers = (this.registry?.all() ?? []).filter((d) => d.kind === 'reader' && d.site === site && d.door === door);
    if (!this.readers || readers.length === 0) {
      this.logger.warn(`Remote unlock of ${site}/${door}: no reader bound to this door`);
      return 0;
    }
    let told = 0;
    for (const reader of readers) {
      // An unsolicited decision (seq 0): readers open on any grant addressed to them.
      const event: BadgeEvent = { type: 'badge', site, door, deviceId: reader.id, uid: '00000000', receivedAt: new Date(), protocol: reader.protocol };
      const result = await this.readers.answerBadge(event, answer);
      if (result.ok) told++;
    }
    return told;
  }

  private find<T>(token: new (...args: never[]) => T): T | undefined {
    try {
      return this.modules.get(token, { strict: false });
    } catch {
      return undefined;
    }
  }
}
