import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Served by the api at /dashboard/ from dist/web/dashboard.
export default defineConfig({
  root: here('.'),
  base: '/dashboard/',
  resolve: { alias: { '#protocol': here('../../libs/protocol/src/index.ts'), '#domain': here('../../libs/domain/src/index.ts') } },
  build: { outDir: here('../../dist/web/dashboard'), emptyOutDir: true },
});
