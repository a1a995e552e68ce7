// "Logged once per device per minute" (contract section 2): a flood of bad messages from one
// device must not become a flood of log lines.
export class ThrottledLog {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly write: (line: string) => void,
    private readonly everyMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Writes the line unless `key` already logged within the period; returns whether it wrote. */
  log(key: string, line: string): boolean {
    const now = this.now();
    const previous = this.last.get(key);
    if (previous !== undefined && now - previous < this.everyMs) return false;
    // Keys can come from the network (unknown device ids): bound the memory they take.
    if (this.last.size >= 10_000) this.last.clear();
    this.last.set(key, now);
    this.write(line);
    return true;
  }
}
