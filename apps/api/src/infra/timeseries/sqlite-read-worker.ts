// The embedded store's reads, off the service's event loop: a worker thread with its own
// read-only connection to the same file (WAL lets it read while the main thread writes). A long
// query then delays no badge decision, MQTT message or HTTP answer: only other reads queue.
//
// The worker is plain JavaScript (worker-calls.ts says why): a small SQL runner; every query is
// built, and every answer shaped, by the store in TypeScript.
import { createRequire } from 'node:module';
import { WorkerCalls } from './worker-calls.js';

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

/** A failed read, with SQLite's message and code (`SQLITE_ERROR`, `SQLITE_BUSY`…). */
export { WorkerCallError as SqliteReadError } from './worker-calls.js';

export class SqliteReadWorker {
  private readonly calls: WorkerCalls;

  constructor(file: string) {
    this.calls = new WorkerCalls(WORKER_SOURCE, { file, driver: createRequire(import.meta.url).resolve('better-sqlite3') }, 'the time-series reader');
  }

  /** Every row as an array of column values, in the order of the SELECT. */
  all(sql: string, params: Record<string, SqlValue>): Promise<SqlValue[][]> {
    return this.calls.call({ sql, params }) as Promise<SqlValue[][]>;
  }

  /** Reads already asked are answered first; then the worker closes its connection and ends. */
  close(): Promise<void> {
    return this.calls.close();
  }
}
