// The policy hooks handed to aedes: who connects under which client id, what becomes of each
// publish, what may be subscribed to and what is forwarded to whom.
import type { AedesOptions, AedesPublishPacket, Client } from 'aedes';
import type { BrokerPolicy } from './embedded-broker.js';

// aedes' AuthErrorCode is a const enum: its literal values [MQTT-3.2.2-3].
const IDENTIFIER_REJECTED = 2;
const BAD_USERNAME_OR_PASSWORD = 4;

/**
 * Where a publish the service does not read goes: aedes has no way to accept a PUBLISH and drop it
 * (any error from authorizePublish closes the connection, stack notes 2 and 13), so the packet is
 * accepted, acknowledged as its QoS requires, and re-addressed here, with no payload and no retain
 * flag. Nothing can subscribe to it: clients may not subscribe to `$` topics and `#` never matches
 * them [MQTT-4.7.2-1]; the service subscribes only to what it reads.
 */
export const DISCARD_TOPIC = '$cantine/discarded';

/** Which authenticated device holds each client id, until that connection closes. */
export class ClientIds {
  private readonly holders = new Map<string, { username: string; client: Client }>();

  holder(clientId: string): string | undefined {
    return this.holders.get(clientId)?.username;
  }

  claim(client: Client, username: string): void {
    this.holders.set(client.id, { username, client });
    client.conn.once('close', () => {
      if (this.holders.get(client.id)?.client === client) this.holders.delete(client.id);
    });
  }
}

function refusal(message: string, returnCode: number) {
  return Object.assign(new Error(message), { returnCode });
}

export function brokerHooks(
  policy: BrokerPolicy,
  identities: WeakMap<Client, string>,
  clientIds: ClientIds,
  authenticated: (client: Client) => void,
): Partial<AedesOptions> {
  return {
    authenticate: (client, username, password, done) => {
      // heldBy is read after the credentials are checked, and the claim made in the same microtask
      // chain: two logins racing for one client id cannot both see it free.
      const request = { clientId: client.id, username, password, clean: client.clean, heldBy: () => clientIds.holder(client.id) };
      policy.authenticate(request).then(
        (verdict) => {
          if (verdict === 'identifier-rejected') return done(refusal('Client id refused', IDENTIFIER_REJECTED), false);
          if (verdict !== 'ok') return done(refusal('Bad username or password', BAD_USERNAME_OR_PASSWORD), false);
          identities.set(client, username!);
          clientIds.claim(client, username!);
          authenticated(client);
          done(null, true);
        },
        () => done(refusal('Authentication failed', BAD_USERNAME_OR_PASSWORD), false),
      );
    },
    // Never an error (that would close the connection): what the service does not read, and what
    // the device may not publish (counted by the policy), goes to the discard topic. The same check
    // runs on the client's last will when it is published.
    authorizePublish: (client, packet, callback) => {
      const username = client ? identities.get(client) : undefined;
      const fate = username !== undefined && !packet.topic.startsWith('$') ? policy.publishFate(username, packet.topic) : 'refuse';
      if (fate !== 'read') {
        packet.topic = DISCARD_TOPIC;
        packet.payload = Buffer.alloc(0);
        packet.retain = false;
      }
      callback(null);
    },
    // cb(null, null) refuses the one subscription (granted 128) and keeps the client (stack notes, pitfall 2).
    authorizeSubscribe: (client, subscription, callback) => {
      const username = identities.get(client);
      const allowed = username !== undefined && policy.authorizeSubscribe(username, subscription.topic, client.id);
      callback(null, allowed ? subscription : null);
    },
    // Devices receive what the service publishes (and their own messages back, as from any
    // broker), never another device's: a device's publish is for the service alone. And only on
    // their own topics: a subscription granted for stock firmware's sake alone (Home Assistant's,
    // Tasmota's group topic) is fed nothing, whoever publishes.
    authorizeForward: (client, packet) => {
      const publisher = (packet as AedesPublishPacket & { clientId?: string }).clientId;
      if (publisher !== undefined && publisher !== client.id) return null;
      const username = identities.get(client);
      return username !== undefined && policy.mayReceive(username, packet.topic) ? packet : null;
    },
  };
}
