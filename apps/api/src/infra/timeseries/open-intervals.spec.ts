// An interval summary read from a day's start, given the series open there (`openAt`, from an
// `open` summary), equals the same summary read with the look-back before it: what lets the
// service's store read today's desk changes from midnight instead of two days earlier.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedStore, hasInflux, influxStore, type StoreUnderTest } from '../../../../../test/support/time-series.js';
import type { IntervalsQuery, IntervalsSummaryKind, TimePoint, TimeSeriesStore } from './index.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** UTC midnight 5 days ago (InfluxDB's raw policy keeps 90 days); the day whose start is read. */
const DAY_START = Math.floor(Date.now() / DAY) * DAY - 5 * DAY;
const LOOKBACK = 2 * DAY;
const TO = DAY_START + 17 * HOUR;

/** desk-a: busy across midnight (a repeat at 1 before it); desk-b: freed in the evening, back for half an hour; desk-c: a repeat at 1 just after midnight. */
function changes(): TimePoint[] {
  const change = (desk: string, occupied: boolean, t: number): TimePoint => ({
    measurement: 'desk_occupancy',
    tags: { site: 'quimper', desk },
    fields: { occupied: occupied ? 1 : 0 },
    time: new Date(t),
  });
  return [
    change('desk-a', true, DAY_START - 30 * HOUR),
    change('desk-a', false, DAY_START - 26 * HOUR),
    change('desk-a', true, DAY_START - 3 * HOUR),
    change('desk-a', true, DAY_START - 1 * HOUR),
    change('desk-a', false, DAY_START + 2 * HOUR),
    change('desk-a', true, DAY_START + 9 * HOUR),
    change('desk-b', true, DAY_START - 14 * HOUR),
    change('desk-b', false, DAY_START - 5 * HOUR),
    change('desk-b', true, DAY_START + 8 * HOUR),
    change('desk-b', false, DAY_START + 8 * HOUR + 30 * MINUTE),
    change('desk-c', true, DAY_START - 2 * HOUR),
    change('desk-c', true, DAY_START + 10 * MINUTE),
    change('desk-c', false, DAY_START + 11 * HOUR),
    change('desk-c', true, DAY_START + 13 * HOUR),
    change('desk-c', false, DAY_START + 15 * HOUR),
  ];
}

const SUMMARIES: Array<[string, IntervalsSummaryKind]> = [
  ['peaks', { kind: 'peaks', windows: [[DAY_START, DAY_START + 11 * HOUR], [DAY_START + 11 * HOUR, TO]] }],
  ['overlap per window', { kind: 'overlap', windows: [[DAY_START + HOUR, DAY_START + 9 * HOUR], [DAY_START + 10 * HOUR, TO]], perWindow: true }],
  ['starts', { kind: 'starts', before: TO }],
  ['durations', { kind: 'durations' }],
];

function contract(name: string, open: () => Promise<StoreUnderTest<TimeSeriesStore>>) {
  describe(`open intervals on ${name}`, () => {
    let under: StoreUnderTest<TimeSeriesStore>;
    const base = { measurement: 'desk_occupancy', field: 'occupied', where: { site: 'quimper' }, seriesTag: 'desk' };

    beforeAll(async () => {
      under = await open();
      await under.store.write(changes());
    });
    afterAll(() => under.dispose());

    it('an open summary names each series at 1 at `to`, since the start of its interval', async () => {
      const summary = await under.store.summarizeIntervals({ ...base, readFrom: new Date(DAY_START - LOOKBACK), from: new Date(DAY_START - LOOKBACK), to: new Date(DAY_START), summary: { kind: 'open' } });
      expect(summary).toEqual({
        kind: 'open',
        intervals: [
          { series: 'desk-a', since: DAY_START - 3 * HOUR },
          { series: 'desk-c', since: DAY_START - 2 * HOUR },
        ],
      });
    });

    it.each(SUMMARIES)('%s: read from the day start with the open series = read with the look-back', async (_name, summary) => {
      const q: IntervalsQuery = { ...base, readFrom: new Date(DAY_START - LOOKBACK), from: new Date(DAY_START), to: new Date(TO), summary };
      const expected = await under.store.summarizeIntervals(q);
      const openAt = await under.store.summarizeIntervals({ ...base, readFrom: new Date(DAY_START - LOOKBACK), from: new Date(DAY_START - LOOKBACK), to: new Date(DAY_START), summary: { kind: 'open' } });
      if (openAt?.kind !== 'open') throw new Error('no open summary');
      const seeded = await under.store.summarizeIntervals({ ...q, readFrom: new Date(DAY_START), openAt: openAt.intervals });
      expect(seeded).toEqual(expected);
      // Without the open series, the read from midnight would differ: the seeding is what makes it right.
      expect(await under.store.summarizeIntervals({ ...q, readFrom: new Date(DAY_START) })).not.toEqual(expected);
    });
  });
}

contract('the embedded store', () => embeddedStore('cantine-open-'));
describe.skipIf(!hasInflux)('InfluxDB', () => contract('InfluxDB', () => influxStore()));
