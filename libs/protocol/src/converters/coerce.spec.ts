// Loosely typed firmware JSON, read one value at a time.
import { describe, expect, it } from 'vitest';
import { optional, pick, pickObject, toBattery, toBoolean, toNumber } from './coerce.js';

describe('pick: the first of several names, in any case', () => {
  it.each<[string, Record<string, unknown>, string[], unknown]>([
    ['the key as written', { UID: 'AA' }, ['uid'], 'AA'],
    ['a later name when the first is absent', { Card: 'BB' }, ['uid', 'card'], 'BB'],
    ['the first name when both are there', { card: 'BB', uid: 'AA' }, ['uid', 'card'], 'AA'],
    ['nothing for no matching key', { other: 1 }, ['uid'], undefined],
    ['a false value as it is', { Open: false }, ['open'], false],
  ])('%s', (_case, object, names, expected) => {
    expect(pick(object, ...names)).toBe(expected);
  });

  it('pickObject keeps only objects', () => {
    expect(pickObject({ RDM6300: { UID: 'AA' } }, 'rdm6300')).toEqual({ UID: 'AA' });
    expect(pickObject({ RDM6300: 'AA' }, 'rdm6300')).toBeUndefined();
    expect(pickObject({ RDM6300: ['AA'] }, 'rdm6300')).toBeUndefined();
  });
});

describe('toBoolean', () => {
  it.each<[unknown, boolean | undefined]>([
    [true, true],
    [false, false],
    ['true', true],
    [' ON ', true],
    ['on', true],
    ['False', false],
    ['off', false],
    [' OFF', false],
    ['yes', undefined],
    ['', undefined],
    [1, undefined],
    [null, undefined],
  ])('%j is %j', (value, expected) => {
    expect(toBoolean(value)).toBe(expected);
  });
});

describe('toNumber', () => {
  it.each<[unknown, number | undefined]>([
    [12.5, 12.5],
    [-3, -3],
    [Number.NaN, undefined],
    [Number.POSITIVE_INFINITY, undefined],
    ['12.5', 12.5],
    [' 7 ', 7],
    ['0', 0],
    ['', undefined],
    ['   ', undefined],
    ['abc', undefined],
    ['1e999', undefined],
    [true, undefined],
    [null, undefined],
  ])('%j is %j', (value, expected) => {
    expect(toNumber(value)).toBe(expected);
  });
});

describe('toBattery: a percentage, dropped outside 0..100', () => {
  it.each<[unknown, number | undefined]>([
    [0, 0],
    [100, 100],
    ['55', 55],
    [-1, undefined],
    [-0.5, undefined],
    [100.5, undefined],
    [101, undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j is %j', (value, expected) => {
    expect(toBattery(value)).toBe(expected);
  });
});

describe('optional', () => {
  it('keeps a defined value, even a falsy one, and leaves the key out otherwise', () => {
    expect(optional('battery', 0)).toEqual({ battery: 0 });
    expect(optional('battery', undefined)).toEqual({});
    expect(Object.keys(optional('battery', undefined))).toEqual([]);
  });
});
