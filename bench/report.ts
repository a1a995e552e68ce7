// The run's results: rows of the table, each optionally compared with a baseline measured in the
// same run and checked against a target; `--json` prints them as one flat object.
import { percentile } from '../firmware-sim/src/index.js';

export interface Row {
  scenario: string;
  metric: string;
  value: number | string;
  unit?: string;
  baseline?: number;
  /** value / baseline, when both are numbers. */
  ratio?: number;
  target?: string;
  pass?: boolean;
}

export class Report {
  readonly rows: Row[] = [];
  readonly json: Record<string, unknown> = {};
  readonly notes: string[] = [];

  add(row: Row): void {
    if (row.ratio === undefined && typeof row.value === 'number' && row.baseline !== undefined && row.baseline > 0) row.ratio = row.value / row.baseline;
    this.rows.push(row);
  }

  key(name: string, value: unknown): void {
    this.json[name] = typeof value === 'number' ? round(value) : value;
  }

  note(line: string): void {
    this.notes.push(line);
  }

  get failed(): boolean {
    return this.rows.some((row) => row.pass === false);
  }

  table(): string {
    const header = ['scenario', 'metric', 'value', 'baseline', 'ratio', 'target', 'result'];
    const cells = this.rows.map((row) => [
      row.scenario,
      row.metric,
      typeof row.value === 'number' ? `${format(row.value)}${row.unit ? ` ${row.unit}` : ''}` : row.value,
      row.baseline === undefined ? '' : `${format(row.baseline)}${row.unit ? ` ${row.unit}` : ''}`,
      row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}×`,
      row.target ?? '',
      row.pass === undefined ? '' : row.pass ? 'pass' : 'FAIL',
    ]);
    const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => line[column]!.length)));
    const line = (values: string[]) => values.map((value, column) => value.padEnd(widths[column]!)).join('  ').trimEnd();
    return [line(header), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n');
  }
}

export function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  return Math.abs(value) >= 100 ? Math.round(value * 10) / 10 : Math.round(value * 1000) / 1000;
}

function format(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** Percentiles of a list of latencies (nearest rank, as firmware-sim's stats). */
export function latencySummary(samples: number[]): { p50: number; p99: number; p999: number; max: number; count: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => percentile(sorted, p) ?? Number.NaN;
  return { p50: at(50), p99: at(99), p999: at(99.9), max: at(100), count: sorted.length };
}
