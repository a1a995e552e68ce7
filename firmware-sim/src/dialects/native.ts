// Native protocol v1 (contract section 2): topics from libs/protocol's builders, payloads through
// its encodeMessage (validated, canonical UIDs), QoS and retain from its TOPIC_DELIVERY table.
import {
  allowListTopic,
  badgeTopic,
  decisionTopic,
  decodeMessage,
  deviceStatusTopic,
  doorStateTopic,
  encodeMessage,
  OFFLINE_LAST_WILL,
  presenceTopic,
  TOPIC_DELIVERY,
  type TopicKind,
} from '#protocol';
import type { DeviceHealth, Publication, ReaderReply } from './types.js';

export interface NativeTarget {
  site: string;
  root: string;
}

const delivery = (kind: TopicKind) => TOPIC_DELIVERY[kind];

export function nativeBadge(target: NativeTarget, readerId: string, uid: string, seq: number): Publication {
  return { topic: badgeTopic(target.site, readerId, target.root), payload: encodeMessage('badge', { uid, seq }), ...delivery('badge') };
}

export function nativePresence(target: NativeTarget, deskId: string, occupied: boolean, battery?: number): Publication {
  const message = battery === undefined ? { occupied } : { occupied, battery: Math.round(battery) };
  return { topic: presenceTopic(target.site, deskId, target.root), payload: encodeMessage('presence', message), ...delivery('presence') };
}

export function nativeDoorState(target: NativeTarget, doorId: string, open: boolean): Publication {
  return { topic: doorStateTopic(target.site, doorId, target.root), payload: encodeMessage('door-state', { open }), ...delivery('door-state') };
}

export function nativeStatus(target: NativeTarget, deviceId: string, health: DeviceHealth): Publication {
  const battery = health.battery === undefined ? {} : { battery: Math.round(health.battery) };
  const message = { online: true, fw: health.fw, rssi: Math.round(health.rssi), ...battery };
  return { topic: deviceStatusTopic(target.site, deviceId, target.root), payload: encodeMessage('device-status', message), ...delivery('device-status') };
}

/** The last will, and what a clean stop publishes itself (a clean DISCONNECT discards the will [MQTT-3.1.2-10]). */
export function nativeOffline(target: NativeTarget, deviceId: string): Publication {
  return {
    topic: deviceStatusTopic(target.site, deviceId, target.root),
    payload: encodeMessage('device-status', OFFLINE_LAST_WILL),
    ...delivery('device-status'),
  };
}

export function nativeDecisionTopic(target: NativeTarget, readerId: string): string {
  return decisionTopic(target.site, readerId, target.root);
}

export function nativeAllowListTopic(target: NativeTarget, readerId: string): string {
  return allowListTopic(target.site, readerId, target.root);
}

/** Reads a decision with the library's own decoder; anything else is not for this reader. */
export function readNativeDecision(topic: string, payload: Buffer | string, root: string): ReaderReply | undefined {
  const decoded = decodeMessage(topic, payload, root);
  if (!decoded.ok || decoded.kind !== 'decision') return undefined;
  const { seq, granted, reason, exp, sig } = decoded.message;
  const unlockMs = decoded.message.granted ? decoded.message.unlockMs : undefined;
  return {
    seq,
    granted,
    reason,
    ...(unlockMs === undefined ? {} : { unlockMs }),
    ...(exp === undefined ? {} : { exp }),
    ...(sig === undefined ? {} : { sig }),
  };
}
