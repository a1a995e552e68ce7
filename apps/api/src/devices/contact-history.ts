// When the service was hearing each device, so an offline upload can be checked against it
// (docs/reader-firmware.md, "What the service believes"). A contact is a run of messages and
// keepalive pings with no gap longer than `gapMs` (a live MQTT session pings at least every
// keepalive); it starts afresh at a device's own "online" status (a new session: its hello) and
// ends at an "offline" one (its will). In memory: a restarted service knows nothing of before.

interface Contact {
  from: number;
  to: number;
  open: boolean;
}

// Contacts kept per device: plenty for a week of normal reconnections; the oldest go first.
const CONTACTS_KEPT = 500;

export class ContactHistory {
  private readonly contacts = new Map<string, Contact[]>();

  constructor(private readonly gapMs: number) {}

  /** A message or ping at `at`; `online` is what the device said of itself, if it did. */
  heard(id: string, at: number, online?: boolean): void {
    const list = this.contacts.get(id) ?? [];
    const last = list[list.length - 1];
    if (online === false) {
      if (last) last.open = false;
    } else if (last && last.open && online !== true && at - last.to <= this.gapMs) {
      last.to = Math.max(last.to, at);
    } else {
      if (last) last.open = false;
      list.push({ from: at, to: at, open: true });
      if (list.length > CONTACTS_KEPT) list.shift();
    }
    this.contacts.set(id, list);
  }

  /**
   * True when `at` falls inside a contact, i.e. the service heard the device before and after it
   * within one session; false when the service was hearing it neither side; undefined before the
   * first contact it knows of (a restart forgot what came earlier).
   */
  wasHearing(id: string, at: number): boolean | undefined {
    const list = this.contacts.get(id);
    if (!list || list.length === 0 || at < list[0]!.from) return undefined;
    return list.some((contact) => contact.from <= at && at <= contact.to);
  }

  /** A deleted device's contacts go with it (a new device may reuse the id). */
  forget(id: string): void {
    this.contacts.delete(id);
  }
}
