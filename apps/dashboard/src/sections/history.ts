// Historique: the weekday × hour heatmap, utilisation per desk, daily peaks, stays and denials.
import { categoryChart, COLOURS } from '../charts.js';
import { card, h, kpi, note, select } from '../dom.js';
import { reasonText } from '../i18n.js';
import type { DenialsBody, HeatmapBody, PeaksBody, StaysBody, UtilisationBody } from '../types.js';
import { fill, type Context, type View } from '../view.js';
import { openingWindow } from './today.js';

const PERIODS = [7, 30, 90];

export function historyView(context: Context): View {
  const { text } = context;
  const period = select('days', PERIODS.map((d) => [String(d), text.lastDays(d)]), '30');
  const boxes = { heatmap: h('div'), utilisation: h('div'), peaks: h('div'), stays: h('div'), denials: h('div') };
  const load = () => {
    context.charts.dispose(false);
    loadAll(context, boxes, Number(period.value));
  };
  period.addEventListener('change', load);
  load();
  const element = h(
    'div',
    { class: 'section history' },
    h('div', { class: 'toolbar' }, h('label', { class: 'field inline' }, h('span', {}, text.period), period)),
    card(text.heatmapTitle, boxes.heatmap),
    h('div', { class: 'columns' }, card(text.utilisationTitle, boxes.utilisation), card(text.peaksTitle, boxes.peaks)),
    h('div', { class: 'columns' }, card(text.staysTitle, boxes.stays), card(text.denialsTitle, boxes.denials)),
  );
  return { element };
}

function loadAll(context: Context, boxes: Record<'heatmap' | 'utilisation' | 'peaks' | 'stays' | 'denials', HTMLElement>, days: number): void {
  const { api, text, site, charts } = context;
  const base = `/api/sites/${encodeURIComponent(site.id)}/analytics`;
  const from = new Date(Date.now() - days * 86_400_000).toISOString();
  const period = `from=${encodeURIComponent(from)}`;
  const weeks = Math.min(12, Math.max(1, Math.round(days / 7)));
  void fill(boxes.heatmap, text, () => api.get<HeatmapBody>(`${base}/heatmap?weeks=${weeks}`), (body) => heatmap(context, body));
  void fill(boxes.utilisation, text, () => api.get<UtilisationBody>(`${base}/utilisation?${period}`), (body) => {
    // A desk's ratio is null when the period had no opening minute: shown as 0 %.
    const desks = body.desks.map((d) => ({ ...d, ratio: d.ratio ?? 0 })).sort((a, b) => a.ratio - b.ratio);
    const option = {
      grid: { left: 56, right: 24, top: 8, bottom: 24 },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v} %` },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value} %' } },
      yAxis: { type: 'category', data: desks.map((d) => d.label) },
      series: [{ type: 'bar', data: desks.map((d) => Math.round(d.ratio * 1000) / 10), itemStyle: { color: COLOURS.primary } }],
    };
    return charts.create('utilisation', option, desks.filter((d) => d.ratio > 0).length, true);
  });
  void fill(boxes.peaks, text, () => api.get<PeaksBody>(`${base}/peaks?days=${days}`), (body) => {
    const option = categoryChart(
      body.days.map((d) => context.formats.localDate(d.date)),
      [{ name: text.peaksTitle, type: 'bar', data: body.days.map((d) => d.occupied), itemStyle: { color: COLOURS.primary } }],
      { legend: { show: false }, grid: { left: 40, right: 16, top: 16, bottom: 32 } },
    );
    return charts.create('peaks', option, body.days.filter((d) => d.occupied > 0).length, true);
  });
  void fill(boxes.stays, text, () => api.get<StaysBody>(`${base}/stays?${period}`), (body) => stays(context, body));
  void fill(boxes.denials, text, () => api.get<DenialsBody>(`${base}/denials?${period}`), (body) => {
    if (body.denied === 0) return note('info', text.noData);
    const reasons = [...body.reasons].reverse();
    const option = {
      grid: { left: 180, right: 32, top: 8, bottom: 24 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: reasons.map((r) => reasonText(text, r.reason)) },
      series: [{ type: 'bar', data: reasons.map((r) => r.count), itemStyle: { color: COLOURS.bad }, label: { show: true, position: 'right' } }],
    };
    return [note('info', text.denialRate(body.denialRate ?? 0, body.denied)), charts.create('denials', option, reasons.length)];
  });
}

function heatmap(context: Context, body: HeatmapBody): HTMLElement {
  const { text, site, charts } = context;
  const [first, last] = openingWindow(site);
  const hours = Array.from({ length: last - first }, (_, i) => first + i);
  const data: Array<[number, number, number]> = [];
  let max = 1;
  body.cells.forEach((row, day) =>
    hours.forEach((hour, column) => {
      const value = row[hour];
      if (value === null || value === undefined) return;
      data.push([column, day, value]);
      max = Math.max(max, value);
    }),
  );
  const option = {
    grid: { left: 48, right: 72, top: 8, bottom: 28 },
    tooltip: { position: 'top' },
    xAxis: { type: 'category', data: hours.map((hour) => `${String(hour).padStart(2, '0')}h`), splitArea: { show: true } },
    yAxis: { type: 'category', data: text.weekdays, inverse: true, splitArea: { show: true } },
    visualMap: { min: 0, max, calculable: true, orient: 'vertical', right: 0, top: 'middle', itemHeight: 140, inRange: { color: ['#eff6ff', '#1d4ed8'] } },
    series: [{ type: 'heatmap', data, label: { show: true, formatter: (p: { value: number[] }) => String(Math.round(p.value[2]! * 10) / 10) } }],
  };
  return charts.create('heatmap', option, data.length, true);
}

function stays(context: Context, body: StaysBody): HTMLElement {
  const { text } = context;
  const minutes = (value: number | null) => (value === null ? '–' : text.minutes(value));
  return h(
    'div',
    { class: 'kpis', 'data-stays': body.stays },
    kpi(text.stays, body.stays),
    kpi(text.average, minutes(body.averageMinutes)),
    kpi(text.median, minutes(body.medianMinutes)),
    kpi(text.longest, minutes(body.longestMinutes)),
    kpi(text.ongoing, body.ongoing),
  );
}
