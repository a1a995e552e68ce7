// Carries an access decision back to the reader that sent the badge: the native decision message
// (same seq, QoS 1), or the commands the reader's own firmware understands. Deciding is not done
// here: access control calls answerBadge with its decision.
import { Injectable, Logger } from '@nestjs/common';
import { commandsForDecision, decisionTopic, DecisionMessageSchema, describeIssues, encodeMessage, signDecision, type DecisionMessage } from '#protocol';
import { BrokerService } from '../infra/mqtt/broker.service.js';
import { DecisionKeys } from './decision-keys.js';
import type { BadgeEvent } from './device-events.js';
import { DeviceMonitor } from './device-monitor.js';
import { DeviceRegistry } from './device-registry.js';

export interface BadgeDecision {
  granted: boolean;
  /** A pass type when granted, one of the contract's denial reasons otherwise. */
  reason: string;
  unlockMs?: number;
  /** Shown on the reader's display, when it has one. */
  message?: string;
}

export type AnswerResult =
  | { ok: true; published: Array<{ topic: string; payload: string }> }
  | { ok: false; error: 'unknown-device' | 'invalid-decision' | 'missing-ip' | 'publish-failed'; detail: string };

@Injectable()
export class ReaderAnswers {
  private readonly logger = new Logger('Devices');

  constructor(
    private readonly broker: BrokerService,
    private readonly registry: DeviceRegistry,
    private readonly monitor: DeviceMonitor,
    private readonly keys: DecisionKeys,
  ) {}

  /** Publishes the decision for `event`'s reader; never throws (a failure is returned and logged). */
  async answerBadge(event: BadgeEvent, decision: BadgeDecision): Promise<AnswerResult> {
    const reader = this.registry.get(event.deviceId);
    if (!reader || reader.kind !== 'reader') return this.failed({ ok: false, error: 'unknown-device', detail: `no reader "${event.deviceId}"` });
    const parsed = DecisionMessageSchema.safeParse({ seq: event.seq ?? 0, ...decision });
    if (!parsed.success) return this.failed({ ok: false, error: 'invalid-decision', detail: describeIssues(parsed.error) });
    const messages = reader.protocol === 'native' ? this.native(event, parsed.data) : this.foreign(reader.id, parsed.data);
    if (!Array.isArray(messages)) return this.failed(messages);
    try {
      for (const { topic, payload, qos, retain } of messages) await this.broker.publish(topic, payload, { qos, retain });
    } catch (error) {
      return this.failed({ ok: false, error: 'publish-failed', detail: error instanceof Error ? error.message : String(error) });
    }
    return { ok: true, published: messages.map(({ topic, payload }) => ({ topic, payload })) };
  }

  /** Signed with the reader's key (docs/reader-firmware.md), valid for DECISION_LIFETIME_MS. */
  private native(event: BadgeEvent, decision: DecisionMessage): Outgoing[] {
    const topic = decisionTopic(event.site, event.deviceId, this.registry.root);
    const key = this.keys.of(event.deviceId);
    const message = key ? signDecision(key, decision, Date.now()) : decision;
    return [{ topic, payload: encodeMessage('decision', message).toString('utf8'), qos: 1, retain: false }];
  }

  private foreign(readerId: string, decision: DecisionMessage): Outgoing[] | Extract<AnswerResult, { ok: false }> {
    const reader = this.registry.get(readerId)!;
    const ctx = {
      ...this.registry.contextOf(reader),
      ...(this.monitor.stateOf(readerId).ip ? { lastIp: this.monitor.stateOf(readerId).ip } : {}),
    };
    const result = commandsForDecision(reader.protocol as Exclude<typeof reader.protocol, 'native'>, decision, ctx);
    if (!result.ok) return { ok: false, error: result.error, detail: result.detail };
    return result.commands.map((command) => ({
      topic: command.topic,
      payload: command.payload,
      qos: command.qos === 0 ? 0 : 1,
      retain: command.retain ?? false,
    }));
  }

  private failed(result: Extract<AnswerResult, { ok: false }>): AnswerResult {
    this.logger.warn(`Could not answer a badge: ${result.error} (${result.detail})`);
    return result;
  }
}

interface Outgoing {
  topic: string;
  payload: string;
  qos: 0 | 1;
  retain: boolean;
}
