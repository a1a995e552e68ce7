// A desk restored live from the snapshot hears its sensor's offline report, though this process
// has never heard that sensor: after a restart every device starts offline in the device monitor,
// and so does every device of a site another instance handed over (bench --cluster: the 2-instance
// ingestion check, whose first step ended with every sensor's `{"online":false}`). The monitor told
// occupancy only of changes, so the report was ignored and the desk stayed occupied until its
// heartbeat ran out (30 min).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DeviceMonitor } from '../../apps/api/src/devices/device-monitor.js';
import { managerHeaders, startTestCantine } from '../support/app.js';
import { provisioned } from '../support/devices.js';
import { getSeats, presence, stateOf } from './helpers.js';

describe('a desk restored live, its sensor not heard since the start', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-offline-restored-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('goes offline on the sensor offline report', async () => {
    const first = await startTestCantine({ DATA_DIR: dataDir });
    try {
      await provisioned(first.baseUrl, await managerHeaders(first.baseUrl), { id: 'sensor-01', kind: 'desk-sensor', desk: 'desk-01' });
      first.app.get(DeviceMonitor).seen('sensor-01', {});
      presence(first, 'desk-01', true);
      expect(stateOf(await getSeats(first), 'desk-01')).toBe('occupied');
    } finally {
      await first.close();
    }

    const second = await startTestCantine({ DATA_DIR: dataDir });
    try {
      expect(stateOf(await getSeats(second), 'desk-01')).toBe('occupied');
      expect(second.app.get(DeviceMonitor).stateOf('sensor-01').online).toBe(false);
      second.app.get(DeviceMonitor).seen('sensor-01', { online: false });
      expect(stateOf(await getSeats(second), 'desk-01')).toBe('offline');
    } finally {
      await second.close();
    }
  });
});
