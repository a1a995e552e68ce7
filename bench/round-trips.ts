// Request/answer pairs over MQTT, timed from just before the publish to the answer's arrival:
// badges and their decisions, pings and their echoes. Answers are matched by (client, seq); a seq
// is never used twice in a run, so a second answer to one is a duplicated decision.
import { performance } from 'node:perf_hooks';
import type { MqttClient } from 'mqtt';
import { latencySummary } from './report.js';

/** Contract section 2: a reader treats silence past 2 s as "denied, service unreachable". */
export const ANSWER_DEADLINE_MS = 2000;

export interface Endpoint {
  client: MqttClient;
  /** Where requests go. */
  topic: string;
  /** Where answers come back. */
  answerTopic: string;
}

interface Sent {
  at: number;
  tag: string;
  answers: number;
  latencyMs?: number;
  answer?: Record<string, unknown>;
}

export interface PhaseResult {
  sent: number;
  answered: number;
  /** No answer within 2 s. */
  lost: number;
  /** Answered more than once. */
  duplicated: number;
  latencies: number[];
  achievedRate: number;
  summary: ReturnType<typeof latencySummary>;
  answers: Array<{ tag: string; answer: Record<string, unknown> }>;
}

export class RoundTrips {
  private readonly sent: Array<Map<number, Sent>>;
  private readonly seqs: number[];
  private readonly finals: Array<[PhaseResult, Sent[]]> = [];
  private turn = 0;

  constructor(
    private readonly endpoints: readonly Endpoint[],
    private readonly payload: (seq: number, tag: string) => string,
  ) {
    this.sent = endpoints.map(() => new Map());
    this.seqs = endpoints.map(() => 1);
    endpoints.forEach((endpoint, index) => {
      endpoint.client.on('message', (topic, message) => {
        if (topic === endpoint.answerTopic) this.onAnswer(index, message);
      });
    });
  }

  /** Sends `rate` requests/s for `durationS`, round robin over the endpoints; `tags()` picks what each carries. */
  async run(rate: number, durationS: number, tag: () => string): Promise<PhaseResult> {
    const records: Sent[] = [];
    const started = performance.now();
    let count = 0;
    const total = Math.round(rate * durationS);
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const due = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1000));
        for (; count < due; count++) records.push(this.send(tag()));
        if (count >= total) {
          clearInterval(timer);
          resolve();
        }
      }, 1);
    });
    const elapsedS = (performance.now() - started) / 1000;
    // Every request gets its 2 s; then whatever has not come is lost.
    const deadline = performance.now() + ANSWER_DEADLINE_MS + 200;
    while (performance.now() < deadline && records.some((record) => record.answers === 0)) await sleep(20);
    await sleep(200);
    return this.result(records, elapsedS);
  }

  private send(tag: string): Sent {
    const index = this.turn++ % this.endpoints.length;
    const endpoint = this.endpoints[index]!;
    const seq = this.seqs[index]!++;
    const payload = this.payload(seq, tag);
    const record: Sent = { at: performance.now(), tag, answers: 0 };
    this.sent[index]!.set(seq, record);
    endpoint.client.publish(endpoint.topic, payload, { qos: 1 }, () => undefined);
    return record;
  }

  private onAnswer(index: number, message: Buffer): void {
    const now = performance.now();
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(message.toString('utf8')) as Record<string, unknown>;
    } catch {
      return;
    }
    const record = typeof body.seq === 'number' ? this.sent[index]!.get(body.seq) : undefined;
    if (!record) return;
    record.answers++;
    if (record.answers === 1) {
      record.latencyMs = now - record.at;
      record.answer = body;
    }
  }

  private result(records: Sent[], elapsedS: number): PhaseResult {
    const inTime = records.filter((record) => record.latencyMs !== undefined && record.latencyMs <= ANSWER_DEADLINE_MS);
    const latencies = inTime.map((record) => record.latencyMs!);
    const result: PhaseResult = {
      sent: records.length,
      answered: inTime.length,
      lost: records.length - inTime.length,
      duplicated: records.filter((record) => record.answers > 1).length,
      latencies,
      achievedRate: records.length / elapsedS,
      summary: latencySummary(latencies),
      answers: inTime.map((record) => ({ tag: record.tag, answer: record.answer! })),
    };
    this.finals.push([result, records]);
    return result;
  }

  /** A duplicate can arrive after its phase's result was taken: recount them all at the end. */
  recountDuplicates(): void {
    for (const [result, records] of this.finals) result.duplicated = records.filter((record) => record.answers > 1).length;
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
