// The floor plan as SVG: zones as rectangles, each desk as a glyph whose shape tells its state
// without colour (circle with a tick: free; square with a person: taken; dashed outline with "?": offline;
// dotted circle with "≈": no sensor yet, counted from the zone's headcount).
import type { Seat, SeatState } from '../../../libs/protocol/src/wall-events.js';
import type { WallText } from './i18n.js';

export interface SiteLayout {
  id: string;
  name: string;
  timezone: string;
  floorPlan: { width: number; height: number };
  zones: Array<{ id: string; name: string; area?: { x: number; y: number; width: number; height: number } }>;
  desks: Array<{ id: string; label: string; zone: string; x: number; y: number }>;
}

/** What a desk looks like: its seat state, or `estimate` for a desk no sensor covers. */
export type DeskLook = SeatState | 'estimate';

export function lookOf(seat: Seat | undefined): DeskLook {
  if (!seat) return 'offline';
  return seat.uncovered && seat.state === 'offline' ? 'estimate' : seat.state;
}

const SVG = 'http://www.w3.org/2000/svg';
const GLYPH = 34;

function el<K extends keyof SVGElementTagNameMap>(name: K, attributes: Record<string, string | number> = {}): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  return node;
}

/** The glyph of a state, centred on 0,0, as markup of fixed shapes (no text from the network). */
function glyph(state: DeskLook): SVGGElement {
  const group = el('g', { class: `glyph ${state}` });
  if (state === 'free') {
    group.append(el('circle', { r: GLYPH }), el('path', { d: 'M -15 1 L -4 13 L 17 -11', class: 'mark' }));
  } else if (state === 'occupied') {
    group.append(
      el('rect', { x: -GLYPH, y: -GLYPH, width: 2 * GLYPH, height: 2 * GLYPH, rx: 8 }),
      el('circle', { cy: -9, r: 10, class: 'figure' }),
      el('path', { d: 'M -19 24 Q -19 4 0 4 Q 19 4 19 24 Z', class: 'figure' }),
    );
  } else if (state === 'estimate') {
    group.append(el('circle', { r: GLYPH - 3 }));
    const mark = el('text', { y: 13, class: 'mark-text' });
    mark.textContent = '≈';
    group.append(mark);
  } else {
    group.append(el('rect', { x: -GLYPH + 3, y: -GLYPH + 3, width: 2 * GLYPH - 6, height: 2 * GLYPH - 6, rx: 14 }));
    const mark = el('text', { y: 13, class: 'mark-text' });
    mark.textContent = '?';
    group.append(mark);
  }
  return group;
}

/** Squeezes a name into its zone rather than letting it spill over the next one. */
function fitText(node: SVGTextElement, width: number): void {
  if (node.getComputedTextLength() > width) {
    node.setAttribute('textLength', String(width));
    node.setAttribute('lengthAdjust', 'spacingAndGlyphs');
  }
}

export class FloorPlan {
  private readonly desks = new Map<string, SVGGElement>();

  constructor(
    private readonly svg: SVGSVGElement,
    private readonly text: WallText,
  ) {}

  draw(layout: SiteLayout, seats: ReadonlyMap<string, Seat>): void {
    this.svg.setAttribute('viewBox', `0 0 ${layout.floorPlan.width} ${layout.floorPlan.height}`);
    this.svg.replaceChildren(this.svg.querySelector('title') ?? el('title'));
    for (const zone of layout.zones) {
      if (!zone.area) continue;
      const { x, y, width, height } = zone.area;
      const name = el('text', { x: x + 14, y: y + 36, class: 'zone-name' });
      name.textContent = zone.name;
      this.svg.append(el('rect', { x, y, width, height, rx: 12, class: 'zone' }), name);
      fitText(name, width - 28);
    }
    this.desks.clear();
    for (const desk of layout.desks) {
      const group = el('g', { transform: `translate(${desk.x} ${desk.y})`, class: 'desk', 'data-desk': desk.id });
      const label = el('text', { y: GLYPH + 30, class: 'desk-label' });
      label.textContent = desk.label;
      group.append(label);
      this.svg.append(group);
      this.desks.set(desk.id, group);
      this.show(desk.id, lookOf(seats.get(desk.id)));
    }
  }

  /** Swaps the glyph of one desk; the label stays. */
  show(deskId: string, state: DeskLook): void {
    const group = this.desks.get(deskId);
    if (!group || group.dataset['state'] === state) return;
    group.dataset['state'] = state;
    group.querySelector('.glyph')?.remove();
    const shape = glyph(state);
    const title = el('title');
    title.textContent = `${group.querySelector('.desk-label')?.textContent ?? ''} — ${this.text[state]}`;
    shape.append(title);
    group.prepend(shape);
  }
}

/** The legend, with the same glyphs as the plan. */
export function drawLegend(footer: HTMLElement, text: WallText, withEstimate = false): void {
  footer.replaceChildren();
  const looks: DeskLook[] = withEstimate ? ['free', 'occupied', 'estimate', 'offline'] : ['free', 'occupied', 'offline'];
  for (const state of looks) {
    const item = document.createElement('span');
    item.className = 'legend-item';
    const svg = el('svg', { viewBox: '-40 -40 80 80', class: 'legend-glyph', 'aria-hidden': 'true' });
    svg.append(glyph(state));
    const label = document.createElement('span');
    label.textContent = text[state];
    item.append(svg, label);
    footer.append(item);
  }
}
