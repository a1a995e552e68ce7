import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Served by the api at /wall/ from dist/web/wall.
export default defineConfig({
  root: here('.'),
  base: '/wall/',
  resolve: { alias: { '#protocol': here('../../libs/protocol/src/index.ts'), '#domain': here('../../libs/domain/src/index.ts') } },
  build: { outDir: here('../../dist/web/wall'), emptyOutDir: true },
});
