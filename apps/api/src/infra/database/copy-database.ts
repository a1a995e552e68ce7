// Moves an installation from the embedded SQLite database to PostgreSQL (the command is
// apps/api/src/copy-database-cli.ts). The target is migrated, must be empty, and receives every row
// in one transaction (parents before children), so a failed copy leaves it empty. See docs/operations.md.
import type { DataSource } from 'typeorm';
import type { EntityList } from './data-source.js';

const batchSize = 500;

export interface CopyReport {
  table: string;
  rows: number;
}

/** Copies every entity's rows from `source` into the empty `target`, in the list's order; returns the counts per table. */
export async function copyDatabase(source: DataSource, target: DataSource, entities: EntityList): Promise<CopyReport[]> {
  for (const entity of entities) {
    if ((await target.getRepository(entity).count()) > 0) {
      throw new Error(`the target already has rows in "${target.getMetadata(entity).tableName}": copy into an empty database`);
    }
  }
  return target.transaction(async (tx) => {
    const report: CopyReport[] = [];
    for (const entity of entities) {
      const rows = await source.getRepository(entity).find();
      for (let start = 0; start < rows.length; start += batchSize) {
        await tx.getRepository(entity).insert(rows.slice(start, start + batchSize) as never);
      }
      report.push({ table: source.getMetadata(entity).tableName, rows: rows.length });
    }
    return report;
  });
}
