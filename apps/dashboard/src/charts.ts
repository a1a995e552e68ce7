// Charts with Apache ECharts (echarts.ts, loaded on first use). Each chart follows the size of
// its box; a section disposes of its charts when it is left.
import type { EChartsCoreOption, EChartsType } from 'echarts/core';
import { h } from './dom.js';

export const COLOURS = { primary: '#2563eb', muted: '#94a3b8', ok: '#15803d', warn: '#b45309', bad: '#b91c1c' };

export class Charts {
  private readonly charts: EChartsType[] = [];
  private disposed = false;
  private readonly observer = new ResizeObserver((entries) => {
    for (const entry of entries) this.charts.find((c) => c.getDom() === entry.target)?.resize();
  });

  /**
   * A chart in a new box; `points` (how many values it shows) is written on the box as
   * `data-points`, so a reader of the page, or a test, can tell an empty chart from a drawn one.
   */
  create(name: string, option: EChartsCoreOption, points: number, tall = false): HTMLElement {
    const box = h('div', { class: tall ? 'chart tall' : 'chart', 'data-chart': name, 'data-points': points });
    // Drawn once ECharts is loaded and the box is in the page with its size.
    void import('./echarts.js').then(({ init }) => {
      if (this.disposed || !box.isConnected) return;
      const chart = init(box, undefined, { renderer: 'svg' });
      chart.setOption({ animation: false, textStyle: { fontFamily: 'system-ui, sans-serif' }, ...option });
      this.charts.push(chart);
      this.observer.observe(box);
      box.dataset['drawn'] = 'true';
    });
    return box;
  }

  /** Disposes of the charts drawn so far; `final` also drops those still loading. */
  dispose(final = true): void {
    this.disposed = final;
    this.observer.disconnect();
    for (const chart of this.charts.splice(0)) chart.dispose();
  }
}

/** Common grid and tooltip for the category charts. */
export function categoryChart(categories: string[], series: object[], extra: EChartsCoreOption = {}): EChartsCoreOption {
  return {
    grid: { left: 48, right: 16, top: 36, bottom: 32 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    xAxis: { type: 'category', data: categories },
    yAxis: { type: 'value', minInterval: 1 },
    series,
    ...extra,
  };
}
