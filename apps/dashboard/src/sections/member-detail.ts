// One member: badges (revoke, add by UID, enrol at a reader) and passes (remaining, days used,
// sell one at its tariff price).
import { ApiError } from '../api.js';
import { card, field, h, note, table } from '../dom.js';
import type { Text } from '../i18n.js';
import type { BadgeCreateDto, BadgeView, MemberDetail, PassView } from '../types.js';
import { failure, fill, type Context, type View } from '../view.js';
import { enrolmentWidget } from './enrolment.js';
import { memberEditForm, passButtons } from './pass-actions.js';
import { passForm } from './pass-form.js';

type Member = MemberDetail;

export function memberDetail(context: Context, memberId: string, changed: () => void): View {
  const { text, api } = context;
  const body = h('div', { class: 'member' });
  const disposers: Array<() => void> = [];
  const reload = () => {
    for (const dispose of disposers.splice(0)) dispose();
    return fill(body, text, () => api.get<Member>(`/api/members/${encodeURIComponent(memberId)}`), (member) => render(member));
  };
  // A message that outlives the reload it causes ("Badge … enregistré").
  let flash: string | undefined;
  const refresh = (message?: string) => {
    flash = message;
    void reload();
    changed();
  };
  const render = (member: Member): Node[] => {
    const enrolment = enrolmentWidget(context, member, (uid) => refresh(text.enrolDone(uid)));
    disposers.push(() => enrolment.dispose?.());
    const shown = flash ? h('div', { id: 'badge-flash' }, note('ok', flash)) : null;
    flash = undefined;
    const action = h('div', { id: 'pass-action' });
    const edit = h('details', { class: 'member-edit' }, h('summary', {}, text.life.editMember), memberEditForm(context, member, refresh));
    return [
      h('h2', { class: 'member-name' }, member.name, h('small', {}, [member.email, member.adherent ? text.adherent : ''].filter(Boolean).join(' · '))),
      ...(shown ? [shown] : []),
      edit,
      card(text.badges, badgeTable(context, member.badges, refresh), enrolment.element, uidForm(context, member.id, refresh)),
      card(
        text.passes,
        passTable(context, member.passes, (form) => action.replaceChildren(form), refresh),
        action,
        passForm(context, member, () => refresh(text.sold)),
      ),
    ];
  };
  void reload();
  return { element: body, dispose: () => disposers.forEach((dispose) => dispose()) };
}

function badgeTable(context: Context, badges: BadgeView[], refresh: (message?: string) => void): HTMLElement {
  const { text, api, formats } = context;
  const revoke = (uid: string) => {
    if (!confirm(text.confirmRevoke(uid))) return;
    api.post(`/api/badges/${encodeURIComponent(uid)}/revoke`).then(() => refresh(), () => refresh());
  };
  return table(
    [
      { title: text.uid, cell: (b) => h('code', {}, b.uid) },
      { title: text.status, cell: (b) => h('span', { class: `tag ${b.status}` }, text.badgeStatus[b.status] ?? b.status) },
      { title: text.since, cell: (b) => formats.instant(b.revokedAt ?? b.createdAt) },
      { title: '', cell: (b) => (b.status === 'active' ? h('button', { type: 'button', class: 'danger small', onclick: () => revoke(b.uid) }, text.revoke) : null) },
    ],
    badges,
    (b) => ({ 'data-badge': b.uid }),
  );
}

function uidForm(context: Context, memberId: string, refresh: (message?: string) => void): HTMLElement {
  const { text, api } = context;
  const uid = h('input', { name: 'uid', required: true, pattern: '[0-9A-Fa-f:\\- ]{8,40}', placeholder: '04A224B2C31F80' });
  const status = h('div');
  const form = h('form', { class: 'form inline', id: 'badge-add' }, field(text.addByUid, uid), h('button', { type: 'submit' }, text.add), status);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    api.post(`/api/members/${encodeURIComponent(memberId)}/badges`, { uid: uid.value.trim() } satisfies BadgeCreateDto).then(() => refresh(), (error: unknown) => {
      const message = error instanceof ApiError && error.status === 409 ? text.uidTaken : failure(text, error);
      status.replaceChildren(note('error', message));
    });
  });
  return form;
}

function passTable(context: Context, passes: PassView[], open: (form: HTMLElement) => void, done: (message: string) => void): HTMLElement {
  const { text, formats } = context;
  return table(
    [
      { title: text.type, cell: (p) => (p.title ? `${text.passTypes[p.type] ?? p.type} — ${p.title}` : (text.passTypes[p.type] ?? p.type)) },
      { title: text.validity, cell: (p) => validity(context, p) },
      { title: text.remaining, cell: (p) => (p.remaining === null ? text.unlimited : p.remaining), numeric: true },
      { title: text.usedOn, cell: (p) => usedOn(text, formats.localDate.bind(formats), p) },
      { title: '', cell: (p) => (p.cancelledOn ? h('span', { class: 'tag bad' }, text.life.cancelledOn(formats.localDate(p.cancelledOn))) : passButtons(context, p, open, done)) },
    ],
    passes,
    (p) => ({ 'data-pass': p.id, 'data-type': p.type }),
  );
}

function validity(context: Context, pass: PassView): string {
  const { formats } = context;
  const show = (value?: string) => (value === undefined ? '…' : pass.type === 'event' ? formats.instant(value) : formats.localDate(value));
  if (pass.validFrom === undefined && pass.validUntil === undefined) return '–';
  return `${show(pass.validFrom)} → ${show(pass.validUntil)}`;
}

function usedOn(text: Text, date: (d: string) => string, pass: PassView): string {
  if (pass.usedOn.length === 0) return '–';
  return pass.usedOn.map((use) => (use.period ? `${date(use.date)} (${text.periods[use.period] ?? use.period})` : date(use.date))).join(', ');
}
