// The features write the time series docs/timeseries.md promises: badge decisions as counts by door
// and reason, without anyone's identity.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BufferedTimeSeriesWriter, TimeSeriesStore } from '../../apps/api/src/infra/timeseries/index.js';
import { at, badgeIn, captureAnswers } from '../access/helpers.js';
import { startTestCantine, type TestCantine } from '../support/app.js';

describe('time series written by access control', () => {
  let cantine: TestCantine;

  beforeAll(async () => {
    cantine = await startTestCantine();
  });
  afterAll(() => cantine.dispose());

  it('counts each badge decision by door, outcome and reason, with no member, badge or reader in it', async () => {
    const answers = captureAnswers(cantine);
    badgeIn(cantine, answers, { uid: 'DEADBEEF', at: at('10:00') });
    badgeIn(cantine, answers, { uid: 'DEADBEEF', at: at('10:01'), door: 'open-space' });
    await cantine.app.get(BufferedTimeSeriesWriter).flush();
    const points = await cantine.app.get(TimeSeriesStore).points({
      measurement: 'access_decision',
      field: 'count',
      from: at('09:00'),
      to: at('11:00'),
    });
    expect(points.map((p) => [p.tags, p.value])).toEqual([
      [{ site: 'quimper', door: 'entrance', granted: 'false', reason: 'unknown-badge' }, 1],
      [{ site: 'quimper', door: 'open-space', granted: 'false', reason: 'unknown-badge' }, 1],
    ]);
    expect(JSON.stringify(points)).not.toContain('DEADBEEF');
  });
});
