import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Served by the api at /dashboard/ from dist/web/dashboard.
export default defineConfig({
  root: here('.'),
  base: '/dashboard/',
  resolve: { alias: { '#protocol': here('../../libs/protocol/src/index.ts'), '#domain': here('../../libs/domain/src/index.ts') } },
  // ECharts, even tree-shaken to the dashboard's charts, is a ~590 kB chunk (~190 kB gzipped),
  // loaded only when a section first draws a chart.
  build: { outDir: here('../../dist/web/dashboard'), emptyOutDir: true, chunkSizeWarningLimit: 700 },
});
