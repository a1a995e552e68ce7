import { describe, expect, it } from 'vitest';
import { DEFAULT_TARIFFS } from '#domain';
import { ConfigError } from '../infra/config/config-error.js';
import { parseTariffs } from './tariffs.service.js';

describe('tariffs file', () => {
  it('keeps the defaults for what it leaves out', () => {
    const tariffs = parseTariffs('{"carnets":[{"credits":5,"price":4200}]}', 'tariffs.json');
    expect(tariffs).toEqual({ ...DEFAULT_TARIFFS, carnets: [{ credits: 5, price: 4200 }] });
  });

  it.each([
    ['not JSON', '{', /not valid JSON/],
    ['a price in euros', '{"adherent":{"day":9.5,"halfDay":5}}', /adherent\.day/],
    ['a negative price', '{"subscriptionMonthly":{"adherent":-1,"nonAdherent":1}}', /subscriptionMonthly\.adherent/],
  ])('stops startup naming the file and the field for %s', (_case, text, message) => {
    expect(() => parseTariffs(text, 'config/tariffs.json')).toThrow(ConfigError);
    expect(() => parseTariffs(text, 'config/tariffs.json')).toThrow(message);
  });
});
