// What a reader with a display shows, in French (the members' language at the cantine).
import type { AccessDecision } from '#domain';

const DENIALS: Record<string, string> = {
  'unknown-badge': 'Badge inconnu',
  'badge-revoked': 'Badge désactivé',
  'no-valid-pass': 'Aucun pass valide',
  'outside-hours': "Hors des horaires d'ouverture",
  'zone-not-allowed': 'Accès non autorisé ici',
  'pass-exhausted': 'Pass épuisé',
  'anti-passback': 'Sortie non enregistrée',
  'rate-limited': 'Trop de tentatives, réessayez plus tard',
  'reader-unknown': 'Lecteur non configuré',
};

/** "Bonjour Anne" for a grant (first name only: the display is small and seen by passers-by). */
export function greeting(name: string): string {
  const first = name.trim().split(/\s+/)[0] ?? '';
  return first ? `Bonjour ${first}` : 'Bonjour';
}

/** "Au revoir Anne" at an exit reader. */
export function farewell(name: string): string {
  const first = name.trim().split(/\s+/)[0] ?? '';
  return first ? `Au revoir ${first}` : 'Au revoir';
}

export function denialMessage(reason: string, detail?: string): string {
  if (detail === 'lockdown') return 'Accès fermé : confinement en cours';
  return DENIALS[reason] ?? 'Accès refusé';
}

export function messageFor(decision: AccessDecision, memberName: string | undefined): string {
  return decision.granted ? greeting(memberName ?? '') : denialMessage(decision.reason, decision.detail);
}
