// In-process stream of what happens at the doors, for the `/manager` socket and any later relay.
import { Injectable, Logger } from '@nestjs/common';
import type { AccessEventView } from './access.types.js';

export interface AccessFeedEvents {
  /** Every audit entry as it is recorded (badge decisions, unlocks, lockdowns, alarms). */
  access: AccessEventView;
  /** Alarms only: forced or held-open doors, rate-limited readers. */
  alarm: AccessEventView;
}

type Listener<E extends keyof AccessFeedEvents> = (event: AccessFeedEvents[E]) => void;

@Injectable()
export class AccessFeed {
  private readonly logger = new Logger('AccessFeed');
  private readonly listeners: { [E in keyof AccessFeedEvents]: Array<Listener<E>> } = { access: [], alarm: [] };

  on<E extends keyof AccessFeedEvents>(event: E, listener: Listener<E>): () => void {
    const list = this.listeners[event] as Array<Listener<E>>;
    list.push(listener);
    return () => list.splice(list.indexOf(listener), 1);
  }

  emit<E extends keyof AccessFeedEvents>(event: E, value: AccessFeedEvents[E]): void {
    for (const listener of [...(this.listeners[event] as Array<Listener<E>>)]) {
      try {
        listener(value);
      } catch (error) {
        this.logger.error(`An ${event} listener failed: ${error instanceof Error ? error.stack : error}`);
      }
    }
  }
}
