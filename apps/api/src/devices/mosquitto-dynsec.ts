// Mosquitto's dynamic security plugin, driven by the service (MQTT_DYNSEC=1 with MQTT_URL): device
// accounts and ACLs change at run time by JSON commands on `$CONTROL/dynamic-security/v1` (stack
// notes 15), so provisioning, rotation and deletion take effect at once, with no file and no
// reload; setClientPassword and deleteClient also kick the live session. Each device gets its own
// role holding its ACL (device-acl.ts, the one definition the embedded broker uses too).
import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../infra/config/app-config.js';
import { ConfigError } from '../infra/config/config-error.js';
import { BrokerService } from '../infra/mqtt/broker.service.js';
import type { DeviceAcl } from './device-acl.js';

const CONTROL_TOPIC = '$CONTROL/dynamic-security/v1';
const RESPONSE_TOPIC = `${CONTROL_TOPIC}/response`;
const ANSWER_WITHIN_MS = 5000;
/** What the service writes in each device client's textname: how a sync tells its clients apart. */
export const DEVICE_TEXTNAME = 'Cantine device';

export type DynsecCommand = { command: string } & Record<string, unknown>;
export interface DynsecResponse {
  command: string;
  error?: string;
  data?: Record<string, unknown>;
}

/** The role that holds one device's ACL. */
export const deviceRole = (deviceId: string) => `cantine-device-${deviceId}`;

/**
 * Both subscribe forms: `subscribePattern` lets a device subscribe to filters inside its own (a
 * Tasmota subscribing to `cmnd/{topic}/#`), `subscribeLiteral` the exact filter whatever the
 * plugin's matching of wildcards in subscriptions.
 */
export function dynsecAcls(acl: DeviceAcl): Array<{ acltype: string; topic: string; allow: true }> {
  return [
    ...acl.publish.map((topic) => ({ acltype: 'publishClientSend', topic, allow: true as const })),
    ...acl.subscribe.flatMap((topic) => ['subscribeLiteral', 'subscribePattern'].map((acltype) => ({ acltype, topic, allow: true as const }))),
  ];
}

@Injectable()
export class MosquittoDynsec {
  private readonly logger = new Logger('Dynsec');
  private readonly pending = new Map<string, (responses: DynsecResponse[]) => void>();
  private started = false;

  constructor(
    private readonly broker: BrokerService,
    private readonly config: AppConfig,
  ) {}

  get enabled(): boolean {
    return this.config.mqtt.dynsec && this.broker.engine === 'external';
  }

  /**
   * Listens for the plugin's answers, checks it answers at all, and lets the service publish: the
   * `admin` role `mosquitto_ctrl dynsec init` makes reads everything but may publish only on
   * `$CONTROL`. The right is added to the service's own role, not as a new role of its client:
   * changing a client's roles kicks its sessions, the service's own included.
   */
  async start(): Promise<void> {
    if (!this.enabled || this.started) return;
    this.started = true;
    await this.broker.subscribe(RESPONSE_TOPIC, (_topic, payload) => this.answer(payload));
    const service = this.config.mqtt.username!;
    try {
      const [found] = await this.run([{ command: 'getClient', username: service }]);
      const client = found?.data?.client as { roles?: Array<{ rolename: string }> } | undefined;
      const roles = (client?.roles ?? []).map((role) => role.rolename);
      if (roles.length === 0) throw new Error(`${service} has no role`);
      const publishAnywhere = { command: 'addRoleACL', rolename: roles[0]!, acltype: 'publishClientSend', topic: '#', allow: true };
      await this.run([publishAnywhere], ['ACL with this topic already exists']);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new ConfigError('MQTT_DYNSEC', `Mosquitto's dynamic security plugin did not accept the service (${why}): load the plugin and make MQTT_USERNAME its admin (mosquitto_ctrl dynsec init)`);
    }
  }

  /**
   * Runs commands in one message, in order; rejects on the first error not listed in `tolerated`
   * (e.g. "Client not found" when deleting twice is fine).
   */
  async run(commands: DynsecCommand[], tolerated: string[] = []): Promise<DynsecResponse[]> {
    const correlation = randomUUID();
    const answered = new Promise<DynsecResponse[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(correlation);
        reject(new Error(`no answer on ${RESPONSE_TOPIC} within ${ANSWER_WITHIN_MS / 1000} s`));
      }, ANSWER_WITHIN_MS);
      this.pending.set(correlation, (responses) => {
        clearTimeout(timer);
        resolve(responses);
      });
    });
    const payload = { commands: commands.map((command) => ({ ...command, correlationData: correlation })) };
    await this.broker.publish(CONTROL_TOPIC, JSON.stringify(payload), { qos: 1 });
    const responses = await answered;
    const failed = responses.find((response) => response.error && !tolerated.includes(response.error));
    if (failed) throw new Error(`${failed.command}: ${failed.error}`);
    return responses;
  }

  /** Every client of the plugin with its textname and roles (a site has hundreds, one page does). */
  async clients(): Promise<Array<{ username: string; textname?: string; roles: string[] }>> {
    const [listed] = await this.run([{ command: 'listClients', verbose: true, count: -1, offset: 0 }]);
    const clients = (listed?.data?.clients ?? []) as Array<{ username: string; textname?: string; roles?: Array<{ rolename: string }> }>;
    return clients.map((client) => ({
      username: client.username,
      ...(client.textname ? { textname: client.textname } : {}),
      roles: (client.roles ?? []).map((role) => role.rolename),
    }));
  }

  /** The plugin answers every command of a message in one response message, each with its correlation data. */
  private answer(payload: Buffer): void {
    let responses: Array<DynsecResponse & { correlationData?: string }>;
    try {
      responses = (JSON.parse(payload.toString('utf8')) as { responses?: typeof responses }).responses ?? [];
    } catch {
      this.logger.warn('Unreadable answer from the dynamic security plugin, ignored');
      return;
    }
    const correlation = responses.find((response) => response.correlationData)?.correlationData;
    const waiting = correlation ? this.pending.get(correlation) : undefined;
    if (!correlation || !waiting) return;
    this.pending.delete(correlation);
    waiting(responses);
  }
}
