// Enrolment mode from the dashboard: pick a reader, arm it for this member, present the badge
// there. The outcome comes on the `/manager` socket (`enrolment`); when the time is up without
// one (a missed event), the reader's state is read once over HTTP.
import { field, h, note, select } from '../dom.js';
import type { DeviceView, EnrolmentArmDto, EnrolmentResult, EnrolmentState, MemberView } from '../types.js';
import { failure, type Context, type View } from '../view.js';

export function enrolmentWidget(context: Context, member: MemberView, enrolled: (uid: string) => void): View {
  const widget = new EnrolmentWidget(context, member, enrolled);
  return { element: widget.element, dispose: () => widget.dispose() };
}

class EnrolmentWidget {
  readonly element: HTMLElement;
  private readonly readers = h('span');
  private readonly status = h('div', { id: 'enrolment-status', 'aria-live': 'polite' });
  private readonly arm = h('button', { type: 'button', id: 'enrol', disabled: true });
  private readonly cancel = h('button', { type: 'button', class: 'link', hidden: true });
  private picker: HTMLSelectElement | null = null;
  private waiting: { reader: string; timer: number; expiresAt: number; armedAt: number } | null = null;
  private readonly stopFeed: () => void;
  private disposed = false;

  constructor(
    private readonly context: Context,
    private readonly member: MemberView,
    private readonly enrolled: (uid: string) => void,
  ) {
    const { text } = context;
    this.arm.textContent = text.enrol;
    this.cancel.textContent = text.cancel;
    this.arm.addEventListener('click', () => this.picker && this.start(this.picker.value));
    this.cancel.addEventListener('click', () => this.stop());
    this.stopFeed = context.feeds.on('enrolment', (result) => {
      if (this.waiting && result.reader === this.waiting.reader && result.memberId === member.id) this.show(result);
    });
    this.loadReaders();
    this.element = h('div', { class: 'enrolment' }, h('h3', {}, text.enrolTitle), h('div', { class: 'form inline' }, this.readers, this.arm, this.cancel), this.status);
  }

  dispose(): void {
    this.disposed = true;
    this.stopFeed();
    this.stopWaiting();
  }

  private path(reader: string): string {
    return `/api/readers/${encodeURIComponent(this.context.site.id)}/${encodeURIComponent(reader)}/enrolment`;
  }

  private loadReaders(): void {
    const { api, site, text } = this.context;
    api.get<DeviceView[]>('/api/devices').then(
      (devices) => {
        const list = devices.filter((d) => d.kind === 'reader' && d.site === site.id);
        if (list.length === 0) return this.readers.replaceChildren(note('info', text.noReader));
        const door = (id: string) => site.doors.find((d) => d.id === id)?.name ?? id;
        this.picker = select('reader', list.map((d) => [d.id, d.door ? `${d.id} (${door(d.door)})` : d.id]));
        this.readers.replaceChildren(field(text.reader, this.picker));
        this.arm.disabled = this.waiting !== null;
      },
      () => this.readers.replaceChildren(note('error', text.loadFailed)),
    );
  }

  private start(reader: string): void {
    this.arm.disabled = true;
    const armedAt = Date.now();
    this.context.api.post<EnrolmentState>(this.path(reader), { memberId: this.member.id } satisfies EnrolmentArmDto).then(
      (state) => {
        this.waiting = {
          reader,
          armedAt,
          timer: window.setInterval(() => this.tick(), 1000),
          expiresAt: Date.parse(state.armed!.expiresAt),
        };
        this.cancel.hidden = false;
        this.tick();
      },
      (error: unknown) => {
        this.arm.disabled = false;
        this.status.replaceChildren(note('error', failure(this.context.text, error)));
      },
    );
  }

  private tick(): void {
    if (!this.waiting) return;
    const left = Math.max(0, Math.round((this.waiting.expiresAt - Date.now()) / 1000));
    this.status.replaceChildren(note('info', this.context.text.enrolWaiting(this.waiting.reader, left)));
    if (left > 0) return;
    const { reader, armedAt } = this.waiting;
    this.stopWaiting();
    this.check(reader, armedAt);
  }

  /** Reads the outcome the socket did not bring (the server's clock may be a moment behind). */
  private check(reader: string, armedAt: number): void {
    if (this.disposed) return;
    this.context.api.get<EnrolmentState>(this.path(reader)).then((state) => {
      if (state.armed?.memberId === this.member.id) return void setTimeout(() => this.check(reader, armedAt), 1000);
      const last = state.last;
      const ours = last && last.memberId === this.member.id && Date.parse(last.at) >= armedAt - 5_000;
      this.show(ours ? last : { site: state.site, reader, memberId: this.member.id, error: 'expired', at: new Date().toISOString() });
    }, () => undefined);
  }

  private show(result: EnrolmentResult): void {
    this.stopWaiting();
    const { text } = this.context;
    if (result.error) return this.status.replaceChildren(note('error', text.enrolErrors[result.error] ?? result.error));
    this.status.replaceChildren(note('ok', text.enrolDone(result.uid ?? '')));
    this.enrolled(result.uid ?? '');
  }

  /** The manager cancels: the reader is disarmed. */
  private stop(): void {
    if (this.waiting) void this.context.api.delete(this.path(this.waiting.reader)).catch(() => undefined);
    this.stopWaiting();
    this.status.replaceChildren();
  }

  private stopWaiting(): void {
    if (this.waiting) clearInterval(this.waiting.timer);
    this.waiting = null;
    this.arm.disabled = this.picker === null;
    this.cancel.hidden = true;
  }
}
