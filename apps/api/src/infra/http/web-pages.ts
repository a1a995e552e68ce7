// The two web front ends, built by Vite into dist/web, served by this process at /wall and /dashboard.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

export const pages = ['wall', 'dashboard'] as const;

/** The repository (or image) root: the nearest folder above this file holding package.json. */
export function appRoot(from = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

export function serveWebPages(app: NestExpressApplication, webDir = path.join(appRoot(), 'dist', 'web')): void {
  for (const page of pages) {
    const dir = path.join(webDir, page);
    if (fs.existsSync(path.join(dir, 'index.html'))) {
      app.useStaticAssets(dir, { prefix: `/${page}`, index: 'index.html', maxAge: '1h', setHeaders: noCacheForHtml });
    } else {
      app.use(`/${page}`, (_request: Request, response: Response) =>
        response.status(503).type('text/plain').send(`The ${page} page is not built yet: run "npm run build".`),
      );
    }
  }
  app.use('/', (request: Request, response: Response, next: NextFunction) => (request.path === '/' ? response.redirect('/wall/') : next()));
}

// Pages change with each release; their hashed assets can be cached, the HTML must not be.
function noCacheForHtml(response: Response, file: string): void {
  if (file.endsWith('.html')) response.setHeader('Cache-Control', 'no-cache');
}
