// The information notice to post by the readers (GDPR art. 13, CNIL guidance on badge systems),
// generated from the site's settings so it always states the retention actually configured.
import type { Site } from './site.types.js';

export interface NoticeSettings {
  accessLogRetentionDays: number;
}

const texts = {
  fr: {
    title: 'Information sur le contrôle d’accès par badge',
    controller: 'Responsable du traitement',
    contact: 'Pour exercer vos droits',
    purpose: 'Finalité',
    purposeText: 'Ouvrir les portes aux adhérents et aux participants titulaires d’un droit d’accès, décompter les jours et demi-journées utilisés, et afficher les places libres. Base légale : exécution de votre adhésion ou de votre réservation.',
    data: 'Données traitées',
    dataText: 'Numéro de votre badge, votre nom, la porte, la date et l’heure de chaque passage, accepté ou refusé. Les capteurs de présence des postes ne vous identifient pas : ils indiquent seulement si un poste est occupé.',
    retention: 'Durée de conservation',
    retentionText: (days: number) => `Le journal des passages est effacé au bout de ${days} jours. Les statistiques de fréquentation sont anonymes.`,
    recipients: 'Destinataires',
    recipientsText: 'Les seules personnes chargées de la gestion de l’espace. Aucune donnée n’est transmise à des tiers. L’écran d’accueil n’affiche aucune donnée personnelle.',
    rights: 'Vos droits',
    rightsText: 'Vous pouvez accéder à vos données, en obtenir une copie, les faire rectifier ou effacer, et vous opposer au traitement. Vous pouvez aussi adresser une réclamation à la CNIL (www.cnil.fr).',
    unknown: 'à compléter dans le fichier du site (privacy.controller)',
  },
  en: {
    title: 'Badge access control: information notice',
    controller: 'Data controller',
    contact: 'To exercise your rights',
    purpose: 'Purpose',
    purposeText: 'Opening the doors to members and event attendees who hold an access right, counting the days and half-days used, and showing free seats. Legal basis: performance of your membership or booking.',
    data: 'Data processed',
    dataText: 'Your badge number, your name, the door, the date and time of each entry, granted or refused. Desk presence sensors do not identify you: they only tell whether a desk is in use.',
    retention: 'Retention',
    retentionText: (days: number) => `The access log is erased after ${days} days. Occupancy statistics are anonymous.`,
    recipients: 'Recipients',
    recipientsText: 'Only the people who run the space. No data is passed on to third parties. The wall screen shows no personal data.',
    rights: 'Your rights',
    rightsText: 'You may access your data, obtain a copy, have it corrected or erased, and object to the processing. You may also lodge a complaint with the CNIL (www.cnil.fr).',
    unknown: 'to be set in the site file (privacy.controller)',
  },
};

export function privacyNotice(site: Site, settings: NoticeSettings, lang: 'fr' | 'en'): string {
  const t = texts[lang];
  const controller = site.privacy?.controller ?? t.unknown;
  const contact = site.privacy?.contact ?? t.unknown;
  const section = (title: string, text: string) => `<h2>${escape(title)}</h2><p>${escape(text)}</p>`;
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${escape(t.title)} — ${escape(site.name)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;line-height:1.5}h1{font-size:1.6rem}h2{font-size:1.1rem;margin-bottom:.2rem}</style>
</head><body>
<h1>${escape(t.title)}</h1>
<p><strong>${escape(site.name)}</strong></p>
${section(t.controller, controller)}
${section(t.purpose, t.purposeText)}
${section(t.data, t.dataText)}
${section(t.retention, t.retentionText(settings.accessLogRetentionDays))}
${section(t.recipients, t.recipientsText)}
${section(t.rights, t.rightsText)}
${section(t.contact, contact)}
</body></html>
`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
