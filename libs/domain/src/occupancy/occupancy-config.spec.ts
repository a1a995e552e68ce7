import { describe, expect, it } from 'vitest';
import {
  occupancyConfig,
  sensorTiming,
  type DeskSensorTiming,
  type DeskSensorType,
  type OccupancyConfigInput,
} from './occupancy-config.js';
import { MINUTE } from './test-fixtures.js';

interface Scenario {
  name: string;
  input?: OccupancyConfigInput;
  sensor: DeskSensorType;
  expected: DeskSensorTiming;
}

describe('occupancy config', () => {
  it.each<Scenario>([
    {
      name: 'a PIR is held 10 minutes by default',
      sensor: 'pir',
      expected: { releaseAfterMs: 10 * MINUTE, heartbeatTimeoutMs: 30 * MINUTE },
    },
    { name: 'a radar releases at once by default', sensor: 'radar', expected: { releaseAfterMs: 0, heartbeatTimeoutMs: 30 * MINUTE } },
    {
      name: 'a pressure mat releases at once by default',
      sensor: 'pressure',
      expected: { releaseAfterMs: 0, heartbeatTimeoutMs: 30 * MINUTE },
    },
    {
      name: 'a site hold applies to a PIR',
      input: { releaseAfterMs: 15 * MINUTE },
      sensor: 'pir',
      expected: { releaseAfterMs: 15 * MINUTE, heartbeatTimeoutMs: 30 * MINUTE },
    },
    {
      name: 'a site hold leaves the radar default alone',
      input: { releaseAfterMs: 15 * MINUTE },
      sensor: 'radar',
      expected: { releaseAfterMs: 0, heartbeatTimeoutMs: 30 * MINUTE },
    },
    {
      name: 'a site heartbeat timeout applies to every sensor type',
      input: { heartbeatTimeoutMs: 5 * MINUTE },
      sensor: 'radar',
      expected: { releaseAfterMs: 0, heartbeatTimeoutMs: 5 * MINUTE },
    },
    {
      name: 'a radar heartbeat override keeps the radar default hold',
      input: { sensors: { radar: { heartbeatTimeoutMs: 2 * MINUTE } } },
      sensor: 'radar',
      expected: { releaseAfterMs: 0, heartbeatTimeoutMs: 2 * MINUTE },
    },
    {
      name: 'a PIR override beats the site hold',
      input: { releaseAfterMs: 15 * MINUTE, sensors: { pir: { releaseAfterMs: 20 * MINUTE } } },
      sensor: 'pir',
      expected: { releaseAfterMs: 20 * MINUTE, heartbeatTimeoutMs: 30 * MINUTE },
    },
    {
      name: 'a pressure mat can be given a hold of its own',
      input: { sensors: { pressure: { releaseAfterMs: MINUTE } } },
      sensor: 'pressure',
      expected: { releaseAfterMs: MINUTE, heartbeatTimeoutMs: 30 * MINUTE },
    },
  ])('$name', ({ input, sensor, expected }) => {
    expect(sensorTiming(occupancyConfig(input), sensor)).toEqual(expected);
  });

  it('lists only the sensor types that differ from the site’s timings', () => {
    expect(occupancyConfig({ sensors: { pir: { releaseAfterMs: 20 * MINUTE } } }).sensors).toStrictEqual({
      pir: { releaseAfterMs: 20 * MINUTE },
      radar: { releaseAfterMs: 0 },
      contact: { releaseAfterMs: 0 },
      pressure: { releaseAfterMs: 0 },
    });
    expect(Object.keys(occupancyConfig().sensors)).toEqual(['radar', 'contact', 'pressure']);
  });
});
