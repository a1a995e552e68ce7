// Which sites are in lockdown (only staff passes open), in memory. Its own small provider so that
// access control (which sets and persists it) and the allow-lists (which bake it into every
// reader's list) both depend on it, rather than the allow-lists depending on access control.
import { Injectable } from '@nestjs/common';

@Injectable()
export class SiteLockdowns {
  private locked = new Set<string>();

  isLocked(site: string): boolean {
    return this.locked.has(site);
  }

  set(site: string, enabled: boolean): void {
    if (enabled) this.locked.add(site);
    else this.locked.delete(site);
  }

  /** The sites saved as locked, at start. */
  restore(sites: Iterable<string>): void {
    this.locked = new Set(sites);
  }

  sites(): string[] {
    return [...this.locked];
  }
}
