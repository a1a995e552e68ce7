// `provision`: creates the site's devices and demo members through the API (contract section 3) and
// keeps every secret and id in the credentials file. Safe to run again: it only does what is
// missing, and an endpoint that answers 404 (not built yet) is reported once and skipped.
import { describe, type CantineApi } from './api-client.js';
import { siteDate } from './clock.js';
import type { CredentialsStore, DeviceRecord, MemberRecord } from './credentials.js';
import { generateMembers, strangerUid, type EventWindow } from './members.js';
import { planDevices, type ProtocolChoice } from './plan.js';
import type { SiteLayout } from './site.js';

export interface ProvisionOptions {
  api: CantineApi;
  store: CredentialsStore;
  layout: SiteLayout;
  protocol: ProtocolChoice;
  /** Extra native devices for `load --devices N`. */
  extraLoadDevices?: number;
  /** Say what happens, one line each. */
  say?: (line: string) => void;
  /** The simulated present (`--clock`): passes start on its date. */
  now?: Date;
  eventWindow?: EventWindow;
}

export interface ProvisionReport {
  devicesCreated: number;
  devicesReused: number;
  /** Devices that exist in the service but whose secret this file does not hold. */
  devicesWithoutSecret: string[];
  membersCreated: number;
  badgesAdded: number;
  passesAdded: number;
  /** Endpoints that answered 404: features not built yet. */
  missingEndpoints: string[];
  problems: string[];
}

type Step = 'done' | 'skip' | 'stop';

class Provisioner {
  readonly report: ProvisionReport = {
    devicesCreated: 0,
    devicesReused: 0,
    devicesWithoutSecret: [],
    membersCreated: 0,
    badgesAdded: 0,
    passesAdded: 0,
    missingEndpoints: [],
    problems: [],
  };

  constructor(private readonly options: ProvisionOptions) {}

  private say(line: string): void {
    this.options.say?.(line);
  }

  /** A 404 on a route means its feature is not there yet: said once, then that step is skipped. */
  private missing(endpoint: string): Step {
    if (!this.report.missingEndpoints.includes(endpoint)) {
      this.report.missingEndpoints.push(endpoint);
      this.say(`${endpoint} answers 404: that part of the API is not built yet; carrying on without it`);
    }
    return 'stop';
  }

  private problem(line: string): Step {
    this.report.problems.push(line);
    this.say(line);
    return 'skip';
  }

  /** The file's own choice wins: re-planning its devices in another dialect would orphan them. */
  private protocol(): ProtocolChoice {
    const { store, protocol } = this.options;
    const recorded = store.data.protocol ?? (store.data.devices.length > 0 ? 'native' : undefined);
    if (recorded !== undefined && recorded !== protocol) {
      this.say(`${store.file ?? 'the credentials'} holds devices provisioned with --protocol ${recorded}: keeping it (use another --credentials file for ${protocol})`);
    }
    store.data.protocol = recorded ?? protocol;
    return store.data.protocol;
  }

  async devices(): Promise<void> {
    const { layout, extraLoadDevices } = this.options;
    for (const planned of planDevices(layout, this.protocol(), extraLoadDevices ?? 0)) {
      if ((await this.device(planned)) === 'stop') return;
    }
  }

  private async device(planned: DeviceRecord): Promise<Step> {
    const { store, api } = this.options;
    const { password: _ignored, ip, nextSeq: _seq, ...body } = planned;
    const response = await api.request('POST', '/api/devices', { ...body, site: store.data.site });
    const known = store.device(planned.id);
    if (response.status === 201) {
      const secret = (response.body as { mqtt?: { password?: unknown } | null } | null)?.mqtt?.password;
      store.upsertDevice({ ...planned, ...(typeof secret === 'string' ? { password: secret } : {}), ...(ip === undefined ? {} : { ip }) });
      this.report.devicesCreated++;
      return 'done';
    }
    if (response.status === 409) return this.existingDevice(planned, known, describe(response.body));
    if (response.status === 404) return this.missing('POST /api/devices');
    return this.problem(`device ${planned.id}: HTTP ${response.status} ${describe(response.body)}`);
  }

  private existingDevice(planned: DeviceRecord, known: DeviceRecord | undefined, why: string): Step {
    // A Zigbee2MQTT sensor has no secret of its own: its bridge's credentials publish for it.
    const needsSecret = !(planned.protocol === 'zigbee2mqtt' && planned.kind !== 'bridge');
    if (known !== undefined && (known.password !== undefined || !needsSecret)) {
      this.report.devicesReused++;
      return 'done';
    }
    if (!needsSecret) {
      this.options.store.upsertDevice(planned);
      this.report.devicesReused++;
      return 'done';
    }
    this.report.devicesWithoutSecret.push(planned.id);
    return this.problem(`device ${planned.id}: 409 (${why}) and no secret for it in ${this.options.store.file ?? 'memory'}: delete it in the service, or use a fresh DATA_DIR`);
  }

