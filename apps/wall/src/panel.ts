// Everything around the plan: the big number, the zones, the events, the clock and the banner.
import type { SiteEvent, SiteOpening } from '../../../libs/protocol/src/wall-events.js';
import type { SiteLayout } from './floor-plan.js';
import type { Lang, WallText } from './i18n.js';
import { nextOpeningText, todayHoursText } from './opening-text.js';
import type { SeatBoard } from './seat-board.js';

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

export class Panel {
  private clockTimer?: number;
  private opening: SiteOpening | null = null;
  private events: readonly SiteEvent[] = [];
  /** The service clock minus the screen's: a TV's clock may be wrong, and a demo runs on its own time. */
  private clockOffsetMs = 0;

  constructor(
    private readonly text: WallText,
    private readonly lang: Lang,
  ) {}

  /** Closed: "Fermé — ouvre lundi à 9 h" in place of the free seats, which mean nothing at night. */
  showOpening(opening: SiteOpening, board: SeatBoard, layout: SiteLayout): void {
    this.opening = opening;
    this.clockOffsetMs = Date.parse(opening.now) - Date.now();
    byId('hours').textContent = todayHoursText(opening, this.lang);
    document.body.classList.toggle('closed', !opening.open);
    this.showCounts(board, layout);
  }

  showCounts(board: SeatBoard, layout: SiteLayout): void {
    const free = board.free();
    const approx = board.estimated() ? '≈ ' : '';
    // Closed to coworkers, but an evening event is on: "Fermé" would send its guests away.
    const live = this.opening && !this.opening.open ? this.eventNow() : undefined;
    const wasLive = document.body.classList.contains('event-now');
    document.body.classList.toggle('event-now', live !== undefined);
    if (wasLive !== (live !== undefined)) queueMicrotask(() => this.fitEvents()); // the title's lines move the list
    if (live) {
      const room = layout.zones.find((zone) => zone.id === live.zone)?.name ?? live.zone;
      byId('free-count').textContent = live.title;
      byId('free-label').textContent = this.text.eventNow(room);
      document.title = `${live.title} — ${layout.name}`;
    } else if (this.opening && !this.opening.open) {
      byId('free-count').textContent = this.text.closed;
      byId('free-label').textContent = nextOpeningText(this.opening, this.lang);
      document.title = `${this.text.closed} — ${layout.name}`;
    } else {
      // The "≈" smaller than the figure, on its line: "≈ 19" at full size wraps in the landscape column.
      const sign = document.createElement('span');
      sign.className = 'approx';
      sign.textContent = approx;
      byId('free-count').replaceChildren(...(approx ? [sign] : []), String(free));
      byId('free-label').textContent = this.text.freeSeats(free);
      document.title = `${approx}${free} ${this.text.freeSeats(free)} — ${layout.name}`;
    }
    const items = layout.zones.map((zone) => {
      const counts = board.counts(zone.id);
      const item = document.createElement('li');
      item.dataset['zone'] = zone.id;
      const name = document.createElement('span');
      name.className = 'zone-label';
      name.textContent = zone.name;
      const value = document.createElement('span');
      value.className = 'zone-value';
      // Desk zones show their free seats; the others how many people are in.
      // Uncovered desks are estimated from the headcount: "≈" says so.
      const seats = this.text.zoneSeats(board.free(zone.id), counts.total);
      value.textContent = counts.total > 0 ? `${board.estimated(zone.id) ? '≈ ' : ''}${seats}` : this.text.people(board.headcount(zone.id));
      item.append(name, value);
      return item;
    });
    byId('zones').replaceChildren(...items);
  }

  /** The event under way on the service's clock, if any. */
  private eventNow(): SiteEvent | undefined {
    const now = Date.now() + this.clockOffsetMs;
    return this.events.find((event) => Date.parse(event.start) <= now && now < Date.parse(event.end));
  }

  /** Today's and upcoming events; the section stays hidden while there are none. */
  showEvents(events: readonly SiteEvent[], layout: SiteLayout): void {
    this.events = events;
    const timezone = layout.timezone;
    const section = byId('events');
    section.hidden = events.length === 0;
    if (events.length === 0) {
      byId('event-list').replaceChildren();
      return;
    }
    byId('events-title').textContent = this.text.events;
    const when = new Intl.DateTimeFormat(this.text.locale, { timeZone: timezone, weekday: 'short', hour: '2-digit', minute: '2-digit' });
    byId('event-list').replaceChildren(
      ...events.slice(0, 4).map((event) => {
        const item = document.createElement('li');
        const time = document.createElement('time');
        time.textContent = when.format(new Date(event.start));
        const title = document.createElement('span');
        title.className = 'event-title';
        title.textContent = event.title;
        const room = document.createElement('span');
        room.className = 'event-room';
        room.textContent = layout.zones.find((zone) => zone.id === event.zone)?.name ?? event.zone;
        item.append(time, title, room);
        return item;
      }),
    );
    this.fitEvents();
  }

  /**
   * The soonest events that fit above the legend: a landscape TV has room for fewer than a portrait
   * one, and an event cut in half or drawn over the legend cannot be read. Again on every resize.
   */
  fitEvents(): void {
    const section = byId('events');
    const items = Array.from(byId('event-list').children) as HTMLElement[];
    if (items.length === 0) return;
    section.hidden = false;
    for (const item of items) item.hidden = false;
    const bottom = document.querySelector('.side')!.getBoundingClientRect().bottom;
    for (let i = items.length - 1; i >= 0 && items[i]!.getBoundingClientRect().bottom > bottom + 1; i--) items[i]!.hidden = true;
    section.hidden = items.every((item) => item.hidden);
  }

  startClock(timezone: string): void {
    const time = new Intl.DateTimeFormat(this.text.locale, { timeZone: timezone, hour: '2-digit', minute: '2-digit' });
    const date = new Intl.DateTimeFormat(this.text.locale, { timeZone: timezone, weekday: 'long', day: 'numeric', month: 'long' });
    const tick = () => {
      const now = new Date(Date.now() + this.clockOffsetMs);
      byId('time').textContent = time.format(now);
      byId('date').textContent = date.format(now);
    };
    tick();
    clearInterval(this.clockTimer);
    this.clockTimer = window.setInterval(tick, 5_000);
  }

  banner(message: string | null): void {
    const banner = byId('banner');
    banner.hidden = message === null;
    banner.textContent = message ?? '';
    document.body.classList.toggle('stale', message !== null);
  }
}
