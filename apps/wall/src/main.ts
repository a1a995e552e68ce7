// The wall screen: the live floor plan of a site over socket.io `/wall` (contract §5), public,
// without personal data. `?site=` picks the site (the server's first one otherwise), `?lang=en`.
// The wire types come from their own file: the protocol's index also holds Node-only code (Buffer).
import { io, type Socket } from 'socket.io-client';
import type { SeatsSnapshot, SiteEvent, SiteOpening, WallServerToClientEvents } from '../../../libs/protocol/src/wall-events.js';
import { drawLegend, FloorPlan, lookOf, type SiteLayout } from './floor-plan.js';
import { wallText } from './i18n.js';
import { Panel } from './panel.js';
import { SeatBoard } from './seat-board.js';

const params = new URLSearchParams(location.search);
const { lang, text } = wallText(params.get('lang'));
document.documentElement.lang = lang;

const board = new SeatBoard();
const plan = new FloorPlan(document.getElementById('plan') as unknown as SVGSVGElement, text);
const panel = new Panel(text, lang);
window.addEventListener('resize', () => panel.fitEvents());
/** Opening and events change with time, not with seats: asked again every minute. */
const REFRESH_MS = 60_000;
let refreshTimer: number | undefined;
let layout: SiteLayout | null = null;

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return (await response.json()) as T;
}

/** The layout of the snapshot's site, fetched once (again only if the site changed). */
async function loadLayout(site: string): Promise<SiteLayout> {
  if (layout?.id === site) return layout;
  const loaded = await getJson<SiteLayout>(`/api/sites/${encodeURIComponent(site)}`);
  document.getElementById('site-name')!.textContent = loaded.name;
  document.getElementById('plan-title')!.textContent = text.plan;
  panel.startClock(loaded.timezone);
  layout = loaded;
  refresh(loaded);
  clearInterval(refreshTimer);
  refreshTimer = window.setInterval(() => refresh(loaded), REFRESH_MS);
  return loaded;
}

function refresh(site: SiteLayout): void {
  const base = `/api/sites/${encodeURIComponent(site.id)}`;
  getJson<SiteEvent[]>(`${base}/events`)
    .then((events) => {
      panel.showEvents(events, site);
      panel.showCounts(board, site); // an event starting or ending changes the big panel when closed
    })
    .catch(() => panel.showEvents([], site));
  getJson<SiteOpening>(`${base}/opening`)
    .then((opening) => {
      panel.showOpening(opening, board, site);
      panel.startClock(site.timezone);
    })
    .catch(() => undefined);
}

async function showSnapshot(snapshot: SeatsSnapshot): Promise<void> {
  board.reset(snapshot);
  const current = await loadLayout(snapshot.site);
  plan.draw(current, board.seats);
  drawLegend(document.getElementById('legend')!, text, board.estimated());
  panel.showCounts(board, current);
  panel.banner(null);
}

function connect(): void {
  const site = params.get('site');
  const socket: Socket<WallServerToClientEvents> = io('/wall', {
    query: site ? { site } : {},
    // Same origin, and every TV browser in use speaks WebSocket: no long-polling detour.
    transports: ['websocket'],
    reconnectionDelayMax: 5_000,
  });
  socket.on('seats', (snapshot) => {
    showSnapshot(snapshot).catch(() => panel.banner(text.unreachable));
  });
  socket.on('seat', (change) => {
    if (!layout || !board.update(change)) return;
    plan.show(change.id, lookOf(board.seats.get(change.id)));
    panel.showCounts(board, layout);
  });
  socket.on('zones', (zones) => {
    board.setZones(zones);
    if (layout) panel.showCounts(board, layout);
  });
  socket.on('error', () => panel.banner(text.unknownSite));
  socket.on('disconnect', (reason) => {
    // The server sends `error` before it hangs up on an unknown site; keep that message.
    if (reason !== 'io server disconnect') panel.banner(text.disconnected);
  });
  socket.on('connect_error', () => panel.banner(text.disconnected));
}

drawLegend(document.getElementById('legend')!, text);
connect();