  async members(): Promise<void> {
    const { store, layout, now, eventWindow } = this.options;
    const data = store.data;
    const today = siteDate(layout.timezone, now);
    if (data.members.length === 0) data.members = generateMembers(data.seed, layout.desks.length, today, now, eventWindow);
    data.strangerUid ??= strangerUid(data.seed);
    await this.forgetIfServiceWasReset(data.members);
    for (const member of data.members) {
      if ((await this.member(member)) === 'stop') break;
    }
  }

  /** The file may outlive the service's data (a new DATA_DIR): then every member is created again. */
  private async forgetIfServiceWasReset(members: MemberRecord[]): Promise<void> {
    const sample = members.find((member) => member.id !== undefined);
    if (sample === undefined) return;
    const response = await this.options.api.request('GET', `/api/members/${encodeURIComponent(String(sample.id))}/passes`);
    if (response.status !== 404) return;
    for (const member of members) {
      delete member.id;
      delete member.badgeAdded;
      delete member.passId;
      delete member.badgeRevoked;
    }
  }

  /** The member must exist first; its badge, pass and revocation are independent of each other. */
  private async member(member: MemberRecord): Promise<Step> {
    const created = await this.createMember(member);
    if (created !== 'done') return created;
    await this.addBadge(member);
    await this.addPass(member);
    await this.revoke(member);
    return 'done';
  }

  private gone(endpoint: string): boolean {
    return this.report.missingEndpoints.includes(endpoint);
  }

  private async createMember(member: MemberRecord): Promise<Step> {
    if (member.id !== undefined) return 'done';
    const response = await this.options.api.request('POST', '/api/members', { name: member.name, email: member.email, adherent: true });
    const id = (response.body as { id?: unknown } | null)?.id;
    if (response.status === 201 && (typeof id === 'string' || typeof id === 'number')) {
      member.id = id;
      this.report.membersCreated++;
      return 'done';
    }
    if (response.status === 404) return this.missing('POST /api/members');
    // 409: e-mails are unique; the member is ours, from an earlier run without its credentials file.
    if (response.status === 409) {
      const list = await this.options.api.request('GET', '/api/members');
      const existing = Array.isArray(list.body)
        ? (list.body as Array<{ id?: unknown; email?: unknown }>).find((m) => m.email === member.email.toLowerCase())
        : undefined;
      if (existing && (typeof existing.id === 'string' || typeof existing.id === 'number')) {
        member.id = existing.id;
        return 'done';
      }
    }
    return this.problem(`member ${member.name}: HTTP ${response.status} ${describe(response.body)}`);
  }

  private async addBadge(member: MemberRecord): Promise<Step> {
    if (member.badgeAdded === true) return 'done';
    if (this.gone('POST /api/members/{id}/badges')) return 'skip';
    const response = await this.options.api.request('POST', `/api/members/${encodeURIComponent(String(member.id))}/badges`, { uid: member.uid });
    // 409: a UID already held by an active badge: ours, from an earlier run.
    if (response.status === 201 || response.status === 409) {
      member.badgeAdded = true;
      if (response.status === 201) this.report.badgesAdded++;
      return 'done';
    }
    if (response.status === 404) return this.missing('POST /api/members/{id}/badges');
    return this.problem(`badge of ${member.name}: HTTP ${response.status} ${describe(response.body)}`);
  }

  private async addPass(member: MemberRecord): Promise<Step> {
    if (member.pass === undefined || member.passId !== undefined) return 'done';
    if (this.gone('POST /api/members/{id}/passes')) return 'skip';
    const response = await this.options.api.request('POST', `/api/members/${encodeURIComponent(String(member.id))}/passes`, member.pass);
    const id = (response.body as { id?: unknown } | null)?.id;
    if (response.status === 201) {
      member.passId = typeof id === 'string' || typeof id === 'number' ? id : 'created';
      this.report.passesAdded++;
      return 'done';
    }
    if (response.status === 404) return this.missing('POST /api/members/{id}/passes');
    return this.problem(`${member.pass.type} pass of ${member.name}: HTTP ${response.status} ${describe(response.body)}`);
  }

  /** One member's badge is revoked, so the day shows a `badge-revoked` denial. */
  private async revoke(member: MemberRecord): Promise<Step> {
    if (member.role !== 'revoked' || member.badgeRevoked === true || member.badgeAdded !== true) return 'done';
    if (this.gone('POST /api/badges/{uid}/revoke')) return 'skip';
    const response = await this.options.api.request('POST', `/api/badges/${encodeURIComponent(member.uid)}/revoke`);
    if (response.status >= 200 && response.status < 300) {
      member.badgeRevoked = true;
      return 'done';
    }
    if (response.status === 404) return this.missing('POST /api/badges/{uid}/revoke');
    return this.problem(`revoking ${member.name}'s badge: HTTP ${response.status} ${describe(response.body)}`);
  }
}

export async function provision(options: ProvisionOptions): Promise<ProvisionReport> {
  const provisioner = new Provisioner(options);
  try {
    await provisioner.devices();
    options.store.save();
    await provisioner.members();
  } finally {
    options.store.save();
  }
  return provisioner.report;
}
