import { describe, it, expect } from 'vitest';
import type { PassInput } from './pass.js';
import { DEFAULT_TARIFFS, carnetTariffFor, listPriceCents, priceForPass, subscriptionMonthStarts, type Tariffs } from './tariffs.js';
import { makePass } from './test-fixtures.js';

const adherent = { adherent: true };
const nonAdherent = { adherent: false };
const custom: Tariffs = { ...DEFAULT_TARIFFS, carnets: [{ credits: 5, price: 4200 }] };

describe('priceForPass', () => {
  it.each<[string, Partial<PassInput> & Pick<PassInput, 'type'>, { adherent: boolean }, Tariffs, number]>([
    ['day, adherent: 9 €', { type: 'day' }, adherent, DEFAULT_TARIFFS, 900],
    ['half-day, adherent: 5 €', { type: 'half-day' }, adherent, DEFAULT_TARIFFS, 500],
    ['day, non-adherent', { type: 'day' }, nonAdherent, DEFAULT_TARIFFS, 1200],
    ['half-day, non-adherent', { type: 'half-day' }, nonAdherent, DEFAULT_TARIFFS, 700],
    ['10-day carnet, adherent', { type: 'carnet', credits: 10 }, adherent, DEFAULT_TARIFFS, 8000],
    ['10-day carnet, non-adherent', { type: 'carnet', credits: 10 }, nonAdherent, DEFAULT_TARIFFS, 11000],
    ['carnet size not in the tariffs: its days at the day price', { type: 'carnet', credits: 3 }, adherent, DEFAULT_TARIFFS, 2700],
    ['carnet with one price for all', { type: 'carnet', credits: 5 }, nonAdherent, custom, 4200],
    ['one-month subscription, adherent', { type: 'subscription', validFrom: '2026-03-01', validUntil: '2026-03-31' }, adherent, DEFAULT_TARIFFS, 15000],
    ['three-month subscription, non-adherent', { type: 'subscription', validFrom: '2026-03-15', validUntil: '2026-06-14' }, nonAdherent, DEFAULT_TARIFFS, 57000],
    ['open-ended subscription: one month at a time', { type: 'subscription', validFrom: '2026-03-01' }, adherent, DEFAULT_TARIFFS, 15000],
    ['subscription with an end but no start: one month at a time', { type: 'subscription', validUntil: '2026-06-30' }, adherent, DEFAULT_TARIFFS, 15000],
    ['subscription mistyped to run to 9999: 1,200 months at most', { type: 'subscription', validFrom: '2026-01-01', validUntil: '9999-12-31' }, adherent, DEFAULT_TARIFFS, 1_200 * 15000],
    ['subscription with inverted dates costs nothing', { type: 'subscription', validFrom: '2026-03-31', validUntil: '2026-03-01' }, adherent, DEFAULT_TARIFFS, 0],
    ['event', { type: 'event' }, nonAdherent, DEFAULT_TARIFFS, 0],
    ['staff', { type: 'staff' }, adherent, DEFAULT_TARIFFS, 0],
  ])('%s', (_scenario, input, buyer, tariffs, expected) => {
    expect(priceForPass(makePass(input), buyer, tariffs)).toBe(expected);
  });

  it.each<[string, PassInput['validFrom'], PassInput['validUntil'], string, string[]]>([
    ['one calendar month', '2026-03-01', '2026-03-31', '2026-12-31', ['2026-03-01']],
    ['mid-month starts', '2026-03-15', '2026-05-20', '2026-12-31', ['2026-03-15', '2026-04-15', '2026-05-15']],
    ['31st clamps to short months', '2026-01-31', '2026-03-31', '2026-12-31', ['2026-01-31', '2026-02-28', '2026-03-31']],
    ['open-ended, up to a date', '2026-01-10', undefined, '2026-03-31', ['2026-01-10', '2026-02-10', '2026-03-10']],
    ['ending after the date asked: up to that date', '2026-01-10', '2026-12-31', '2026-03-31', ['2026-01-10', '2026-02-10', '2026-03-10']],
    ['no start', undefined, '2026-03-31', '2026-12-31', []],
  ])('subscriptionMonthStarts: %s', (_scenario, validFrom, validUntil, upTo, expected) => {
    const input: PassInput = { id: 's', memberId: 'm1', type: 'subscription' };
    if (validFrom) input.validFrom = validFrom;
    if (validUntil) input.validUntil = validUntil;
    expect(subscriptionMonthStarts(makePass(input), upTo)).toEqual(expected);
  });

  it.each<[string, Pick<PassInput, 'type' | 'credits'>, { adherent: boolean }, number]>([
    ['a subscription: its monthly price, adherent', { type: 'subscription' }, adherent, 15000],
    ['a subscription: its monthly price, non-adherent', { type: 'subscription' }, nonAdherent, 19000],
    ['a day', { type: 'day' }, nonAdherent, 1200],
    ['a half-day', { type: 'half-day' }, adherent, 500],
    ['a carnet', { type: 'carnet', credits: 10 }, nonAdherent, 11000],
    ['an event: free unless priced at sale', { type: 'event' }, adherent, 0],
    ['staff: free', { type: 'staff' }, adherent, 0],
  ])('listPriceCents, the price fixed at sale: %s', (_scenario, pass, buyer, expected) => {
    expect(listPriceCents(pass, buyer, DEFAULT_TARIFFS)).toBe(expected);
  });

  it('listPriceCents of a subscription sold for three months is still its monthly price (it bills per period)', () => {
    const sale: Pick<PassInput, 'type' | 'validFrom' | 'validUntil'> = { type: 'subscription', validFrom: '2026-03-15', validUntil: '2026-06-14' };
    expect(listPriceCents(sale, adherent, DEFAULT_TARIFFS)).toBe(15000);
  });

  it('carnetTariffFor finds only an exact size', () => {
    expect([carnetTariffFor(10, DEFAULT_TARIFFS)?.price, carnetTariffFor(11, DEFAULT_TARIFFS)]).toEqual([8000, undefined]);
  });
});
