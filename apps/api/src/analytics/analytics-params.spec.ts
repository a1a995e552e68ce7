// The analytics parameters refuse in French, like every other request (ZodPipe, contract §3's
// `{message, errors:[{field, message}]}`): the dashboard shows the reason as it comes.
import { readFileSync } from 'node:fs';
import { BadRequestException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { ZodPipe } from '../infra/http/zod-body.pipe.js';
import { parseSiteFile } from '../sites/site-file.js';
import { TimeSeriesRejectedError } from '../infra/timeseries/index.js';
import { storeFailure } from './analytics.service.js';
import { OccupancyQuerySchema, PeriodQuerySchema, resolveOccupancyQuery, resolvePeriod } from './analytics-params.js';

const site = parseSiteFile(readFileSync(new URL('../../../../config/sites/quimper.json', import.meta.url), 'utf8'), 'quimper.json');
const NOW = new Date('2026-03-30T10:20:00+02:00');

/** The 400's body, or null when nothing is refused. */
function refusal(act: () => unknown): unknown {
  try {
    act();
    return null;
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    return error.getResponse();
  }
}

const INSTANT = 'date-heure ISO avec décalage (2026-03-02T09:00:00+01:00) ou date (2026-03-02) attendue';

describe('analytics parameters: refusals in French, naming the field', () => {
  it.each<[string, () => unknown, unknown]>([
    ['a from that is no date', () => new ZodPipe(PeriodQuerySchema).transform({ from: 'hier' }), { message: 'Champ invalide : from', errors: [{ field: 'from', message: INSTANT }] }],
    [
      'an unknown every',
      () => new ZodPipe(OccupancyQuerySchema).transform({ every: '2h' }),
      { message: 'Champ invalide : every', errors: [{ field: 'every', message: 'attendu : 1m, 5m, 15m, 1h ou 1d' }] },
    ],
    [
      'a to not after from',
      () => resolvePeriod({ from: '2026-03-02', to: '2026-03-01' }, site, { from: NOW, to: NOW }),
      { message: 'Champ invalide : to', errors: [{ field: 'to', message: 'doit être après from' }] },
    ],
    [
      'a period over 366 days',
      () => resolvePeriod({ from: '2025-01-01', to: '2026-03-01' }, site, { from: NOW, to: NOW }),
      { message: 'Champ invalide : from', errors: [{ field: 'from', message: 'la période dure 366 jours au plus' }] },
    ],
    [
      'too many points of every',
      () => resolveOccupancyQuery({ from: '2026-03-01', to: '2026-03-08', every: '1m' }, site, NOW),
      {
        message: 'Champ invalide : every',
        errors: [{ field: 'every', message: '10081 points de 1m sur cette période, 1500 au plus : choisissez un every plus grand ou une période plus courte' }],
      },
    ],
  ])('%s', (_case, act, expected) => {
    expect(refusal(act)).toEqual(expected);
  });

  it('takes a period given as local dates', () => {
    expect(refusal(() => resolvePeriod({ from: '2026-03-02', to: '2026-03-03' }, site, { from: NOW, to: NOW }))).toBeNull();
  });
});

describe("a report's store failure, in French", () => {
  const REFUSED = 'la base de séries temporelles refuse de lire cette période : choisissez-en une plus courte';
  it.each<[string, unknown, number, unknown]>([
    ['a read the store refuses', new TimeSeriesRejectedError('more than 200000 points; read a shorter period'), 400, { message: 'Champ invalide : from', errors: [{ field: 'from', message: REFUSED }] }],
    ['a store that does not answer', new Error('connect ECONNREFUSED 127.0.0.1:8086'), 503, { message: 'La base de séries temporelles n’a pas répondu : réessayez dans un instant' }],
  ])('%s', (_case, error, status, body) => {
    const failure = storeFailure(error);
    expect(failure.getStatus()).toBe(status);
    // What the error filter sends: the response's message and errors.
    expect(failure.getResponse()).toMatchObject(body as object);
  });

  it('lets a refusal of its own through', () => {
    const refusal = new BadRequestException('déjà en français');
    expect(storeFailure(refusal)).toBe(refusal);
  });
});
