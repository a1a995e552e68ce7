// The dashboard shows the API's French refusals as they come, each field with its label; a field
// code inside a reason takes the label too. The English page puts a few known reasons in English.
import { describe, expect, it } from 'vitest';
import { ApiError } from './api.js';
import { errorText } from './errors.js';
import { dashboardText } from './i18n.js';

const fr = dashboardText(null).text;
const en = dashboardText('en').text;

describe('errorText', () => {
  it.each<[string, ApiError, string]>([
    [
      'a field refused, naming another field',
      new ApiError(400, 'Champ invalide : validUntil', [{ field: 'validUntil', message: 'doit être le même jour que validFrom ou après' }]),
      'Saisie refusée — Au : doit être le même jour que « Du » ou après',
    ],
    [
      'two fields',
      new ApiError(400, 'Champs invalides : validFrom, credits', [
        { field: 'validFrom', message: 'date attendue (AAAA-MM-JJ)' },
        { field: 'credits', message: 'seul un carnet a des jours (credits)' },
      ]),
      'Saisie refusée — Du : date attendue (AAAA-MM-JJ) ; Jours : seul un carnet a des jours (credits)',
    ],
    ['a field with no label', new ApiError(400, 'Champ invalide : limit', [{ field: 'limit', message: 'nombre attendu' }]), 'Saisie refusée — limit : nombre attendu'],
    ['a conflict in words', new ApiError(409, 'L’UID 0A0B0C0F est déjà celui d’un badge actif'), 'Conflit — L’UID 0A0B0C0F est déjà celui d’un badge actif'],
    [
      'a store that did not answer',
      new ApiError(503, 'La base de séries temporelles n’a pas répondu : réessayez dans un instant'),
      "L'opération a échoué. La base de séries temporelles n’a pas répondu : réessayez dans un instant",
    ],
    ['an unknown id', new ApiError(404, 'Membre inconnu « 42 »'), 'Introuvable (supprimé entre-temps ?).'],
  ])('in French: %s', (_case, error, shown) => {
    expect(errorText(fr, error)).toBe(shown);
  });

  it('in English: a known reason translated, the field labels in English', () => {
    expect(errorText(en, new ApiError(400, 'Champ invalide : on', [{ field: 'on', message: 'date attendue (AAAA-MM-JJ)' }]))).toBe('Refused — End date : a date is expected (YYYY-MM-DD)');
    expect(errorText(en, new ApiError(400, 'Champ invalide : validUntil', [{ field: 'validUntil', message: 'doit être après validFrom' }]))).toBe('Refused — Until : doit être après « From »');
  });
});
