// Long background work (building offline allow-lists for a large directory or many sites) shares
// the one thread with badge decisions: it runs in slices and gives the event loop back between
// them, so a badge waits at most about one slice, not the whole job. Real time, not the service
// clock: this is about CPU, whatever a demo clock says.
import { performance } from 'node:perf_hooks';

export class TimeSlices {
  private started = performance.now();

  /** `sliceMs`: how long to run before giving the event loop back (0: at every check). */
  constructor(private readonly sliceMs = 10) {}

  /** Call between units of work: waits for the event loop to turn once the slice has run out. */
  readonly check = async (): Promise<void> => {
    if (performance.now() - this.started < this.sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.started = performance.now();
  };
}
