// Who may connect to the embedded broker, and what each device may publish and subscribe to.
// The service's own account is handled by BrokerService; every other client is a device.
import { Injectable, Logger } from '@nestjs/common';
import type { AuthVerdict, BrokerObservation, ConnectRequest, PublishFate } from '../infra/mqtt/embedded-broker.js';
import { BrokerService, type DeviceBrokerPolicy } from '../infra/mqtt/broker.service.js';
import { clientIdRefusal } from './client-id-rule.js';
import { mayReceive, maySubscribe, publishFate } from './device-acl.js';
import { DeviceMonitor } from './device-monitor.js';
import { DeviceRegistry } from './device-registry.js';
import { DeviceSecrets } from './device-secrets.js';
import { DevicesRepository } from './devices.repository.js';
import { ThrottledLog } from './throttled-log.js';
import { AppConfig } from '../infra/config/app-config.js';

@Injectable()
export class DeviceBrokerAccess implements DeviceBrokerPolicy {
  private readonly logger = new Logger('Broker');
  private readonly refusalLog = new ThrottledLog((line) => this.logger.warn(line));
  /** Each device's stored hash: an HMAC (a few µs to check), or an old scrypt hash until its next login. */
  private readonly hashes = new Map<string, string>();

  constructor(
    private readonly broker: BrokerService,
    private readonly registry: DeviceRegistry,
    private readonly monitor: DeviceMonitor,
    private readonly config: AppConfig,
    private readonly secrets: DeviceSecrets,
    private readonly repository: DevicesRepository,
  ) {}

  /** Plugs this policy into the embedded broker (a no-op for an external broker). */
  install(): void {
    this.broker.useDevicePolicy(this);
    this.broker.configureConnectionRate(this.config.mqtt.connectionRate);
  }

  remember(deviceId: string, secretHash: string): void {
    this.hashes.set(deviceId, secretHash);
  }

  /** The stored hash of the device's secret held here (another instance may have rotated it). */
  hashOf(deviceId: string): string | undefined {
    return this.hashes.get(deviceId);
  }

  /**
   * Forgets a device's secret and cuts its live sessions: a deleted device, or one whose secret
   * was just replaced.
   */
  forget(deviceId: string): void {
    this.hashes.delete(deviceId);
    this.broker.disconnectDevice(deviceId);
  }

  /** The credentials prove a device; then its client id must not be another device's (client-id-rule.ts). */
  async authenticate(request: ConnectRequest & { username: string; password: Buffer }): Promise<AuthVerdict> {
    const { username, clientId } = request;
    if (!(await this.credentialsValid(username, request.password))) return 'bad-credentials';
    const device = this.registry.get(username);
    const named = clientId !== username ? this.registry.get(clientId) : undefined;
    const heldBy = request.heldBy();
    const refusal = clientIdRefusal({
      clientId,
      username,
      clean: request.clean,
      native: device?.protocol === 'native',
      ...(named ? { deviceNamed: named.id } : {}),
      ...(heldBy !== undefined ? { heldBy } : {}),
    });
    if (refusal === null) return 'ok';
    this.refusalLog.log(`client-id:${username}`, `Refused MQTT login of device ${username} with client id "${clientId.slice(0, 64)}": ${refusal}`);
    return 'identifier-rejected';
  }

  /**
   * What the service reads is delivered; what it does not read from the device's own namespace or
   * discard list (stock firmware's discovery and connect-time messages) is dropped quietly; anything
   * else is dropped, counted and logged. The session stays open in every case.
   */
  publishFate(deviceId: string, topic: string): PublishFate {
    const acl = this.registry.acl(deviceId);
    const device = this.registry.get(deviceId);
    const fate = acl && device ? publishFate(acl, topic, (t) => device.protocol === 'native' || this.registry.route(t) !== undefined) : 'refuse';
    if (fate === 'refuse') this.refuse(deviceId, `publish to ${topic}`);
    return fate;
  }

  authorizeSubscribe(deviceId: string, filter: string, clientId: string): boolean {
    const acl = this.registry.acl(deviceId);
    if (acl && maySubscribe(acl, filter, clientId)) return true;
    this.refuse(deviceId, `subscription to ${filter}`);
    return false;
  }

  mayReceive(deviceId: string, topic: string): boolean {
    const acl = this.registry.acl(deviceId);
    return acl !== undefined && mayReceive(acl, topic);
  }

  observe(observation: BrokerObservation): void {
    switch (observation.type) {
      case 'alive':
        return this.monitor.seen(observation.username);
      case 'publish-skipped':
        // Read through by the packet guard without buffering it: dropped, the session kept.
        if (observation.fate === 'read') {
          this.monitor.drop(observation.username, 'oversized');
          this.refusalLog.log(`packet:${observation.username}`, `Dropped an oversized message (${observation.bytes} bytes) from device ${observation.username} on ${observation.topic}`);
        }
        return;
      case 'packet-refused': {
        const who = observation.username ?? observation.address ?? 'unknown';
        if (observation.username) this.monitor.drop(observation.username, observation.reason === 'oversized' ? 'oversized' : 'malformed');
        this.refusalLog.log(`packet:${who}`, `Closed the MQTT connection of ${who}: ${observation.reason} packet (${observation.detail})`);
        return;
      }
      case 'client-dropped': {
        const who = observation.username ?? observation.address;
        this.refusalLog.log(`slow:${who}`, `Closed the MQTT connection of ${who}: it stopped reading (${observation.detail})`);
        return;
      }
      case 'connection-refused':
        if (observation.reason === 'rate') {
          this.refusalLog.log(`rate:${observation.address}`, `Refusing MQTT connections from ${observation.address}: over the connection rate limit`);
        } else {
          // A flood comes from many addresses: one line a minute, not one per address.
          const why = observation.reason === 'pending-cap' ? 'to make room under the cap on connections not yet authenticated' : 'not authenticated in time';
          this.refusalLog.log(`pending:${observation.reason}`, `Closing MQTT connections ${why} (e.g. from ${observation.address})`);
        }
    }
  }

  private async credentialsValid(username: string, password: Buffer): Promise<boolean> {
    const hash = this.hashes.get(username);
    const check = await this.secrets.check(password, hash);
    // Rotated or deleted while an old scrypt hash was checked: the secret is no longer the device's.
    const current = hash !== undefined && this.hashes.get(username) === hash;
    if (!hash || !check.valid || !current) {
      this.refusalLog.log(`auth:${username.slice(0, 64)}`, `Refused MQTT login as "${username.slice(0, 64)}": ${hash ? 'wrong secret' : 'unknown device'}`);
      return false;
    }
    if (check.upgrade) this.upgrade(username, hash, check.upgrade);
    return true;
  }

  /** An old scrypt row proved by a login is re-stored as an HMAC; a failed write is retried next start. */
  private upgrade(deviceId: string, from: string, to: string): void {
    this.hashes.set(deviceId, to);
    this.repository.upgradeSecretHash(deviceId, from, to).catch((error: unknown) => {
      this.logger.warn(`Could not re-store the secret hash of device ${deviceId} as an HMAC: ${error instanceof Error ? error.message : error}`);
    });
  }

  private refuse(deviceId: string, what: string): void {
    this.monitor.drop(deviceId, 'unauthorised');
    this.refusalLog.log(`acl:${deviceId}`, `Refused ${what} by device ${deviceId}: outside its topics`);
  }
}
