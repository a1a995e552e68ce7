// The fast unit specs StrykerJS runs for each mutant (`npm run mutation`): the pure libraries and
// the decision path's in-memory specs only, with no InfluxDB set-up, so one mutant costs a second.
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: [
      'libs/{domain,protocol}/src/**/*.spec.ts',
      'apps/api/src/access/access.service.spec.ts',
      'apps/api/src/members/member-directory.spec.ts',
      // The device id and topic checks of libs/protocol/src/http/device-fields.ts.
      'apps/api/src/devices/device-fields.spec.ts',
    ],
    globalSetup: [],
  },
});
