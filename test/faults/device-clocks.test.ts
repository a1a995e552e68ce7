// Device clocks 10 minutes off either way (hardening issue): rules use the service clock, the
// reader's `ts` is ignored for the decision and kept in the audit log as `deviceTime`. Event passes
// make it visible whatever the hour the suite runs: their window is a precise time span.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../apps/api/src/access/audit-log.js';
import { api } from '../access/helpers.js';
import { startTestCantine, type TestCantine } from '../support/app.js';
import { provisioned } from '../support/devices.js';
import { TimedReader } from '../support/faults.js';

const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

describe('device clocks ±10 minutes off', () => {
  let cantine: TestCantine;
  let manager: Awaited<ReturnType<typeof api>>;
  let reader: TimedReader;

  beforeAll(async () => {
    cantine = await startTestCantine();
    manager = await api(cantine);
    const now = Date.now();
    // Now: inside Anne's window, before Bruno's; 10 minutes either way flips both.
    await manager.member('Anne Now', '04A224B2C31F80', [{ type: 'event', validFrom: iso(now - 5 * MINUTE), validUntil: iso(now + 5 * MINUTE), title: 'Talk' }]);
    await manager.member('Bruno Later', '04A224B2C31F81', [{ type: 'event', validFrom: iso(now + 5 * MINUTE), validUntil: iso(now + 20 * MINUTE), title: 'Talk' }]);
    await manager.member('Chloe Earlier', '04A224B2C31F82', [{ type: 'event', validFrom: iso(now - 20 * MINUTE), validUntil: iso(now - 5 * MINUTE), title: 'Talk' }]);
    const secret = await provisioned(cantine.baseUrl, manager.headers, { id: 'reader-entrance', kind: 'reader', door: 'entrance' });
    reader = await TimedReader.connect(`mqtt://127.0.0.1:${cantine.mqttPort}`, 'reader-entrance', secret);
  });
  afterAll(async () => {
    await reader?.close();
    await cantine?.dispose();
  });

  it('decides on the service clock and keeps the device time in the audit log', async () => {
    const cases = [
      { uid: '04A224B2C31F80', skew: +10, granted: true },
      { uid: '04A224B2C31F80', skew: -10, granted: true },
      { uid: '04A224B2C31F81', skew: +10, granted: false },
      { uid: '04A224B2C31F82', skew: -10, granted: false },
    ];
    const results = [];
    for (const c of cases) {
      const ts = iso(Date.now() + c.skew * MINUTE);
      const decision = await reader.badgeAndWait(c.uid, 2000, { ts });
      results.push({ ...c, ts, decision });
    }
    await cantine.app.get(AuditLog).flush();
    const entries = ((await manager.get('/api/access-events?reader=reader-entrance')).body as Array<{ uid: string; granted: boolean; time: string; deviceTime: string | null; reason: string }>).reverse();
    console.log(`[device-clocks] ${JSON.stringify(results.map((r, i) => ({ skewMin: r.skew, granted: r.decision?.granted, reason: r.decision?.reason, at: entries[i]?.time, deviceTime: entries[i]?.deviceTime })))}`);

    expect(entries).toHaveLength(cases.length);
    for (const [i, result] of results.entries()) {
      expect(result.decision, `case ${i}`).toMatchObject({ granted: result.granted });
      const entry = entries[i]!;
      expect(entry.granted).toBe(result.granted);
      // Stored as the device said it; the entry's own time is the service's.
      expect(Date.parse(entry.deviceTime!)).toBe(Date.parse(result.ts));
      expect(Math.abs(Date.parse(entry.time) - Date.parse(result.ts))).toBeGreaterThan(9 * MINUTE);
      expect(Math.abs(Date.parse(entry.time) - Date.now())).toBeLessThan(MINUTE);
    }
  });
});
