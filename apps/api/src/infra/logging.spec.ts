// The log a person reads when something breaks (issue 13): every 500 with its message and stack,
// never `[object Object]`; pretty times as the site's clocks show them, not UTC.
import 'reflect-metadata';
import { Writable } from 'node:stream';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import pretty from 'pino-pretty';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorFilter } from './http/error.filter.js';
import { logFailure, NestPinoLogger, pinoHttpOptions, prettyOptions } from './logging.js';

function sink(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { stream, lines };
}

@Controller('fails')
class FailingController {
  @Get('error')
  error(): never {
    throw new Error('the database is on fire');
  }

  @Get('object')
  object(): never {
    throw { code: 'E42' };
  }
}

describe('a 500 in the log', () => {
  const log = sink();
  let app: NestExpressApplication;
  let base: string;

  beforeAll(async () => {
    const logger = pino({ level: 'info' }, log.stream);
    @Module({ imports: [LoggerModule.forRoot({ pinoHttp: pinoHttpOptions(logger) })], controllers: [FailingController] })
    class FailingModule {}
    app = await NestFactory.create<NestExpressApplication>(FailingModule, { logger: new NestPinoLogger(logger) });
    app.useGlobalFilters(new ErrorFilter());
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });
  afterAll(() => app.close());

  async function failureLine(path: string): Promise<{ msg: string; stack: string; context: string }> {
    const response = await fetch(`${base}${path}`);
    expect(response.status).toBe(500);
    const { correlationId, message } = (await response.json()) as { correlationId: string; message: string };
    // The client reads French and no detail; the log has the rest.
    expect(message).toBe('Erreur interne : le journal du service en donne le détail sous cet identifiant de corrélation');
    const lines = log.lines.map((line) => JSON.parse(line) as { msg: string; stack: string; context: string });
    const line = lines.find((entry) => entry.context === 'HTTP' && entry.msg.includes(correlationId));
    expect(line, log.lines.join('\n')).toBeDefined();
    return line!;
  }

  it('an Error: its message in the line, its stack beside it', async () => {
    const line = await failureLine('/fails/error');
    expect(line.msg).toMatch(/^GET \/fails\/error failed \(correlation id .+\): the database is on fire$/);
    expect(line.stack).toMatch(/^Error: the database is on fire\n\s+at FailingController\.error/);
  });

  it('a thrown non-Error: named by its type, never [object Object]', async () => {
    const line = await failureLine('/fails/object');
    expect(line.msg).toMatch(/: a thrown Object without a message$/);
    expect(line.stack).toContain('not an Error');
  });

  it('no line of the log says [object Object]', () => {
    expect(log.lines.join('\n')).not.toContain('[object Object]');
  });
});

describe('NestPinoLogger.error', () => {
  it.each([
    [new Error('broker gone'), 'broker gone', /^Error: broker gone\n\s+at /],
    [{ reason: 'broker gone' }, "{ reason: 'broker gone' }", undefined],
  ])('%o', (message, msg, stack) => {
    const log = sink();
    new NestPinoLogger(pino(log.stream)).error(message, 'Mqtt');
    const line = JSON.parse(log.lines[0]!) as { msg: string; stack?: string };
    expect(line.msg).toBe(msg);
    if (stack) expect(line.stack).toMatch(stack);
  });
});

describe('the pretty log', () => {
  function prettyLine(at: string, timeZone?: string, fields: object = {}): string {
    const log = sink();
    const logger = pino({ timestamp: () => `,"time":${Date.parse(at)}` }, pretty({ ...prettyOptions(timeZone), destination: log.stream, colorize: false }));
    logger.info(fields, 'Cantine ready');
    return log.lines.join('\n');
  }

  it.each([
    ['winter', '2026-01-15T12:00:05Z', '[13:00:05]'],
    ['summer', '2026-07-15T12:00:05Z', '[14:00:05]'],
    ['just after midnight, local', '2026-07-15T22:30:00Z', '[00:30:00]'],
  ])('shows Europe/Paris time, not UTC (%s)', (_season, at, shown) => {
    expect(prettyLine(at, 'Europe/Paris')).toMatch(new RegExp(`^${shown.replace(/[[\]]/g, '\\$&')} INFO.*: Cantine ready$`));
  });

  it('prints a stack on the lines below the message', () => {
    const text = prettyLine('2026-01-15T12:00:05Z', 'Europe/Paris', { stack: 'Error: boom\n    at here' });
    expect(text).toMatch(/Cantine ready\nError: boom\n\s+at here$/);
    expect(text).not.toContain('"stack"');
  });
});

describe('logFailure', () => {
  const calls: unknown[][] = [];
  const logger = { error: (...args: unknown[]) => void calls.push(args) };

  it('puts the message in the line and hands the stack to Nest beside it', () => {
    calls.length = 0;
    logFailure(logger, 'Handler failed for tele/x/SENSOR', new TypeError('boom'));
    expect(calls).toHaveLength(1);
    expect(calls[0]![0]).toBe('Handler failed for tele/x/SENSOR: boom');
    expect(calls[0]![1]).toMatch(/^TypeError: boom\n\s+at /);
  });

  it('names a thrown non-Error by its content, never [object Object], with no stack', () => {
    calls.length = 0;
    logFailure(logger, 'Answering a badge failed', { code: 'E_GONE' });
    expect(calls).toEqual([["Answering a badge failed: { code: 'E_GONE' }"]]);
  });
});
