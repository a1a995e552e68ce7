// Aujourd'hui: today hour by hour against the typical day, and the forecast of free seats.
import { categoryChart, COLOURS } from '../charts.js';
import { card, h, note } from '../dom.js';
import type { ForecastBody, SiteLayout, TodayBody } from '../types.js';
import { fill, type Context, type View } from '../view.js';

/** From an hour before the earliest opening to an hour after the latest closing, any weekday. */
export function openingWindow(site: SiteLayout): [number, number] {
  const slots = Object.values(site.hours).flat();
  if (slots.length === 0) return [0, 24];
  const open = Math.min(...slots.map((s) => Number(s.open.slice(0, 2))));
  const close = Math.max(...slots.map((s) => Math.ceil(Number(s.close.slice(0, 2)) + Number(s.close.slice(3, 5)) / 60)));
  return [Math.max(0, open - 1), Math.min(24, close + 1)];
}

export function todayView(context: Context): View {
  const { text, api, site, charts } = context;
  const base = `/api/sites/${encodeURIComponent(site.id)}/analytics`;
  const [first, last] = openingWindow(site);
  const inWindow = (hour: string) => Number(hour.slice(0, 2)) >= first && Number(hour.slice(0, 2)) < last;
  const today = h('div');
  const forecast = h('div');

  void fill(today, text, () => api.get<TodayBody>(`${base}/today`), (body) => {
    const slots = body.slots.filter((slot) => inWindow(slot.hour));
    const option = categoryChart(
      slots.map((s) => s.hour),
      [
        { name: text.todaySeries, type: 'bar', data: slots.map((s) => s.today), itemStyle: { color: COLOURS.primary } },
        { name: text.typicalSeries, type: 'line', data: slots.map((s) => s.typical), itemStyle: { color: COLOURS.warn }, lineStyle: { type: 'dashed', width: 2 }, connectNulls: true },
      ],
    );
    const points = slots.filter((s) => s.today !== null || s.typical !== null).length;
    return [charts.create('today', option, points, true), note('info', text.basedOn(body.basedOn))];
  });

  void fill(forecast, text, () => api.get<ForecastBody>(`${base}/forecast`), (body) => {
    if (body.slots.length === 0) return note('info', text.forecastClosed);
    const option = categoryChart(
      body.slots.map((s) => s.hour),
      [
        {
          name: text.forecastFree,
          type: 'bar',
          data: body.slots.map((s) => ({ value: s.free, itemStyle: { color: s.basis === 'current' ? COLOURS.ok : COLOURS.muted } })),
          label: { show: true, position: 'top' },
        },
      ],
      { yAxis: { type: 'value', minInterval: 1, max: Math.max(1, body.capacity) } },
    );
    return charts.create('forecast', option, body.slots.length);
  });

  return { element: h('div', { class: 'section today' }, card(text.todayVsTypical, today), card(text.forecastTitle, forecast)) };
}
