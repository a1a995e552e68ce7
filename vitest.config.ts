import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  // SWC keeps decorator metadata, which Nest's dependency injection needs.
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: {
    alias: {
      '#domain': here('./libs/domain/src/index.ts'),
      '#protocol': here('./libs/protocol/src/index.ts'),
    },
  },
  test: {
    include: ['{apps,libs,firmware-sim,test}/**/*.{spec,test}.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Starts a throwaway InfluxDB for the run when influxd is installed and TEST_INFLUX_URL is unset.
    globalSetup: ['./test/support/influxd-global-setup.ts'],
  },
});
