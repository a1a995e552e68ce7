// Builds and starts the whole service; main.ts and the boot tests both use it.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { AppModule } from './app.module.js';
import { ruleFor } from './auth/route-roles.js';
import { AppConfig } from './infra/config/app-config.js';
import { ConfigError } from './infra/config/config-error.js';
import { secureDataDir } from './infra/database/data-dir.js';
import { createLogger, NestPinoLogger } from './infra/logging.js';
import { ErrorFilter } from './infra/http/error.filter.js';
import { serveApiDocs } from './infra/http/api-docs.js';
import { buildOpenApiDocument } from './infra/http/openapi.js';
import { securityHeaders } from './infra/http/security-headers.js';
import { serveWebPages } from './infra/http/web-pages.js';
import { BrokerService, displayHost } from './infra/mqtt/broker.service.js';
import { sharedTimeZone } from './sites/site-file.js';

export interface RunningCantine {
  app: NestExpressApplication;
  urls: { http: string; wall: string; dashboard: string; docs: string; mqtt: string; mqtts?: string };
  /** One line for the person who started it: where everything is and which engines run. */
  readyLine: string;
  close(): Promise<void>;
}

export async function startCantine(config: AppConfig): Promise<RunningCantine> {
  const untouched = secureDataDir(config.dataDir);
  const logger = createLogger(config, sharedTimeZone(config.sitesDir));
  if (untouched.length > 0) logger.warn(`Data folder: could not make ${untouched.length} entries readable by this user only (first: ${untouched[0]}); check their owner`);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logger), {
    logger: new NestPinoLogger(logger),
    abortOnError: false,
    ...(config.tls ? { httpsOptions: { cert: config.tls.cert, key: config.tls.key } } : {}),
  });
  try {
    app.useGlobalFilters(new ErrorFilter());
    app.useBodyParser('json', { limit: '100kb' });
    app.disable('x-powered-by');
    app.use(securityHeaders);
    // Built from the routes' zod schemas and route-roles.ts (infra/http/openapi.ts), when first asked for.
    serveApiDocs(app, () => buildOpenApiDocument(app, ruleFor));
    // socket.io on the API's own HTTP server and port (contract §1 PORT), same origin as the pages.
    // In a cluster with REDIS_URL, through Redis: an event reaches sockets on every instance.
    const redisUrl = config.cluster?.redisUrl;
    app.useWebSocketAdapter(redisUrl ? await redisAdapter(app, redisUrl, clusterName(config)) : new IoAdapter(app));
    serveWebPages(app);
    app.enableShutdownHooks();
    await app.init(); // runs the modules' start-up hooks, so their errors are not taken for a port problem
    await listen(app, config);
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return describeRunning(app, config);
}

/**
 * Loaded only in a cluster with REDIS_URL: the redis client is ~150 ms of module loading at every
 * start of the one-process default, which never uses it (bench/, scenario R: start CPU time).
 */
async function redisAdapter(app: NestExpressApplication, redisUrl: string, cluster: string): Promise<IoAdapter> {
  const { RedisIoAdapter } = await import('./cluster/redis-io-adapter.js');
  return RedisIoAdapter.connect(app, redisUrl, cluster);
}

/** The deployment's name on Redis: its database, which every instance of it shares. */
function clusterName(config: AppConfig): string {
  const url = new URL(config.databaseUrl!);
  return `${url.host}${url.pathname}`;
}

async function listen(app: NestExpressApplication, config: AppConfig): Promise<void> {
  try {
    await app.listen(config.port, config.host);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const problem = code === 'EADDRINUSE' ? `port ${config.port} is already in use` : `cannot listen on ${config.host}:${config.port} (${code})`;
    throw new ConfigError('PORT', problem);
  }
}

function describeRunning(app: NestExpressApplication, config: AppConfig): RunningCantine {
  const address = app.getHttpServer().address() as { port: number };
  const http = `${config.tls ? 'https' : 'http'}://${displayHost(config.host)}:${address.port}`;
  const broker = app.get(BrokerService);
  const mqtts = broker.tlsEndpoint;
  const urls = { http, wall: `${http}/wall/`, dashboard: `${http}/dashboard/`, docs: `${http}/api/docs`, mqtt: broker.endpoint, ...(mqtts ? { mqtts } : {}) };
  const engines = config.engines;
  const readyLine =
    `Cantine ready: wall ${urls.wall} · dashboard ${urls.dashboard} · API docs ${urls.docs} · MQTT ${urls.mqtt}${mqtts ? ` and ${mqtts}` : ''} — ` +
    `broker ${engines.broker === 'embedded' ? 'embedded (aedes)' : 'external'}, ` +
    `database ${engines.database === 'embedded' ? 'embedded (SQLite)' : 'PostgreSQL'}, ` +
    `time series ${engines.timeseries === 'embedded' ? 'embedded (SQLite)' : 'InfluxDB'}`;
  return { app, urls, readyLine, close: () => app.close() };
}
