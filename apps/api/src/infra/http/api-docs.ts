// /api/docs (Swagger UI), /api/docs.json and /api/docs-yaml, set up when first asked for. Loading
// @nestjs/swagger and scanning the routes cost every start ~530 modules (docs/scaling.md, "Quiet
// runs") for a page few open; here they are loaded at the first request for one of these paths. SwaggerModule.setup
// registers its routes on the host it is given: a stand-in that keeps them in a table.
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';

type Handler = (request: Request, response: Response) => unknown;
interface DocsRoutes {
  pages: Map<string, Handler>;
  /** Swagger UI's files: a path prefix, and the folder it maps to (longest prefix first). */
  assets: Array<{ prefix: string; folder: string }>;
}

const DOCS_PATH = /^\/api\/docs(?:$|[/.-])/;

export function serveApiDocs(app: NestExpressApplication, build: () => Promise<OpenAPIObject>): void {
  let routes: Promise<DocsRoutes> | undefined;
  app.use((request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !DOCS_PATH.test(request.path)) return next();
    routes ??= setUp(build).catch((error: unknown) => {
      routes = undefined; // the next request tries again
      throw error;
    });
    routes.then((table) => answer(table, request, response, next), next);
  });
}

async function setUp(build: () => Promise<OpenAPIObject>): Promise<DocsRoutes> {
  const [{ SwaggerModule }, document] = await Promise.all([import('@nestjs/swagger'), build()]);
  const table: DocsRoutes = { pages: new Map(), assets: [] };
  const adapter = {
    getType: () => 'express',
    get: (path: string, handler: Handler) => table.pages.set(path, handler),
    getRequestUrl: (request: Request) => request.originalUrl,
  };
  const host = {
    getHttpAdapter: () => adapter,
    useStaticAssets: (folder: string, options: { prefix: string }) => table.assets.push({ prefix: options.prefix, folder }),
  };
  SwaggerModule.setup('api/docs', host as unknown as INestApplication, document, {
    jsonDocumentUrl: 'api/docs.json',
    // The token from "Try it out" on login goes in "Authorize" and is kept across reloads.
    swaggerOptions: { persistAuthorization: true },
  });
  table.assets.sort((a, b) => b.prefix.length - a.prefix.length);
  return table;
}

function answer(table: DocsRoutes, request: Request, response: Response, next: NextFunction): void {
  const page = table.pages.get(request.path);
  if (page) {
    Promise.resolve()
      .then(() => page(request, response))
      .catch(next);
    return;
  }
  const asset = table.assets.find(({ prefix }) => request.path.startsWith(`${prefix}/`));
  if (!asset) return next();
  // `root` keeps the path inside Swagger UI's folder (`send` refuses `..`). What `send` refuses
  // (403 for `..` or a dot file, 404, 400) goes on to the routes' French 404, as express.static did.
  response.sendFile(request.path.slice(asset.prefix.length + 1), { root: asset.folder, dotfiles: 'deny' }, (error?: Error & { status?: number }) => {
    if (error && !response.headersSent) next(error.status !== undefined && error.status < 500 ? undefined : error);
  });
}
