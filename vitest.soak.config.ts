// Long runs kept out of `npm test` and CI: `npx vitest run --config vitest.soak.config.ts`
// (test/stock/stock-soak.soak.ts holds every stock firmware sequence for STOCK_SOAK_MINUTES).
// Spread, not mergeConfig: mergeConfig would add this include to the default one.
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

export default defineConfig({ ...base, test: { ...base.test, include: ['test/**/*.soak.ts'], testTimeout: 3_600_000, hookTimeout: 120_000 } });
