// How a decision gets back to the reader. The devices feature owns the readers' protocols; access
// control only says what to answer, through this port, which hands answers to its ReaderAnswers.
import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../infra/clock.js';
import type { BadgeEvent } from '../devices/device-events.js';
import { logFailure } from '../infra/logging.js';
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
export class DevicesBadgeAnswerer extends BadgeAnswerer {
  private readonly logger = new Logger('Access');

  constructor(
    private readonly readers: ReaderAnswers,
    private readonly registry: DeviceRegistry,
    private readonly clock: Clock,
  ) {
    super();
  }

  answer(event: BadgeEvent, answer: BadgeAnswer): void {
    // answerBadge logs and returns its own failures; the catch only guards against a rejection.
    this.readers.answerBadge(event, answer).catch((error: unknown) => logFailure(this.logger, 'Answering a badge failed', error));
  }

  async unlock(site: string, door: string, answer: BadgeAnswer): Promise<number> {
    const readers = this.registry.all().filter((d) => d.kind === 'reader' && d.site === site && d.door === door);
    if (readers.length === 0) {
      this.logger.warn(`Remote unlock of ${site}/${door}: no reader bound to this door`);
      return 0;
    }
    let told = 0;
    for (const reader of readers) {
      // An unsolicited decision (seq 0): readers open on any grant addressed to them.
      const event: BadgeEvent = { type: 'badge', site, door, deviceId: reader.id, uid: '00000000', receivedAt: this.clock.now(), protocol: reader.protocol };
      const result = await this.readers.answerBadge(event, answer);
      if (result.ok) told++;
    }
    return told;
  }
}
