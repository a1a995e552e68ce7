// pino everywhere: JSON in production, one readable line per event in a terminal; secrets redacted.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import type { Options } from 'pino-http';
import pretty from 'pino-pretty';
import { AppConfig } from './config/app-config.js';
import { ConfigError } from './config/config-error.js';

export function createLogger(config: AppConfig): Logger {
  const options = { level: config.log.level, redact: { paths: ['password', '*.password', 'req.headers.authorization'], censor: '***' } };
  // Synchronous writes: Nest re-raises SIGTERM right after shutdown, and buffered lines would be lost.
  if (config.log.format !== 'pretty') return pino(options, pino.destination({ dest: 1, sync: true }));
  const ignore = 'pid,hostname,context,req,res,responseTime,err';
  return pino(options, pretty({ sync: true, translateTime: 'HH:MM:ss', ignore, messageFormat: '{if context}{context}: {end}{msg}', singleLine: true }));
}

const quietPaths = /^\/(health|wall|dashboard|socket\.io|favicon)/;

/** A URL as the log may keep it: badge UIDs in paths and personal fields in queries are masked. */
export function loggableUrl(url: string): string {
  return url.replace(/\/badges\/[^/?#]+/gi, '/badges/…').replace(/([?&](?:uid|name|email|title)=)[^&#]*/gi, '$1…');
}

export function pinoHttpOptions(logger: Logger): Options {
  return {
    logger,
    genReqId: (request: IncomingMessage) => String(request.headers['x-request-id'] ?? randomUUID()),
    // Static pages, health probes and socket.io polling would drown the log; API calls are logged.
    autoLogging: { ignore: (request: IncomingMessage) => quietPaths.test(request.url ?? '') },
    customLogLevel: (_request, response, error) => (error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info'),
    customSuccessMessage: (request, response) => `${request.method} ${loggableUrl(request.url ?? '')} ${response.statusCode}`,
    customErrorMessage: (request, response) => `${request.method} ${loggableUrl(request.url ?? '')} ${response.statusCode}`,
    serializers: {
      req: (request: { id: string; method: string; url: string }) => ({ id: request.id, method: request.method, url: loggableUrl(request.url) }),
      res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
    },
  };
}

// Nest's own start-up chatter (one line per module and route) is for debugging, not for the person starting Cantine.
const frameworkContexts = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication', 'WebSocketsController']);

/** Nest's logger interface over pino, so framework and feature logs share one format. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    const context = contextOf(params);
    this.logger[context && frameworkContexts.has(context) ? 'debug' : 'info']({ context }, String(message));
  }

  error(message: unknown, ...params: unknown[]): void {
    // A ConfigError is printed once, as one line, by main.ts.
    if (message instanceof ConfigError) return;
    const context = contextOf(params);
    if (message instanceof Error) this.logger.error({ context, err: message }, message.message);
    else this.logger.error({ context, stack: params.length > 1 ? params[0] : undefined }, String(message));
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.logger.warn({ context: contextOf(params) }, String(message));
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.logger.debug({ context: contextOf(params) }, String(message));
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.logger.trace({ context: contextOf(params) }, String(message));
  }
}

function contextOf(params: unknown[]): string | undefined {
  const last = params.at(-1);
  return typeof last === 'string' ? last : undefined;
}
