// Shared by the access suites: drive badge-ins and door contacts on the DeviceEvents bus as the
// devices pipeline does, capture what the readers are answered, and call the manager API.
import { BadgeAnswerer } from '../../apps/api/src/access/badge-answerer.js';
import type { BadgeAnswer } from '../../apps/api/src/access/access.types.js';
import { DeviceEvents, type BadgeEvent } from '../../apps/api/src/devices/device-events.js';
import { Clock } from '../../apps/api/src/infra/clock.js';
import { json, managerHeaders, type TestCantine } from '../support/app.js';

/** Monday 2 March 2026, in Quimper's zone (UTC+1): open 09:00–17:00. */
export const MONDAY = '2026-03-02';
export const at = (localTime: string, date = MONDAY) => new Date(`${date}T${localTime}:00+01:00`);

/** Sets what the service records as "now" (sales, changes, edits); badge-ins carry their own time. */
export function setClock(cantine: TestCantine, now: Date): void {
  cantine.app.get(Clock).now = () => new Date(now);
}

export interface Answered {
  event: BadgeEvent;
  answer: BadgeAnswer;
}

/** Records every answer the decision path gives, still passing it on to the real answerer. */
export function captureAnswers(cantine: TestCantine): Answered[] {
  const answerer = cantine.app.get(BadgeAnswerer);
  const answers: Answered[] = [];
  const original = answerer.answer.bind(answerer);
  answerer.answer = (event, answer) => {
    answers.push({ event, answer });
    original(event, answer);
  };
  return answers;
}

export interface BadgeIn {
  uid: string;
  door?: string;
  reader?: string;
  seq?: number;
  at?: Date;
  site?: string;
}

let nextSeq = 1;

/** Publishes one badge-in and returns its answer (the bus and the decision are synchronous). */
export function badgeIn(cantine: TestCantine, answers: Answered[], input: BadgeIn): BadgeAnswer {
  const before = answers.length;
  const event: BadgeEvent = {
    type: 'badge',
    site: input.site ?? 'quimper',
    deviceId: input.reader ?? `reader-${input.door ?? 'entrance'}`,
    door: input.door ?? 'entrance',
    uid: input.uid,
    seq: input.seq ?? nextSeq++,
    receivedAt: input.at ?? at('10:00'),
    deviceTime: new Date((input.at ?? at('10:00')).getTime() - 150),
    protocol: 'native',
  };
  cantine.app.get(DeviceEvents).publish(event);
  const answered = answers.slice(before);
  if (answered.length !== 1) throw new Error(`expected one answer, got ${answered.length}`);
  return answered[0]!.answer;
}

export function doorContact(cantine: TestCantine, door: string, open: boolean, receivedAt = new Date(), site = 'quimper'): void {
  cantine.app.get(DeviceEvents).publish({ type: 'door', site, deviceId: `contact-${door}`, door, open, receivedAt });
}

/** A small manager client: JSON in, status and JSON out. */
export async function api(cantine: TestCantine) {
  const headers = await managerHeaders(cantine.baseUrl);
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${cantine.baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, body: text ? safeJson(text) : undefined };
  };
  return {
    headers,
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown) => call('POST', path, body),
    patch: (path: string, body?: unknown) => call('PATCH', path, body),
    put: (path: string, body?: unknown) => call('PUT', path, body),
    delete: (path: string) => call('DELETE', path),
    /** Creates a member with a badge and passes; returns the member id. */
    async member(name: string, uid: string | null, passes: object[] = [], adherent = true): Promise<string> {
      const created = await call('POST', '/api/members', { name, email: emailOf(name), adherent });
      if (created.status !== 201) throw new Error(`member: ${created.status} ${created.text}`);
      const id = (created.body as { id: string }).id;
      if (uid) await expectStatus(call('POST', `/api/members/${id}/badges`, { uid }), 201);
      for (const pass of passes) await expectStatus(call('POST', `/api/members/${id}/passes`, pass), 201);
      return id;
    },
  };
}

let nextEmail = 1;

/** E-mails are unique: two members of the same name in one suite get two addresses. */
function emailOf(name: string): string {
  return `${name.normalize('NFD').replace(/[^A-Za-z ]/g, '').toLowerCase().replaceAll(' ', '.')}.${nextEmail++}@example.org`;
}

async function expectStatus(pending: Promise<{ status: number; text: string }>, status: number): Promise<void> {
  const response = await pending;
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${response.text}`);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export { json };

