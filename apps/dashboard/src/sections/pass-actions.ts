// A manager's corrections to a member: edit name, e-mail and adherent status (staff: name and
// e-mail only, the API says so too), and per pass: end it at a date, cancel it (reason, refund or
// not), correct its dates or credits. Each opens one small form under the passes.
import { field, h, localToday, note } from '../dom.js';
import type { MemberPatchDto, MemberView, PassCancelDto, PassEndDto, PassPatchDto, PassView } from '../types.js';
import { failure, type Context } from '../view.js';

type Done = (message: string) => void;

export function memberEditForm(context: Context, member: MemberView, done: Done): HTMLElement {
  const { text, api } = context;
  const t = text.life;
  const name = h('input', { name: 'name', value: member.name, required: true, maxlength: 200 });
  const email = h('input', { name: 'email', type: 'email', value: member.email, required: true });
  const adherent = api.isManager ? h('input', { name: 'adherent', type: 'checkbox', checked: member.adherent }) : null;
  const status = h('div');
  const form = h(
    'form',
    { class: 'form inline', id: 'member-edit' },
    field(text.name, name),
    field(text.email, email),
    adherent ? h('label', { class: 'check' }, adherent, h('span', {}, text.adherent)) : null,
    h('button', { type: 'submit' }, t.save),
    status,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body: MemberPatchDto = {};
    if (name.value.trim() !== member.name) body.name = name.value.trim();
    if (email.value.trim() !== member.email) body.email = email.value.trim();
    if (adherent && adherent.checked !== member.adherent) body.adherent = adherent.checked;
    if (Object.keys(body).length === 0) return;
    api.patch(`/api/members/${encodeURIComponent(member.id)}`, body).then(
      () => done(t.memberSaved),
      (error: unknown) => status.replaceChildren(note('error', failure(text, error, t.emailTaken))),
    );
  });
  return form;
}

/** The buttons of one pass row (managers; a cancelled pass is final). */
export function passButtons(context: Context, pass: PassView, open: (form: HTMLElement) => void, done: Done): HTMLElement | null {
  const t = context.text.life;
  if (!context.api.isManager || pass.cancelledOn) return null;
  const button = (action: string, label: string, form: () => HTMLElement) => h('button', { type: 'button', class: 'small', 'data-action': action, onclick: () => open(form()) }, label);
  return h(
    'span',
    { class: 'row-actions' },
    button('end', t.end, () => endForm(context, pass, done)),
    button('cancel', t.cancel, () => cancelForm(context, pass, done)),
    button('correct', t.correct, () => correctForm(context, pass, done)),
  );
}

function submitTo(
  context: Context,
  form: HTMLFormElement,
  status: HTMLElement,
  call: () => Promise<unknown> | null,
  message: string,
  done: Done,
): void {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    call()?.then(
      () => done(message),
      (error: unknown) => status.replaceChildren(note('error', failure(context.text, error))),
    );
  });
}

function endForm(context: Context, pass: PassView, done: Done): HTMLElement {
  const { text, api, site } = context;
  const t = text.life;
  const on = h('input', { name: 'on', type: 'date', required: true, value: localToday(site.timezone) });
  const status = h('div');
  const form = h('form', { class: 'form inline', id: 'pass-end', 'data-for': pass.id }, h('strong', {}, t.endTitle), field(t.endOn, on), h('button', { type: 'submit', class: 'primary' }, t.end), status);
  submitTo(context, form, status, () => api.post(`/api/passes/${encodeURIComponent(pass.id)}/end`, { on: on.value } satisfies PassEndDto), t.ended, done);
  return form;
}

function cancelForm(context: Context, pass: PassView, done: Done): HTMLElement {
  const { text, api } = context;
  const t = text.life;
  const reason = h('input', { name: 'reason', required: true, maxlength: 500 });
  const refund = h('input', { name: 'refund', type: 'checkbox' });
  const status = h('div');
  const form = h(
    'form',
    { class: 'form inline', id: 'pass-cancel', 'data-for': pass.id },
    h('strong', {}, t.cancelTitle),
    field(t.reason, reason),
    h('label', { class: 'check' }, refund, h('span', {}, t.refund)),
    h('button', { type: 'submit', class: 'danger' }, t.cancel),
    status,
  );
  submitTo(context, form, status, () => (confirm(t.confirmCancel) ? api.post(`/api/passes/${encodeURIComponent(pass.id)}/cancel`, { reason: reason.value.trim(), refund: refund.checked } satisfies PassCancelDto) : null), t.cancelled, done);
  return form;
}

function correctForm(context: Context, pass: PassView, done: Done): HTMLElement {
  const { text, api } = context;
  const t = text.life;
  const dated = pass.type !== 'event';
  const from = h('input', { name: 'validFrom', type: dated ? 'date' : 'text', value: pass.validFrom ?? '' });
  const until = h('input', { name: 'validUntil', type: dated ? 'date' : 'text', value: pass.validUntil ?? '' });
  const credits = pass.type === 'carnet' ? h('input', { name: 'credits', type: 'number', min: 1, max: 1000, value: pass.credits ?? '' }) : null;
  const status = h('div');
  const form = h(
    'form',
    { class: 'form inline', id: 'pass-correct', 'data-for': pass.id },
    h('strong', {}, t.correctTitle),
    field(text.validFrom, from),
    field(text.validUntil, until),
    credits ? field(text.credits, credits) : null,
    h('button', { type: 'submit', class: 'primary' }, t.correct),
    status,
  );
  submitTo(context, form, status, () => {
    const body: PassPatchDto = {};
    if (from.value && from.value !== (pass.validFrom ?? '')) body.validFrom = from.value;
    if (until.value && until.value !== (pass.validUntil ?? '')) body.validUntil = until.value;
    if (credits && credits.value && Number(credits.value) !== pass.credits) body.credits = Number(credits.value);
    return Object.keys(body).length ? api.patch(`/api/passes/${encodeURIComponent(pass.id)}`, body) : null;
  }, t.corrected, done);
  return form;
}
