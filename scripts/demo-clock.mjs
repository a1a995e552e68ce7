// The demo clock's start for `npm run demo` (scripts/demo.mjs): plain JavaScript, no build needed.

/** The date, HH:MM and UTC offset (`+01:00`) of `at` at the site. */
export function localParts(at, timeZone) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset' })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  const offset = parts.timeZoneName === 'GMT' ? '+00:00' : parts.timeZoneName.slice(3);
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hhmm: `${parts.hour}:${parts.minute}`, offset };
}

export function addDays(date, days) {
  const day = new Date(`${date}T12:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

/** The demo clock's start with the site's offset: the next weekday 08:45 there, or now (--now). */
export function demoStart(timeZone, now = new Date(), fromNow = false) {
  const here = localParts(now, timeZone);
  if (fromNow) return `${here.date}T${here.hhmm}${here.offset}`;
  let date = here.hhmm < '08:45' ? here.date : addDays(here.date, 1);
  while ([0, 6].includes(new Date(`${date}T12:00:00Z`).getUTCDay())) date = addDays(date, 1);
  return `${date}T08:45${localParts(new Date(`${date}T12:00:00Z`), timeZone).offset}`;
}
