// En direct: seats and headcount per zone from the `/wall` feed, and denials and alarms from the
// `/manager` feed as they happen (the last ones loaded from the audit log first).
import { card, h, kpi, table } from '../dom.js';
import { reasonText } from '../i18n.js';
import type { AccessEvent, SeatsSnapshot } from '../types.js';
import { fill, type Context, type View } from '../view.js';

const FEED_SIZE = 30;

/** What the manager must see at once: refusals and alarms (grants only count). */
const noteworthy = (event: AccessEvent) => event.kind === 'alarm' || event.granted === false || event.kind === 'lockdown' || event.kind === 'unlock';

export function liveView(context: Context): View {
  const { text, feeds } = context;
  const counts = h('div', { class: 'kpis', id: 'live-counts' });
  const zones = h('div', { id: 'live-zones' });
  const desks = h('div', { class: 'desk-grid', id: 'live-desks' });
  const feed = h('ol', { class: 'feed', id: 'live-feed' });
  const events: AccessEvent[] = [];

  const showSeats = (seats: SeatsSnapshot) => {
    const headcount = seats.zones.reduce((sum, zone) => sum + zone.headcount, 0);
    counts.replaceChildren(
      kpi(text.free, seats.free, { 'data-kpi': 'free' }),
      kpi(text.occupied, seats.occupied, { 'data-kpi': 'occupied' }),
      kpi(text.offline, seats.offline, { 'data-kpi': 'offline' }),
      kpi(text.present, headcount, { 'data-kpi': 'headcount' }),
    );
    zones.replaceChildren(zoneTable(context, seats));
    desks.replaceChildren(...seats.desks.map((desk) => h('span', { class: `desk ${desk.state}`, 'data-desk': desk.id, title: `${desk.label} — ${text[desk.state]}` }, desk.label)));
  };
  const showFeed = () => {
    feed.replaceChildren(...(events.length ? events.map((event) => feedItem(context, event)) : [h('li', { class: 'empty' }, text.liveFeedEmpty)]));
  };

  if (feeds.seats) showSeats(feeds.seats);
  const stopSeats = feeds.on('seats', showSeats);
  const stopAccess = feeds.on('access', (event) => {
    if (!noteworthy(event) || event.site !== context.site.id) return;
    events.unshift(event);
    events.splice(FEED_SIZE);
    showFeed();
  });
  const history = h('div');
  void fill(history, text, () => context.api.get<AccessEvent[]>(`/api/access-events?site=${context.site.id}&kind=all&limit=200`), (loaded) => {
    // Socket events that came in meanwhile stay on top.
    const known = new Set(events.map((e) => e.id));
    events.push(...loaded.filter((e) => noteworthy(e) && !known.has(e.id)).slice(0, FEED_SIZE - events.length));
    showFeed();
    return [];
  });

  const element = h(
    'div',
    { class: 'section live' },
    counts,
    h('div', { class: 'columns' }, card(text.zone, zones, desks), card(text.liveFeed, history, feed)),
  );
  return { element, dispose: () => (stopSeats(), stopAccess()) };
}

function zoneTable(context: Context, seats: SeatsSnapshot): HTMLElement {
  const { text, site } = context;
  const name = (id: string) => site.zones.find((zone) => zone.id === id)?.name ?? id;
  return table(
    [
      { title: text.zone, cell: (zone) => name(zone.id) },
      { title: text.seats, cell: (zone) => (zone.total > 0 ? text.freeOf(zone.free, zone.total) : '–'), numeric: true },
      { title: text.offline, cell: (zone) => (zone.total > 0 ? zone.offline : '–'), numeric: true },
      { title: text.headcount, cell: (zone) => zone.headcount, numeric: true },
    ],
    seats.zones,
    (zone) => ({ 'data-zone': zone.id }),
  );
}

function feedItem(context: Context, event: AccessEvent): HTMLElement {
  const { text, formats, site } = context;
  const door = site.doors.find((d) => d.id === event.door)?.name ?? event.door ?? '';
  const tone = event.kind === 'alarm' ? 'bad' : event.granted === false ? 'warn' : 'info';
  return h(
    'li',
    { class: `feed-item ${tone}`, 'data-kind': event.kind },
    h('time', {}, formats.instant(event.time)),
    h('strong', {}, event.kind === 'badge' ? reasonText(text, event.reason, event.detail) : `${text.eventKinds[event.kind] ?? event.kind} — ${reasonText(text, event.reason)}`),
    h('span', {}, [door, event.member?.name ?? (event.uid ? `${text.uid} ${event.uid}` : '')].filter(Boolean).join(' · ')),
  );
}
