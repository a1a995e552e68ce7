// What a simulated device publishes, whatever its dialect: one MQTT message, ready to send.

export interface Publication {
  topic: string;
  payload: string | Buffer;
  qos: 0 | 1;
  retain: boolean;
}

/** What a device says about itself at connect and in heartbeats. */
export interface DeviceHealth {
  fw: string;
  battery?: number;
  /** dBm. */
  rssi: number;
}

/** A reader's reading of what the service sent back: a native decision or a firmware command. */
export interface ReaderReply {
  /** Native decisions carry the badge's seq; firmware commands carry none. */
  seq?: number;
  granted: boolean;
  reason?: string;
  /** Native decisions: what the signature covers besides seq and granted (docs/reader-firmware.md). */
  unlockMs?: number;
  exp?: number;
  sig?: string;
}
