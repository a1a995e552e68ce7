// Provisions the run's devices and members through the public API (contract section 3), as an
// installer's script would: logged in as a manager, requests in parallel batches.
import { CantineApi } from '../firmware-sim/src/index.js';
import type { PlannedDevice, PlannedMember } from './fleet-plan.js';
import { ADMIN } from './processes.js';

export interface ProvisionedDevice extends PlannedDevice {
  password: string;
}

export async function managerApi(base: string): Promise<CantineApi> {
  const api = new CantineApi(base);
  await api.login(ADMIN.email, ADMIN.password);
  return api;
}

async function inBatches<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

export async function provisionDevices(api: CantineApi, devices: readonly PlannedDevice[], concurrency = 8): Promise<ProvisionedDevice[]> {
  return inBatches(devices, concurrency, async (device) => {
    const response = await api.request('POST', '/api/devices', { site: device.site, ...device.body });
    const password = (response.body as { mqtt?: { password?: string } } | null)?.mqtt?.password;
    if (response.status !== 201 || !password) throw new Error(`provisioning ${device.id}: HTTP ${response.status} ${JSON.stringify(response.body)}`);
    return { ...device, password };
  });
}

export async function provisionMembers(api: CantineApi, members: readonly PlannedMember[], concurrency = 8): Promise<void> {
  const now = Date.now();
  const check = (what: string, response: { status: number; body: unknown }) => {
    if (response.status !== 201) throw new Error(`${what}: HTTP ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as { id: string };
  };
  await inBatches(members, concurrency, async (member) => {
    const { id } = check(member.name, await api.request('POST', '/api/members', { name: member.name, email: member.email, adherent: true }));
    check(`badge of ${member.name}`, await api.request('POST', `/api/members/${id}/badges`, { uid: member.uid }));
    // Staff: any time, every zone. Event: a window around the run, whatever the opening hours.
    const pass =
      member.role === 'staff'
        ? { type: 'staff' }
        : member.role === 'event'
          ? { type: 'event', validFrom: new Date(now - 3_600_000).toISOString(), validUntil: new Date(now + 86_400_000).toISOString(), title: 'Benchmark' }
          : undefined;
    if (pass) check(`pass of ${member.name}`, await api.request('POST', `/api/members/${id}/passes`, pass));
  });
}
