// Small DOM helpers: elements from a tag, attributes and children (text always as text nodes,
// never HTML, since names and reasons come from the network), tables, and number formats.
type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') node.addEventListener(key.replace(/^on/, ''), value);
    else if (value === true) node.setAttribute(key, '');
    else node.setAttribute(key, String(value));
  }
  append(node, children);
  return node;
}

export function append(node: Element, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
}

export interface Column<T> {
  title: string;
  cell: (row: T) => Child;
  /** Right-aligned numbers. */
  numeric?: boolean;
}

/** A table inside a scrolling box (wide tables scroll sideways on a tablet instead of squeezing). */
export function table<T>(columns: Column<T>[], rows: readonly T[], rowAttributes?: (row: T) => Attributes): HTMLElement {
  const head = h('tr', {}, ...columns.map((c) => h('th', { scope: 'col', class: c.numeric ? 'num' : undefined }, c.title)));
  const body = rows.map((row) => h('tr', rowAttributes?.(row) ?? {}, ...columns.map((c) => h('td', { class: c.numeric ? 'num' : undefined }, c.cell(row)))));
  return h('div', { class: 'table-box' }, h('table', {}, h('thead', {}, head), h('tbody', {}, ...body)));
}

/** A titled card. */
export function card(title: string, ...children: Child[]): HTMLElement {
  return h('section', { class: 'card' }, h('h2', {}, title), ...children);
}

/** A big number with its label. */
export function kpi(label: string, value: Child, attributes: Attributes = {}): HTMLElement {
  return h('div', { class: 'kpi', ...attributes }, h('span', { class: 'kpi-value' }, value), h('span', { class: 'kpi-label' }, label));
}

/** A message line (errors in red, notes in grey) that a later call replaces. */
export function note(kind: 'error' | 'info' | 'ok', message: string): HTMLElement {
  return h('p', { class: `note ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, message);
}

export function field(label: string, input: HTMLElement): HTMLElement {
  return h('label', { class: 'field' }, h('span', {}, label), input);
}

export function select(name: string, options: Array<[string, string]>, value?: string): HTMLSelectElement {
  const node = h('select', { name });
  for (const [optionValue, label] of options) node.append(h('option', { value: optionValue, selected: optionValue === value }, label));
  return node;
}

export class Formats {
  private readonly dateTime: Intl.DateTimeFormat;
  private readonly date: Intl.DateTimeFormat;
  private readonly euros: Intl.NumberFormat;

  constructor(
    readonly locale: string,
    readonly timeZone: string,
  ) {
    this.dateTime = new Intl.DateTimeFormat(locale, { timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    this.date = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
    this.euros = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' });
  }

  /** An instant on the site's wall clock. */
  instant(iso: string | null | undefined): string {
    return iso ? this.dateTime.format(new Date(iso)) : '–';
  }

  /** A local date `YYYY-MM-DD` as it reads. */
  localDate(date: string | null | undefined): string {
    return date ? this.date.format(new Date(`${date.slice(0, 10)}T00:00:00Z`)) : '–';
  }

  cents(amount: number): string {
    return this.euros.format(amount / 100);
  }

  /** "il y a 5 min" / "5 min ago". */
  ago(iso: string | null, never: string): string {
    if (!iso) return never;
    const seconds = Math.round((Date.parse(iso) - Date.now()) / 1000);
    const relative = new Intl.RelativeTimeFormat(this.locale, { numeric: 'auto' });
    for (const [unit, size] of [['day', 86_400], ['hour', 3600], ['minute', 60]] as const) {
      if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
    }
    return relative.format(seconds, 'second');
  }
}

/** Today as `YYYY-MM-DD` on the site's wall clock. */
export function localToday(timeZone: string, at = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** Saves a Blob under a file name through a temporary link. */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
