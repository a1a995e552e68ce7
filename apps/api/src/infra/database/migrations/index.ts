import { Init1764400000000 } from './1764400000000-init.js';

/**
 * Migrations, oldest first, run at startup on both engines. Their SQL is written to be valid on
 * SQLite and PostgreSQL alike; where an engine needs its own statement, a migration branches on
 * `db.connection.options.type`.
 */
export const migrations = [Init1764400000000];
