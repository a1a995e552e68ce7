// The embedded store's reads, off the service's event loop: a worker thread with its own
// read-only connection to the same file (WAL lets it read while the main thread writes). A long
// query then delays no badge decision, MQTT message or HTTP answer: only other reads queue.
//
// The worker is plain JavaScript given as source text (`eval`), not a file: the same code then
// runs from the built dist and from vitest, which serves our .ts files to the main thread only
// (a Worker would load a .ts path with Node's own loader and fail). It is a small SQL runner;
// every query is built, and every answer shaped, by the store in TypeScript.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const statements = new Map();
parentPort.on('message', (message) => {
  if (message.type === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    let statement = statements.get(message.sql);
    if (!statement) {
      statement = db.prepare(message.sql);
      if (statements.size < 200) statements.set(message.sql, statement);
    }
    const rows = statement.raw(true).all(message.params);
    parentPort.postMessage({ id: message.id, rows });
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: { name: error.name, message: error.message, code: error.code } });
  }
});
`;

type SqlValue = string | number | null;
type Pending = { resolve: (rows: SqlValue[][]) => void; reject: (error: Error) => void };

/** A failed read, with SQLite's message and code (`SQLITE_ERROR`, `SQLITE_BUSY`…). */
export class SqliteReadError extends Error {
  override readonly name = 'SqliteReadError';
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export class SqliteReadWorker {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly file: string) {}

  /** Every row as an array of column values, in the order of the SELECT. */
  all(sql: string, params: Record<string, SqlValue>): Promise<SqlValue[][]> {
    const worker = this.worker ?? this.spawn();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Referenced while a read is under way, so that a script awaiting it is not ended under it.
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ id, sql, params });
    });
  }

  /** Reads already asked are answered first; then the worker closes its connection and ends. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ type: 'close' });
    await exited;
  }

  private spawn(): Worker {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file: this.file, driver } });
    // An idle reader does not keep the process alive.
    worker.unref();
    worker.on('message', (message: { id: number; rows?: SqlValue[][]; error?: { message: string; code?: string } }) => {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (this.pending.size === 0) worker.unref();
      if (message.error) pending.reject(new SqliteReadError(message.error.message, message.error.code));
      else pending.resolve(message.rows!);
    });
    // The worker died (failed to open the file, out of memory): fail what waited; the next read starts a new one.
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const [id, pending] of this.pending) {
        this.pending.delete(id);
        pending.reject(new SqliteReadError(`the time-series reader stopped: ${error.message}`));
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    this.worker = worker;
    return worker;
  }
}
