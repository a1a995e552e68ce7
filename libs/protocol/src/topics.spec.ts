import { describe, expect, it } from 'vitest';
import {
  allowListTopic,
  badgeTopic,
  buildTopic,
  decisionTopic,
  deviceStatusTopic,
  doorStateTopic,
  isValidId,
  parseTopic,
  presenceTopic,
  seatsTopic,
  TOPIC_KINDS,
  topicFilter,
  type ParsedTopic,
} from './topics.js';

const EVERY_KIND: { topic: ParsedTopic; text: string }[] = [
  { topic: { kind: 'badge', site: 'quimper', readerId: 'entrance-reader' }, text: 'cantine/quimper/readers/entrance-reader/badge' },
  { topic: { kind: 'decision', site: 'quimper', readerId: 'entrance-reader' }, text: 'cantine/quimper/readers/entrance-reader/decision' },
  { topic: { kind: 'door-state', site: 'quimper', doorId: 'open-space' }, text: 'cantine/quimper/doors/open-space/state' },
  { topic: { kind: 'presence', site: 'quimper', deskId: 'desk-07' }, text: 'cantine/quimper/desks/desk-07/presence' },
  { topic: { kind: 'device-status', site: 'quimper', deviceId: 'sensor-1' }, text: 'cantine/quimper/devices/sensor-1/status' },
  { topic: { kind: 'seats', site: 'quimper' }, text: 'cantine/quimper/seats' },
  { topic: { kind: 'allow-list', site: 'quimper', readerId: 'entrance-reader' }, text: 'cantine/quimper/readers/entrance-reader/allow-list' },
];

describe('topics of contract section 2', () => {
  it('cover every topic kind', () => {
    expect(EVERY_KIND.map((entry) => entry.topic.kind)).toEqual([...TOPIC_KINDS]);
  });

  it.each(EVERY_KIND)('$text builds and parses back', ({ topic, text }) => {
    expect(buildTopic(topic)).toBe(text);
    expect(parseTopic(text)).toEqual(topic);
  });

  it.each(EVERY_KIND)('$topic.kind round-trips under a configured root', ({ topic }) => {
    const built = buildTopic(topic, 'acme/coworking');
    expect(built.startsWith('acme/coworking/quimper/')).toBe(true);
    expect(parseTopic(built, 'acme/coworking')).toEqual(topic);
    expect(parseTopic(built)).toBeNull();
  });

  it('named builders match the generic one', () => {
    expect(badgeTopic('quimper', 'r1')).toBe('cantine/quimper/readers/r1/badge');
    expect(decisionTopic('quimper', 'r1', 'x')).toBe('x/quimper/readers/r1/decision');
    expect(doorStateTopic('quimper', 'entrance')).toBe('cantine/quimper/doors/entrance/state');
    expect(presenceTopic('quimper', 'desk-07')).toBe('cantine/quimper/desks/desk-07/presence');
    expect(deviceStatusTopic('quimper', 'd1')).toBe('cantine/quimper/devices/d1/status');
    expect(seatsTopic('quimper')).toBe('cantine/quimper/seats');
  });

  it('accepts ids of 1 and 64 characters', () => {
    const long = 'a'.repeat(64);
    expect(parseTopic(`cantine/q/readers/${long}/badge`)).toEqual({ kind: 'badge', site: 'q', readerId: long });
  });
});

describe('parseTopic refuses what is not a protocol topic', () => {
  it.each([
    ['upper-case id', 'cantine/quimper/readers/Reader-1/badge'],
    ['id of 65 characters', `cantine/quimper/readers/${'a'.repeat(65)}/badge`],
    ['underscore in site', 'cantine/qui_mper/seats'],
    ['empty id', 'cantine/quimper/readers//badge'],
    ['wrong collection for the leaf', 'cantine/quimper/doors/entrance/badge'],
    ['unknown leaf', 'cantine/quimper/readers/r1/reboot'],
    ['extra level', 'cantine/quimper/readers/r1/badge/extra'],
    ['missing level', 'cantine/quimper/readers/badge'],
    ['seats with an id', 'cantine/quimper/seats/desk-07'],
    ['another leaf right under the site', 'cantine/quimper/desks'],
    ['other root', 'tele/tasmota/SENSOR'],
    ['root prefix without separator', 'cantinex/quimper/seats'],
    ['wildcard', 'cantine/+/seats'],
    ['root alone', 'cantine'],
  ])('%s', (_name, topic) => {
    expect(parseTopic(topic)).toBeNull();
  });

  it('refuses an invalid root rather than matching on it', () => {
    expect(parseTopic('cantine/quimper/seats', 'can#')).toBeNull();
  });
});

