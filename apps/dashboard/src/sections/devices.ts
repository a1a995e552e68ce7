// Équipements: every device with online state, battery (low under 20 %), last seen and the
// counters of dropped messages. Read again every 30 s while the section is open.
import { card, h, note, table } from '../dom.js';
import type { DeviceView } from '../types.js';
import { fill, type Context, type View } from '../view.js';

export const LOW_BATTERY = 20;
const REFRESH_MS = 30_000;

export function devicesView(context: Context): View {
  const { text, api, site } = context;
  const box = h('div', { id: 'devices' });
  const load = () =>
    fill(box, text, () => api.get<DeviceView[]>('/api/devices'), (all) => {
      const devices = all.filter((d) => d.site === site.id);
      const low = devices.filter((d) => d.battery !== null && d.battery < LOW_BATTERY).length;
      const summary = note('info', text.devicesSummary(devices.filter((d) => d.online).length, devices.length, low));
      return [summary, deviceTable(context, devices)];
    });
  void load();
  const timer = window.setInterval(() => void load(), REFRESH_MS);
  return { element: h('div', { class: 'section devices' }, card(text.sections.devices, box)), dispose: () => clearInterval(timer) };
}

function deviceTable(context: Context, devices: DeviceView[]): HTMLElement {
  const { text, formats, site } = context;
  const place = (d: DeviceView) =>
    d.door ? (site.doors.find((door) => door.id === d.door)?.name ?? d.door) : d.desk ? text.deskLabel(site.desks.find((desk) => desk.id === d.desk)?.label ?? d.desk) : '–';
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
      { title: text.device, cell: (d) => h('code', {}, d.id) },
      { title: text.kind, cell: (d) => text.kinds[d.kind] ?? d.kind },
      { title: text.place, cell: place },
      { title: text.online, cell: (d) => h('span', { class: `tag ${d.online ? 'ok' : 'off'}` }, d.online ? text.yes : text.no) },
      { title: text.battery, cell: battery, numeric: true },
      { title: text.lastSeen, cell: (d) => h('span', { title: formats.instant(d.lastSeen) }, formats.ago(d.lastSeen, text.never)) },
      { title: text.firmware, cell: (d) => d.fw ?? '–' },
      { title: text.signal, cell: (d) => (d.rssi !== null ? `${d.rssi} dBm` : d.linkquality !== null ? `LQI ${d.linkquality}` : '–'), numeric: true },
      { title: text.errors, cell: errors, numeric: true },
    ],
    devices,
    (d) => ({ 'data-device': d.id, class: d.online ? undefined : 'muted' }),
  );
}
