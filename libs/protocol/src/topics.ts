// Topics of the native MQTT device protocol v1 (contract section 2). Build and parse them here,
// never by string concatenation at call sites.

/** `{site}`, `{readerId}`, `{deskId}`, `{doorId}`, `{deviceId}` (contract section 2). */
export const ID_PATTERN = /^[a-z0-9-]{1,64}$/;

export const DEFAULT_TOPIC_ROOT = 'cantine';

export type TopicKind = 'badge' | 'decision' | 'door-state' | 'presence' | 'device-status' | 'seats' | 'allow-list';

export const TOPIC_KINDS: readonly TopicKind[] = ['badge', 'decision', 'door-state', 'presence', 'device-status', 'seats', 'allow-list'];

export type ParsedTopic =
  | { kind: 'badge'; site: string; readerId: string }
  | { kind: 'decision'; site: string; readerId: string }
  | { kind: 'door-state'; site: string; doorId: string }
  | { kind: 'presence'; site: string; deskId: string }
  | { kind: 'device-status'; site: string; deviceId: string }
  | { kind: 'seats'; site: string }
  | { kind: 'allow-list'; site: string; readerId: string };

export type TopicOf<K extends TopicKind> = Extract<ParsedTopic, { kind: K }>;

type EntityKind = Exclude<TopicKind, 'seats'>;
type IdKey = 'readerId' | 'doorId' | 'deskId' | 'deviceId';

/** The shape `{root}/{site}/{collection}/{id}/{leaf}` of every per-entity topic. */
const LAYOUT: Record<EntityKind, { collection: string; leaf: string; idKey: IdKey }> = {
  badge: { collection: 'readers', leaf: 'badge', idKey: 'readerId' },
  decision: { collection: 'readers', leaf: 'decision', idKey: 'readerId' },
  'door-state': { collection: 'doors', leaf: 'state', idKey: 'doorId' },
  presence: { collection: 'desks', leaf: 'presence', idKey: 'deskId' },
  'device-status': { collection: 'devices', leaf: 'status', idKey: 'deviceId' },
  // Additive (docs/reader-firmware.md): the signed list a native reader decides from offline.
  'allow-list': { collection: 'readers', leaf: 'allow-list', idKey: 'readerId' },
};

const SEATS_LEAF = 'seats';

/** `{collection}/{leaf}` to its kind, for parsing (every message goes through it). */
const KIND_BY_PLACE = new Map(
  (Object.entries(LAYOUT) as [EntityKind, (typeof LAYOUT)[EntityKind]][]).map(([kind, layout]) => [`${layout.collection}/${layout.leaf}`, { kind, idKey: layout.idKey }]),
);

/** QoS and retain flag per topic, as contract section 2 fixes them. */
export const TOPIC_DELIVERY: Record<TopicKind, { qos: 0 | 1; retain: boolean }> = {
  badge: { qos: 1, retain: false },
  decision: { qos: 1, retain: false },
  'door-state': { qos: 1, retain: false },
  presence: { qos: 1, retain: false },
  'device-status': { qos: 1, retain: true },
  seats: { qos: 1, retain: true },
  // Retained: a reader that (re)connects gets the current list without asking.
  'allow-list': { qos: 1, retain: true },
};

/** Whether `id` is a protocol id. Not a string is not one: RegExp.test would read undefined as "undefined". */
export function isValidId(id: unknown): id is string {
  return typeof id === 'string' && ID_PATTERN.test(id);
}

/** A root is one or more non-empty levels without MQTT wildcards, e.g. `cantine` or `acme/cantine`. */
export function isValidRoot(root: string): boolean {
  return root.split('/').every((level) => level.length > 0 && !/[+#\u0000]/.test(level));
}

function assertRoot(root: string): void {
  if (!isValidRoot(root)) throw new RangeError(`invalid MQTT topic root "${root}"`);
}

function assertId(name: string, id: string): void {
  if (!isValidId(id)) throw new RangeError(`invalid ${name} "${id}": expected ${ID_PATTERN.source}`);
}

function entityId(topic: Exclude<ParsedTopic, { kind: 'seats' }>): string {
  switch (topic.kind) {
    case 'badge':
    case 'decision':
    case 'allow-list':
      return topic.readerId;
    case 'door-state':
      return topic.doorId;
    case 'presence':
      return topic.deskId;
    case 'device-status':
      return topic.deviceId;
  }
}

/** Builds the topic of a parsed form; throws RangeError on an invalid id (a programming error). */
export function buildTopic(topic: ParsedTopic, root: string = DEFAULT_TOPIC_ROOT): string {
  assertRoot(root);
  assertId('site', topic.site);
  if (topic.kind === 'seats') return [root, topic.site, SEATS_LEAF].join('/');
  const layout = LAYOUT[topic.kind];
  const id = entityId(topic);
  assertId(layout.idKey, id);
  return [root, topic.site, layout.collection, id, layout.leaf].join('/');
}

export const badgeTopic = (site: string, readerId: string, root?: string): string =>
  buildTopic({ kind: 'badge', site, readerId }, root);

export const decisionTopic = (site: string, readerId: string, root?: string): string =>
  buildTopic({ kind: 'decision', site, readerId }, root);

export const doorStateTopic = (site: string, doorId: string, root?: string): string =>
  buildTopic({ kind: 'door-state', site, doorId }, root);

export const presenceTopic = (site: string, deskId: string, root?: string): string =>
  buildTopic({ kind: 'presence', site, deskId }, root);

export const deviceStatusTopic = (site: string, deviceId: string, root?: string): string =>
  buildTopic({ kind: 'device-status', site, deviceId }, root);

export const allowListTopic = (site: string, readerId: string, root?: string): string =>
  buildTopic({ kind: 'allow-list', site, readerId }, root);

export const seatsTopic = (site: string, root?: string): string => buildTopic({ kind: 'seats', site }, root);

function parseEntity(site: string, levels: string[]): ParsedTopic | null {
  const [collection, id, leaf] = levels;
  if (levels.length !== 3 || !isValidId(id)) return null;
  const place = KIND_BY_PLACE.get(`${collection}/${leaf}`);
  return place ? ({ kind: place.kind, site, [place.idKey]: id } as ParsedTopic) : null;
}

/** Parses a native topic under `root`; null for anything else (other roots, bad ids, unknown leaves). */
export function parseTopic(topic: string, root: string = DEFAULT_TOPIC_ROOT): ParsedTopic | null {
  if (!isValidRoot(root) || !topic.startsWith(`${root}/`)) return null;
  const [site, ...rest] = topic.slice(root.length + 1).split('/');
  if (!isValidId(site)) return null;
  if (rest.length === 1 && rest[0] === SEATS_LEAF) return { kind: 'seats', site };
  return parseEntity(site, rest);
}

/**
 * Subscription filter for one kind, all sites (or one site) and all ids, e.g.
 * `cantine/+/readers/+/badge`. `+` is the MQTT single-level wildcard [MQTT-4.7.1-2].
 */
export function topicFilter(kind: TopicKind, root: string = DEFAULT_TOPIC_ROOT, site?: string): string {
  assertRoot(root);
  if (site !== undefined) assertId('site', site);
  const siteLevel = site ?? '+';
  if (kind === 'seats') return [root, siteLevel, SEATS_LEAF].join('/');
  const layout = LAYOUT[kind];
  return [root, siteLevel, layout.collection, '+', layout.leaf].join('/');
}
