// Selling a pass: type, dates, days of a carnet, an event's title, and its price from the
// tariffs (GET /api/tariffs) by the domain's own pricing rule, shown before the sale.
import { priceForPass } from '../../../../libs/domain/src/access/tariffs.js';
import type { Pass, PassType } from '../../../../libs/domain/src/access/pass.js';
import { field, h, note, select } from '../dom.js';
import type { MemberView, PassCreateDto, Tariffs } from '../types.js';
import { failure, type Context } from '../view.js';

const TYPES: PassType[] = ['day', 'half-day', 'carnet', 'subscription', 'event', 'staff'];

interface Inputs {
  type: HTMLSelectElement;
  validFrom: HTMLInputElement;
  validUntil: HTMLInputElement;
  credits: HTMLInputElement;
  title: HTMLInputElement;
}

export function passForm(context: Context, member: MemberView, sold: () => void): HTMLElement {
  const { text, api } = context;
  const inputs: Inputs = {
    type: select('type', TYPES.map((t) => [t, text.passTypes[t] ?? t]), 'day'),
    validFrom: h('input', { name: 'validFrom', type: 'date' }),
    validUntil: h('input', { name: 'validUntil', type: 'date' }),
    credits: h('input', { name: 'credits', type: 'number', min: 1, max: 1000, value: 10 }),
    title: h('input', { name: 'title', maxlength: 200 }),
  };
  const price = h('output', { id: 'pass-price' }, '…');
  const status = h('div');
  const rows = { credits: field(text.credits, inputs.credits), title: field(text.eventTitle, inputs.title) };
  let tariffs: Tariffs | null = null;

  const update = () => {
    const type = inputs.type.value as PassType;
    const event = type === 'event';
    rows.credits.hidden = type !== 'carnet';
    rows.title.hidden = !event;
    for (const input of [inputs.validFrom, inputs.validUntil]) {
      if (input.type !== (event ? 'datetime-local' : 'date')) input.value = '';
      input.type = event ? 'datetime-local' : 'date';
    }
    price.textContent = tariffs ? context.formats.cents(priceForPass(draft(inputs, member.id), member, tariffs)) : '…';
  };
  for (const input of Object.values(inputs)) input.addEventListener('input', update);
  api.get<Tariffs>('/api/tariffs').then((loaded) => {
    tariffs = loaded;
    inputs.credits.value = String(loaded.carnets[0]?.credits ?? 10);
    update();
  }, () => undefined);

  const form = h(
    'form',
    { class: 'form', id: 'pass-sell' },
    h('h3', {}, text.sellPass),
    h('div', { class: 'form-row' }, field(text.type, inputs.type), field(text.validFrom, inputs.validFrom), field(text.validUntil, inputs.validUntil), rows.credits, rows.title),
    h('p', { class: 'price' }, `${text.price} : `, price),
    h('button', { type: 'submit', class: 'primary' }, text.sell),
    status,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    api.post(`/api/members/${encodeURIComponent(member.id)}/passes`, body(inputs)).then(sold, (error: unknown) => {
      status.replaceChildren(note('error', failure(text, error)));
    });
  });
  update();
  return form;
}

/** The request body: only the fields the type takes; an event's local times as ISO instants. */
function body(inputs: Inputs): PassCreateDto {
  const type = inputs.type.value as PassType;
  const time = (value: string) => (type === 'event' ? new Date(value).toISOString() : value);
  return {
    type,
    ...(inputs.validFrom.value ? { validFrom: time(inputs.validFrom.value) } : {}),
    ...(inputs.validUntil.value ? { validUntil: time(inputs.validUntil.value) } : {}),
    ...(type === 'carnet' ? { credits: Number(inputs.credits.value) } : {}),
    ...(type === 'event' && inputs.title.value.trim() ? { title: inputs.title.value.trim() } : {}),
  };
}

/** The pass as it would be sold, for the price. */
function draft(inputs: Inputs, memberId: string): Pass {
  const fields = body(inputs);
  return { id: 'draft', memberId, zones: [], usedOn: [], ...fields };
}
