import type { ColumnOptions } from 'typeorm';

/**
 * Instants are stored as fixed-width UTC ISO-8601 text ("2026-11-29T19:40:00.000Z") on both engines:
 * SQLite has no timestamp type and TypeORM refuses `timestamptz` there, while this text sorts and
 * compares as time in both, so range queries and purges stay portable.
 */
export const isoText: ColumnOptions = {
  type: 'varchar',
  length: 24,
  transformer: {
    to: (value: Date | null | undefined) => (value ? value.toISOString() : value),
    from: (value: string | null) => (value ? new Date(value) : value),
  },
};
