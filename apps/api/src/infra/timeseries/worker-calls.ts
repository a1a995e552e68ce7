// A worker thread given as JavaScript source text (`eval`), answering one message per call: the
// same code then runs from the built dist and from vitest, which serves our .ts files to the main
// thread only (a Worker would load a .ts path with Node's own loader and fail). The source reads
// `{ id, ...payload }` messages and posts `{ id, rows }` or `{ id, error: { message, code } }`;
// `{ type: 'close' }` ends it once the calls before it are answered.
import { Worker } from 'node:worker_threads';

/**
 * Niceness of the worker thread (Linux keeps one per thread: setpriority on the calling thread
 * touches no other). On a busy machine a report then waits for the CPU, never the door thread.
 */
export const WORKER_NICENESS = 10;
const PREAMBLE = `try { require('node:os').setPriority(${WORKER_NICENESS}); } catch {}\n`;

type Pending = { resolve: (rows: unknown[][]) => void; reject: (error: Error) => void };

/** A call the worker failed, with the engine's message and code (`SQLITE_ERROR`, an HTTP status…). */
export class WorkerCallError extends Error {
  override readonly name = 'WorkerCallError';
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export class WorkerCalls {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(
    private readonly source: string,
    private readonly workerData: Record<string, unknown>,
    /** Names the worker in errors: "the time-series reader stopped". */
    private readonly name: string,
  ) {}

  call(payload: Record<string, unknown>): Promise<unknown[][]> {
    const worker = this.worker ?? this.spawn();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Referenced while a call is under way, so that a script awaiting it is not ended under it.
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ ...payload, id });
    });
  }

  /** Calls already made are answered first; then the worker ends. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ type: 'close' });
    await exited;
  }

  private spawn(): Worker {
    const worker = new Worker(PREAMBLE + this.source, { eval: true, workerData: this.workerData });
    // An idle worker does not keep the process alive.
    worker.unref();
    worker.on('message', (message: { id: number; rows?: unknown[][]; error?: { message: string; code?: string } }) => {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (this.pending.size === 0) worker.unref();
      if (message.error) pending.reject(new WorkerCallError(message.error.message, message.error.code));
      else pending.resolve(message.rows!);
    });
    // The worker died (failed to open its file, out of memory): fail what waited; the next call starts a new one.
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const [id, pending] of this.pending) {
        this.pending.delete(id);
        pending.reject(new WorkerCallError(`${this.name} stopped: ${error.message}`));
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    this.worker = worker;
    return worker;
  }
}
