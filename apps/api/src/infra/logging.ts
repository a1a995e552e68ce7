// pino everywhere: JSON in production, one readable line per event in a terminal; secrets redacted.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { inspect } from 'node:util';
import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import type { Options } from 'pino-http';
import { createRequire } from 'node:module';
import type pretty from 'pino-pretty';
import type { PrettyOptions } from 'pino-pretty';
import { AppConfig } from './config/app-config.js';
import { ConfigError } from './config/config-error.js';

/** `timeZone`: the sites' zone, for the pretty log's times (the machine's when unset), never UTC. */
export function createLogger(config: AppConfig, timeZone?: string): Logger {
  const options = { level: config.log.level, redact: { paths: ['password', '*.password', 'req.headers.authorization'], censor: '***' } };
  // Synchronous writes: Nest re-raises SIGTERM right after shutdown, and buffered lines would be lost.
  if (config.log.format !== 'pretty') return pino(options, pino.destination({ dest: 1, sync: true }));
  return pino(options, loadPretty()(prettyOptions(timeZone)));
}

/**
 * Loaded only for a terminal: ~100 ms of module loading at every start otherwise, for a format a
 * service under a supervisor (json) never uses. createLogger is synchronous, so require, not import().
 */
function loadPretty(): typeof pretty {
  // The module itself is the function (CommonJS); `.default` is the same one.
  return createRequire(import.meta.url)('pino-pretty') as typeof pretty;
}

/** One readable line per event, times as the site's clocks show them; a server error's stack below it. */
export function prettyOptions(timeZone?: string): PrettyOptions {
  const ignore = 'pid,hostname,context,req,res,responseTime,err,stack';
  const common = { sync: true, ignore, messageFormat: '{if context}{context}: {end}{msg}{if stack}\n{stack}{end}', singleLine: true };
  if (!timeZone) return { ...common, translateTime: 'SYS:HH:MM:ss' };
  const clock = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  return { ...common, translateTime: false, customPrettifiers: { time: (time) => `[${clock.format(new Date(Number(time)))}]` } };
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
      req: (request: { id: string; method: string; url: string }) =>
        ({ id: request.id, method: request.method, url: loggableUrl(request.url) }),
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
    this.logger[context && frameworkContexts.has(context) ? 'debug' : 'info']({ context }, text(message));
  }

  error(message: unknown, ...params: unknown[]): void {
    // A ConfigError is printed once, as one line, by main.ts.
    if (message instanceof ConfigError) return;
    const context = contextOf(params);
    // The stack, not the error object: a database error's parameters may carry a name or a UID.
    if (message instanceof Error) this.logger.error({ context, stack: message.stack }, message.message);
    else this.logger.error({ context, stack: params.length > 1 ? params[0] : undefined }, text(message));
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.logger.warn({ context: contextOf(params) }, text(message));
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.logger.debug({ context: contextOf(params) }, text(message));
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.logger.trace({ context: contextOf(params) }, text(message));
  }
}

/**
 * Logs that `what` failed, with the error's message in the line and its stack beside it (Nest's
 * `Logger.error(message, stack)`), for failures no HTTP filter sees: MQTT handlers, badge answers.
 */
export function logFailure(logger: Pick<LoggerService, 'error'>, what: string, error: unknown): void {
  if (error instanceof Error) logger.error(`${what}: ${error.message}`, error.stack);
  else logger.error(`${what}: ${text(error)}`);
}

/** A message as text: an object Nest or a library hands over is shown, not `[object Object]`. */
function text(message: unknown): string {
  return typeof message === 'string' ? message : inspect(message, { depth: 2, breakLength: Infinity });
}

function contextOf(params: unknown[]): string | undefined {
  const last = params.at(-1);
  return typeof last === 'string' ? last : undefined;
}
