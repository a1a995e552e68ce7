// Portes: open a door remotely (through its readers, audited) and, for managers, switch the
// site's lockdown on or off. Both ask for a confirmation first: they act on the building.
import { card, h, note, table } from '../dom.js';
import type { LockdownDto, LockdownState, UnlockResult } from '../types.js';
import { failure, type Context, type View } from '../view.js';

export function doorsView(context: Context): View {
  const { text, api, site } = context;
  const t = text.doorsText;
  const status = h('div', { id: 'doors-status' });
  const say = (kind: 'ok' | 'error', message: string) => status.replaceChildren(note(kind, message));
  const unlock = (door: { id: string; name: string }) => {
    if (!confirm(t.confirmUnlock(door.name))) return;
    api.post<UnlockResult>(`/api/doors/${encodeURIComponent(site.id)}/${encodeURIComponent(door.id)}/unlock`).then(
      (result) => say(result.readers > 0 ? 'ok' : 'error', result.readers > 0 ? t.unlocked(door.name, result.readers) : t.noReader(door.name)),
      (error: unknown) => say('error', failure(text, error)),
    );
  };
  const doors = table(
    [
      { title: text.door, cell: (d) => d.name },
      { title: text.zone, cell: (d) => site.zones.find((z) => z.id === d.zone)?.name ?? d.zone },
      { title: '', cell: (d) => h('button', { type: 'button', class: 'small', 'data-action': 'unlock', onclick: () => unlock(d) }, t.unlock) },
    ],
    site.doors,
    (d) => ({ 'data-door': d.id }),
  );

  const lockdownBox = h('div', { id: 'lockdown' });
  const showLockdown = (state: LockdownState) => {
    const button = api.isManager
      ? h('button', { type: 'button', class: state.lockdown ? 'primary' : 'danger', id: 'lockdown-toggle', onclick: () => toggle(!state.lockdown) }, state.lockdown ? t.lockdownOff : t.lockdownOn)
      : null;
    lockdownBox.replaceChildren(h('p', { class: `lockdown-state ${state.lockdown ? 'on' : 'off'}`, 'data-lockdown': String(state.lockdown) }, state.lockdown ? t.lockedDown : t.notLockedDown), button ?? note('info', t.managersOnly));
  };
  const toggle = (enabled: boolean) => {
    if (!confirm(enabled ? t.confirmLockdownOn : t.confirmLockdownOff)) return;
    api.post<LockdownState>(`/api/sites/${encodeURIComponent(site.id)}/lockdown`, { enabled } satisfies LockdownDto).then(
      (state) => {
        showLockdown(state);
        say('ok', state.lockdown ? t.lockdownDone : t.lockdownLifted);
      },
      (error: unknown) => say('error', failure(text, error)),
    );
  };
  api.get<LockdownState>(`/api/sites/${encodeURIComponent(site.id)}/lockdown`).then(showLockdown, (error: unknown) => say('error', failure(text, error)));
  return { element: h('div', { class: 'section doors' }, status, card(t.lockdownTitle, lockdownBox), card(t.doorsTitle, doors)) };
}
