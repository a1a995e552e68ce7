// Équipements: every device with online state, battery (low under 20 %), last seen and the
// counters of dropped messages, read again every 30 s. Managers also provision a device (its
// secret and firmware settings shown once), rename or move it, rotate its secret and delete it.
import { card, h, note, table } from '../dom.js';
import type { DeviceView } from '../types.js';
import { failure, fill, type Context, type View } from '../view.js';
import { deviceActions, provisionForm } from './device-forms.js';

export const LOW_BATTERY = 20;
const REFRESH_MS = 30_000;

export function devicesView(context: Context): View {
  const { text, api, site } = context;
  const box = h('div', { id: 'devices' });
  // The secret panel and the row being edited survive the 30 s refresh.
  const shown = h('div', { id: 'device-secret' });
  const status = h('div', { id: 'device-status' });
  let devices: DeviceView[] = [];
  const load = () =>
    fill(box, text, () => api.get<DeviceView[]>('/api/devices'), (all) => {
      devices = all.filter((d) => d.site === site.id);
      const low = devices.filter((d) => d.battery !== null && d.battery < LOW_BATTERY).length;
      const summary = note('info', text.devicesSummary(devices.filter((d) => d.online).length, devices.length, low));
      return [summary, deviceTable(context, devices, actions)];
    });
  const actions = deviceActions(context, {
    secret: (panel) => shown.replaceChildren(panel),
    done: (message) => {
      status.replaceChildren(note('ok', message));
      void load();
    },
    failed: (error) => status.replaceChildren(note('error', failure(text, error))),
  });
  void load();
  const timer = window.setInterval(() => void load(), REFRESH_MS);
  const manage = api.isManager ? card(text.dev.provisionTitle, provisionForm(context, () => devices, actions)) : null;
  return { element: h('div', { class: 'section devices' }, shown, card(text.sections.devices, status, box), manage), dispose: () => clearInterval(timer) };
}

function deviceTable(context: Context, devices: DeviceView[], actions: ReturnType<typeof deviceActions>): HTMLElement {
  const { text, formats, api } = context;
  const errors = (d: DeviceView) => {
    const counted = Object.entries(d.errors).filter(([, n]) => n > 0);
    return counted.length ? h('span', { class: 'tag bad', title: counted.map(([cause, n]) => `${cause}: ${n}`).join(', ') }, counted.reduce((sum, [, n]) => sum + n, 0)) : '0';
  };
  const battery = (d: DeviceView) => {
    if (d.battery === null) return '–';
    const low = d.battery < LOW_BATTERY;
    return h('span', { class: low ? 'tag bad' : undefined, 'data-low': low }, `${d.battery} %${low ? ` (${text.batteryLow})` : ''}`);
  };
  return table(
    [
      { title: text.device, cell: (d) => h('span', { class: 'device-id' }, h('code', {}, d.id), d.name ? h('small', {}, d.name) : null) },
      { title: text.kind, cell: (d) => `${text.kinds[d.kind] ?? d.kind}${d.protocol !== 'native' ? ` · ${d.protocol}` : ''}` },
      { title: text.place, cell: (d) => placeOf(context, d) },
      { title: text.online, cell: (d) => h('span', { class: `tag ${d.online ? 'ok' : 'off'}` }, d.online ? text.yes : text.no) },
      { title: text.battery, cell: battery, numeric: true },
      { title: text.lastSeen, cell: (d) => h('span', { title: formats.instant(d.lastSeen) }, formats.ago(d.lastSeen, text.never)) },
      { title: text.firmware, cell: (d) => d.fw ?? '–' },
      { title: text.signal, cell: (d) => (d.rssi !== null ? `${d.rssi} dBm` : d.linkquality !== null ? `LQI ${d.linkquality}` : '–'), numeric: true },
      { title: text.errors, cell: errors, numeric: true },
      ...(api.isManager ? [{ title: '', cell: (d: DeviceView) => actions.buttons(d) }] : []),
    ],
    devices,
    (d) => ({ 'data-device': d.id, class: d.online ? undefined : 'muted' }),
  );
}

export function placeOf(context: Context, d: { door?: string; desk?: string; bridge?: string }): string {
  const { site, text } = context;
  if (d.door) return site.doors.find((door) => door.id === d.door)?.name ?? d.door;
  if (d.desk) return text.deskLabel(site.desks.find((desk) => desk.id === d.desk)?.label ?? d.desk);
  return '–';
}
