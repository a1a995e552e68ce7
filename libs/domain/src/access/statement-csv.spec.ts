import { describe, it, expect } from 'vitest';
import { monthlyStatement } from './monthly-statement.js';
import { formatEuros, statementsToCsv } from './statement-csv.js';
import { makeMember, makePass } from './test-fixtures.js';

const passes = [
  makePass({ id: 'd1', type: 'day', soldOn: '2026-03-02', usedOn: [{ date: '2026-03-02' }] }),
  makePass({ id: 'h1', type: 'half-day', soldOn: '2026-03-10', usedOn: [{ date: '2026-03-10', period: 'morning' }] }),
];
const anne = monthlyStatement(makeMember({ name: 'Anne "Nanou" Le Gall; Quimper' }), passes, '2026-03');
const mallory = monthlyStatement(makeMember({ id: 'm9', name: '=HYPERLINK("http://x")', adherent: false }), [], '2026-03');

describe('statementsToCsv', () => {
  it.each([
    [0, '0,00'],
    [5, '0,05'],
    [900, '9,00'],
    [1250, '12,50'],
    [123456, '1234,56'],
    [-500, '-5,00'],
  ])('formatEuros(%i) is %s', (cents, expected) => {
    expect(formatEuros(cents)).toBe(expected);
  });

  it('summary: BOM, semicolons, CRLF, quoted names and amounts, neutralised formulas', () => {
    expect(statementsToCsv([anne, mallory])).toBe(
      '\uFEFF' +
        'mois;membre_id;membre;adherent;journees;demi_journees;credits_carnet_utilises;carnets_vendus;mois_abonnement;montant_eur\r\n' +
        '2026-03;m1;"Anne ""Nanou"" Le Gall; Quimper";oui;1;1;0;0;0;"14,00"\r\n' +
        `2026-03;m9;"'=HYPERLINK(""http://x"")";non;0;0;0;0;0;"0,00"\r\n`,
    );
  });

  it('lines: a non-adherent is marked non on each of their lines', () => {
    const yann = monthlyStatement(makeMember({ id: 'm2', name: 'Yann', adherent: false }), [makePass({ id: 'd2', memberId: 'm2', type: 'day', soldOn: '2026-03-03', usedOn: [{ date: '2026-03-03' }] })], '2026-03');
    expect(statementsToCsv([yann], 'lines').split('\r\n')[1]).toMatch(/^2026-03;m2;Yann;non;2026-03-03;day;/);
  });

  it('lines: one row per statement line', () => {
    expect(statementsToCsv([anne, mallory], 'lines').split('\r\n')).toEqual([
      '\uFEFFmois;membre_id;membre;adherent;date;article;libelle;quantite;prix_unitaire_eur;montant_eur',
      '2026-03;m1;"Anne ""Nanou"" Le Gall; Quimper";oui;2026-03-02;day;Journée;1;"9,00";"9,00"',
      '2026-03;m1;"Anne ""Nanou"" Le Gall; Quimper";oui;2026-03-10;half-day;Demi-journée;1;"5,00";"5,00"',
      '',
    ]);
  });
});
