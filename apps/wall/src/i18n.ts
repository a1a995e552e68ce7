// The wall's words: French by default, English with `?lang=en`.
export type Lang = 'fr' | 'en';

export interface WallText {
  locale: string;
  /** "12 places libres": French keeps the singular for 0 and 1. */
  freeSeats: (count: number) => string;
  zoneSeats: (free: number, total: number) => string;
  people: (count: number) => string;
  plan: string;
  free: string;
  occupied: string;
  offline: string;
  events: string;
  /** A desk no sensor covers, counted from the zone's headcount. */
  estimate: string;
  closed: string;
  /** Under the title of an event under way while the coworking is closed. */
  eventNow: (room: string) => string;
  disconnected: string;
  unknownSite: string;
  unreachable: string;
}

const fr: WallText = {
  locale: 'fr-FR',
  freeSeats: (n) => (n <= 1 ? 'place libre' : 'places libres'),
  zoneSeats: (free, total) => `${free} ${free <= 1 ? 'libre' : 'libres'} / ${total}`,
  people: (n) => `${n} ${n <= 1 ? 'personne' : 'personnes'}`,
  plan: 'Plan des places',
  free: 'Libre',
  occupied: 'Occupée',
  offline: 'Capteur hors ligne',
  events: 'Événements',
  estimate: 'Sans capteur (estimé)',
  closed: 'Fermé',
  eventNow: (room) => `en cours · ${room}`,
  disconnected: 'Déconnecté — reconnexion…',
  unknownSite: 'Site inconnu',
  unreachable: 'Service injoignable — nouvel essai…',
};

const en: WallText = {
  locale: 'en-GB',
  freeSeats: (n) => (n === 1 ? 'free seat' : 'free seats'),
  zoneSeats: (free, total) => `${free} free / ${total}`,
  people: (n) => `${n} ${n === 1 ? 'person' : 'people'}`,
  plan: 'Seat map',
  free: 'Free',
  occupied: 'Taken',
  offline: 'Sensor offline',
  events: 'Events',
  estimate: 'No sensor (estimated)',
  closed: 'Closed',
  eventNow: (room) => `now on · ${room}`,
  disconnected: 'Disconnected — reconnecting…',
  unknownSite: 'Unknown site',
  unreachable: 'Service unreachable — retrying…',
};

export function wallText(lang: string | null): { lang: Lang; text: WallText } {
  return lang === 'en' ? { lang: 'en', text: en } : { lang: 'fr', text: fr };
}
