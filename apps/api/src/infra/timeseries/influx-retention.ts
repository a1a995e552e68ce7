// InfluxQL for retention: two retention policies and one continuous query per rollup.
// Raw points go to `raw`, made the database's default policy so that writes and queries that name
// no policy use it; rollups go to `rollup`. Names are validated (assertValidPlan) and quoted anyway.
import { quoteIdentifier, ROLLUP_POLICY } from './influx-query.js';
import type { RetentionPlan, RollupSpec } from './time-series-store.js';

export const RAW_POLICY = 'raw';

export interface PolicyStatement {
  name: string;
  duration: string;
  isDefault: boolean;
}

export function retentionPolicies(plan: RetentionPlan): PolicyStatement[] {
  return [
    { name: RAW_POLICY, duration: `${plan.rawDays}d`, isDefault: true },
    { name: ROLLUP_POLICY, duration: `${plan.rollupDays}d`, isDefault: false },
  ];
}

/** CREATE or ALTER one policy, depending on whether the database already has it. */
export function policyStatement(database: string, policy: PolicyStatement, exists: boolean): string {
  const verb = exists ? 'ALTER' : 'CREATE';
  return `${verb} RETENTION POLICY ${quoteIdentifier(policy.name)} ON ${quoteIdentifier(database)} DURATION ${policy.duration} REPLICATION 1${policy.isDefault ? ' DEFAULT' : ''}`;
}

export function continuousQueryName(rollup: RollupSpec): string {
  return `cq_${rollup.into}`;
}

/**
 * The hourly SELECT … INTO of a rollup. GROUP BY * keeps the tags as tags (without it they would
 * become fields of the rollup). `range` bounds it for a manual run; a continuous query has none.
 */
export function rollupSelect(database: string, rollup: RollupSpec, range?: { from: Date; to: Date }): string {
  const columns = rollup.fields.flatMap((field) => [
    `MEAN(${quoteIdentifier(field)}) AS ${quoteIdentifier(`${field}_mean`)}`,
    `MAX(${quoteIdentifier(field)}) AS ${quoteIdentifier(`${field}_max`)}`,
  ]);
  const where = range ? ` WHERE time >= ${range.from.getTime()}ms AND time < ${range.to.getTime()}ms` : '';
  return (
    `SELECT ${columns.join(', ')}` +
    ` INTO ${quoteIdentifier(database)}.${quoteIdentifier(ROLLUP_POLICY)}.${quoteIdentifier(rollup.into)}` +
    ` FROM ${quoteIdentifier(database)}.${quoteIdentifier(RAW_POLICY)}.${quoteIdentifier(rollup.measurement)}${where}` +
    ` GROUP BY time(1h), *`
  );
}

/**
 * RESAMPLE FOR 2h: each hour is computed at its end and again an hour later, so that the points
 * of its last minute, which the buffered writer sends a moment after the hour, are counted.
 */
export function continuousQuery(database: string, rollup: RollupSpec): string {
  return (
    `CREATE CONTINUOUS QUERY ${quoteIdentifier(continuousQueryName(rollup))} ON ${quoteIdentifier(database)}` +
    ` RESAMPLE EVERY 1h FOR 2h BEGIN ${rollupSelect(database, rollup)} END`
  );
}