describe('builders refuse invalid ids (a programming error)', () => {
  it.each([
    () => badgeTopic('Quimper', 'r1'),
    () => presenceTopic('quimper', 'desk 7'),
    () => seatsTopic(''),
    () => doorStateTopic('quimper', 'a/b'),
    () => seatsTopic('quimper', 'root/+'),
    () => seatsTopic('quimper', 'root//x'),
  ])('throws RangeError %#', (build) => {
    expect(build).toThrow(RangeError);
  });
});

describe('isValidId', () => {
  it.each([['quimper'], ['r1'], ['a'.repeat(64)]])('takes %s', (id) => {
    expect(isValidId(id)).toBe(true);
  });

  // RegExp.test turns its argument into a string: undefined, null and 42 read as valid ids.
  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['an empty string', ''],
    ['65 characters', 'a'.repeat(65)],
    ['upper case', 'Quimper'],
  ])('refuses %s', (_case, id) => {
    expect(isValidId(id)).toBe(false);
  });

  it('a builder given no site (from untyped data) throws instead of building cantine/undefined/seats', () => {
    expect(() => seatsTopic(undefined as unknown as string)).toThrow(/^invalid site "undefined"/);
  });
});

describe('topicFilter', () => {
  it('subscribes to one kind on every site', () => {
    expect(topicFilter('badge')).toBe('cantine/+/readers/+/badge');
    expect(topicFilter('seats', 'x')).toBe('x/+/seats');
  });

  it('narrows to one site', () => {
    expect(topicFilter('presence', 'cantine', 'quimper')).toBe('cantine/quimper/desks/+/presence');
  });
});

describe('topics: what is refused, built or parsed at the edges', () => {
  it('refuses to build under a bad root or for a bad site, naming them', () => {
    expect(() => buildTopic({ kind: 'seats', site: 'quimper' }, 'acme/+')).toThrow(new RangeError('invalid MQTT topic root "acme/+"'));
    expect(() => buildTopic({ kind: 'seats', site: 'Quimper' })).toThrow(/^invalid site "Quimper": expected /);
    expect(() => buildTopic({ kind: 'badge', site: 'quimper', readerId: 'R1' })).toThrow(/^invalid readerId "R1": expected /);
  });

  it('builds the allow-list topic like any other', () => {
    expect(allowListTopic('quimper', 'r1')).toBe(buildTopic({ kind: 'allow-list', site: 'quimper', readerId: 'r1' }));
    expect(parseTopic(allowListTopic('quimper', 'r1'))).toEqual({ kind: 'allow-list', site: 'quimper', readerId: 'r1' });
  });

  it.each([
    ['a level after seats', 'cantine/quimper/seats/extra'],
    ['a bad site before seats', 'cantine/Quimper/seats'],
    ['a level after a badge leaf', 'cantine/quimper/readers/r1/badge/extra'],
    ['nothing after the site', 'cantine/quimper'],
  ])('parses nothing from %s', (_case, topic) => {
    expect(parseTopic(topic)).toBeNull();
  });

  it('filters one site, checking it, or every site', () => {
    expect(topicFilter('badge', 'cantine', 'quimper')).toBe('cantine/quimper/readers/+/badge');
    expect(topicFilter('seats')).toBe('cantine/+/seats');
    expect(() => topicFilter('badge', 'cantine', 'Quimper')).toThrow(/^invalid site "Quimper"/);
    expect(() => topicFilter('badge', 'acme/#')).toThrow(/^invalid MQTT topic root/);
  });
});
