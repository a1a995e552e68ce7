// The leases and heartbeats of docs/scaling.md, in PostgreSQL, on a small pool of their own: a busy
// application pool (audit writes, reports) must not delay a renewal past the lease. Every call is
// one autocommit statement; expiry is PostgreSQL's clock, never an instance's.
import pg from 'pg';
import type { SiteLeaseView } from '#domain';

export class ClusterLeases {
  private readonly pool: pg.Pool;

  constructor(
    databaseUrl: string,
    private readonly me: string,
    private readonly ttlMs: number,
  ) {
    // A statement that has not answered within the lease is worthless: give up and let the loop retry.
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: 2, query_timeout: ttlMs, connectionTimeoutMillis: ttlMs });
    this.pool.on('error', () => undefined); // an idle client cut by the server: the next query reconnects
  }

  /** Says this instance is alive; returns the ids of every instance seen within the lease time. */
  async heartbeat(): Promise<string[]> {
    await this.pool.query(`INSERT INTO cluster_instance (id, seen_at) VALUES ($1, now()) ON CONFLICT (id) DO UPDATE SET seen_at = now()`, [this.me]);
    const { rows } = await this.pool.query<{ id: string }>(`SELECT id FROM cluster_instance WHERE seen_at > now() - make_interval(secs => $1::float / 1000) ORDER BY id`, [this.ttlMs]);
    return rows.map((row) => row.id);
  }

  /** Every site's lease, created free when missing; a live one says when it runs out. */
  async leases(sites: readonly string[]): Promise<Array<SiteLeaseView & { expiresInMs?: number }>> {
    await this.pool.query(`INSERT INTO site_lease (site_id) SELECT unnest($1::varchar[]) ON CONFLICT (site_id) DO NOTHING`, [sites]);
    const { rows } = await this.pool.query<{ site_id: string; owner: string | null; live: boolean; ms: number }>(
      `SELECT site_id, owner, (owner IS NOT NULL AND expires_at > now()) AS live, (EXTRACT(EPOCH FROM expires_at - now()) * 1000)::float AS ms
       FROM site_lease WHERE site_id = ANY($1::varchar[])`,
      [sites],
    );
    return rows.map((row) => ({
      site: row.site_id,
      owner: row.owner,
      live: row.live,
      ...(row.live ? { expiresInMs: row.ms } : { freeForMs: -row.ms }),
    }));
  }

  /** Extends every lease this instance holds; returns each one's fence (a site missing was lost). */
  async renew(): Promise<Map<string, number>> {
    const { rows } = await this.pool.query<{ site_id: string; fence: number }>(
      `UPDATE site_lease SET expires_at = now() + make_interval(secs => $2::float / 1000) WHERE owner = $1 RETURNING site_id, fence`,
      [this.me, this.ttlMs],
    );
    return new Map(rows.map((row) => [row.site_id, row.fence]));
  }

  /** Takes a free site (or one still named after this instance by a previous run); its new fence, or null when taken by someone else. */
  async acquire(site: string): Promise<number | null> {
    const { rows } = await this.pool.query<{ fence: number }>(
      `UPDATE site_lease SET owner = $1, fence = fence + 1, expires_at = now() + make_interval(secs => $3::float / 1000)
       WHERE site_id = $2 AND (owner IS NULL OR expires_at <= now() OR owner = $1) RETURNING fence`,
      [this.me, site, this.ttlMs],
    );
    return rows[0]?.fence ?? null;
  }

  /** Frees a site held under this fence, so the next owner need not wait for the lease to run out. */
  async release(site: string, fence: number): Promise<void> {
    await this.pool.query(`UPDATE site_lease SET owner = NULL, expires_at = now() WHERE site_id = $1 AND owner = $2 AND fence = $3`, [site, this.me, fence]);
  }

  /** Leaves the cluster: the heartbeat goes (the others rebalance at once), old heartbeats are swept. */
  async leave(): Promise<void> {
    await this.pool.query(`DELETE FROM cluster_instance WHERE id = $1 OR seen_at < now() - interval '1 day'`, [this.me]);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
