// Which MQTT client id a device may connect with on the embedded broker. Stock firmwares do not let
// the client id be the device id (esp-rfid's AsyncMqttClient always sends `esp8266-<chip id>`,
// Tasmota defaults to `DVES_<6 hex>`, Zigbee2MQTT's mqtt.js makes one up), so the username and
// password identify a device whatever its client id. What the client id still decides is whose
// session a connection takes over [MQTT-3.1.4-2] and which stored session it resumes
// [MQTT-3.1.2-4]: those must never be another device's.

export interface ClientIdRequest {
  clientId: string;
  /** The device the credentials proved. */
  username: string;
  /** Clean session flag of the CONNECT: false asks for a session that outlives the connection. */
  clean: boolean;
  /** Native devices speak our protocol and can choose their client id. */
  native: boolean;
  /** The device whose id equals `clientId`, when there is one. */
  deviceNamed?: string;
  /** The device connected (or connecting) with `clientId` right now, when there is one. */
  heldBy?: string;
}

/** Why the client id is refused (CONNACK 2, identifier rejected), or null when it may be used. */
export function clientIdRefusal(request: ClientIdRequest): string | null {
  const { clientId, username } = request;
  // A device's own id is always its own: connecting with it takes over only its own sessions.
  if (clientId === username) return null;
  // Native firmware sets its client id: keeping it to the device id keeps each native session
  // (and the decisions queued in it) tied to one device, and one client id per device in logs.
  if (request.native) return 'a native device connects with its device id as client id';
  // Stored sessions are kept by client id only: one resumed under any other id could be a session
  // another device left. Stock firmwares all use clean sessions.
  if (!request.clean) return 'a persistent session (clean session 0) needs the device id as client id';
  if (request.deviceNamed !== undefined) return `client id of device ${request.deviceNamed}`;
  if (request.heldBy !== undefined && request.heldBy !== username) return 'client id in use by another device';
  return null;
}
