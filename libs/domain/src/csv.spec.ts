import { describe, expect, it } from 'vitest';
import { csvField, toCsv, type CsvCell } from './csv.js';

describe('csvField: OWASP CSV injection, formulas defused with a leading quote', () => {
  it.each<[string, CsvCell, string]>([
    ['equals', '=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['plus', '+33 6 12 34 56 78', "'+33 6 12 34 56 78"],
    ['minus', '-2+3+cmd|x', "'-2+3+cmd|x"],
    ['at', '@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['tab', '\t=1+1', "'\t=1+1"],
    ['carriage return', '\r=1+1', `"'\r=1+1"`],
    ['a lone minus sign', '-', "'-"],
  ])('defuses a cell starting with %s', (_case, value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it.each<[string, CsvCell, string]>([
    ['a negative amount with a decimal comma (quoted for its comma)', '-5,00', '"-5,00"'],
    ['a signed integer', '+3', '+3'],
    ['a negative number', -12.5, '-12.5'],
    ['a formula character further in', 'Anne=Bruno', 'Anne=Bruno'],
    ['text after a space', ' =1', ' =1'],
  ])('leaves alone %s', (_case, value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});

describe('csvField: quoting and empty cells', () => {
  it.each<[string, CsvCell, string]>([
    ['a double quote, doubled', 'Anne "Nanou"', '"Anne ""Nanou"""'],
    ['a semicolon', 'Quimper; Brest', '"Quimper; Brest"'],
    ['a comma', 'Le Gall, Anne', '"Le Gall, Anne"'],
    ['a line feed', 'ligne 1\nligne 2', '"ligne 1\nligne 2"'],
    ['a carriage return inside', 'a\rb', '"a\rb"'],
  ])('quotes %s', (_case, value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it.each<[CsvCell, string]>([
    [null, ''],
    [undefined, ''],
    ['', ''],
    [true, 'true'],
    [0, '0'],
    ['Journée', 'Journée'],
  ])('writes %j as %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});

describe('toCsv: the French Excel dialect', () => {
  it('starts with a BOM, separates with semicolons and ends every line with CRLF', () => {
    expect(toCsv(['membre', 'montant_eur'], [['=1+1', '-5,00'], [null, '9,00']])).toBe(
      '\uFEFFmembre;montant_eur\r\n\'=1+1;"-5,00"\r\n;"9,00"\r\n',
    );
  });

  it('writes only the header for no rows', () => {
    expect(toCsv(['a', 'b'], [])).toBe('\uFEFFa;b\r\n');
  });
});
