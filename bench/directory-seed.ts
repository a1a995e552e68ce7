// Scenario M's seed: members, each with an active badge and a staff pass, written straight into the
// SQLite database of a service that ran once on this DATA_DIR (its migrations made the tables) and
// is stopped. One transaction of prepared inserts: 100,000 members take seconds, where the public
// API (three requests each, every one checked against the whole directory) would take most of an hour.
// The rows are what the API writes (members.repository.ts `createMember`, `addBadge`, `createPass`).
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { DEFAULT_TARIFFS, listPriceCents, withPassDefaults } from '#domain';
import Database from 'better-sqlite3';
import { planMembers, type PlannedMember } from './fleet-plan.js';

/** Seeds `count` members; returns them (their badge UIDs are what the readers present). */
export function seedDirectory(dataDir: string, count: number, now = new Date()): PlannedMember[] {
  const members = planMembers(count);
  const db = new Database(path.join(dataDir, 'cantine.db'));
  try {
    const at = now.toISOString();
    const soldOn = at.slice(0, 10);
    const staff = withPassDefaults({ id: '', memberId: '', type: 'staff' });
    const member = db.prepare('INSERT INTO member (id, name, email, adherent, active, created_at, email_duplicate) VALUES (?, ?, ?, 1, 1, ?, 0)');
    const badge = db.prepare("INSERT INTO badge (id, uid, member_id, status, created_at, revoked_at) VALUES (?, ?, ?, 'active', ?, NULL)");
    const pass = db.prepare(
      'INSERT INTO pass (id, member_id, type, valid_from, valid_until, credits, zones, title, sold_on, created_at, price_cents, end_mode, cancelled_on, refund, refund_cents, cancel_reason)' +
        ' VALUES (?, ?, ?, NULL, NULL, NULL, ?, NULL, ?, ?, ?, NULL, NULL, NULL, NULL, NULL)',
    );
    // Priced as the API prices a sale (members.service.ts `addPass`): a staff pass is free.
    const price = listPriceCents(staff, { adherent: true }, DEFAULT_TARIFFS);
    db.transaction(() => {
      for (const planned of members) {
        const id = randomUUID();
        member.run(id, planned.name, planned.email, at);
        badge.run(randomUUID(), planned.uid, id, at);
        pass.run(randomUUID(), id, staff.type, JSON.stringify(staff.zones), soldOn, at, price);
      }
    })();
  } finally {
    db.close();
  }
  return members;
}
