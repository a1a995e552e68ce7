// Sites as data (issue #15 item 5, docs/site-file.md "Sites from the API"): a manager creates,
// replaces, imports and deletes a site, and the running service decides badges at it at once.
import fs from 'node:fs';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, at, badgeIn, captureAnswers, setClock, type Answered } from '../access/helpers.js';
import { startTestCantine, type TestCantine } from '../support/app.js';
import { presenceTopic, seatsTopic } from '#protocol';
import { connectDevice, provision } from '../support/devices.js';
import { eventually } from '../support/eventually.js';
import { AllowListPublisher } from '../../apps/api/src/allow-lists/allow-list-publisher.js';
import { Clock } from '../../apps/api/src/infra/clock.js';
import { BrokerService } from '../../apps/api/src/infra/mqtt/broker.service.js';

const quimper = JSON.parse(fs.readFileSync('config/sites/quimper.json', 'utf8'));
const closed: never[] = [];
/** A site with the demo's layout, open Monday 09:00–17:00 only, four desks: each test makes its own. */
const siteBody = (id: string, monday = [{ open: '09:00', close: '17:00' }]) =>
  structuredClone({
    ...quimper,
    id,
    name: id,
    hours: { monday, tuesday: closed, wednesday: closed, thursday: closed, friday: closed, saturday: closed, sunday: closed },
    desks: quimper.desks.slice(0, 4),
  });
/** The API's answers are asserted on loosely. */
const body = (response: { body: unknown }): any => response.body;
const month = { type: 'subscription', validFrom: '2026-03-01', validUntil: '2026-03-31' };
let nextUid = 0x80;
const uid = () => `04A224B2C31F${(nextUid++).toString(16).toUpperCase()}`;

describe.shuffle('sites through the API', () => {
  let cantine: TestCantine;
  let manager: Awaited<ReturnType<typeof api>>;
  let answers: Answered[];
  /** A member with a March subscription; a badge each, so no anti-passback between tests. */
  const subscriber = async (name: string) => {
    const card = uid();
    await manager.member(name, card, [month]);
    return card;
  };
  const create = async (id: string, monday?: Array<{ open: string; close: string }>) => {
    const created = await manager.post('/api/sites', siteBody(id, monday));
    expect(created.status, created.text).toBe(201);
    return created;
  };

  beforeAll(async () => {
    cantine = await startTestCantine();
    manager = await api(cantine);
    answers = captureAnswers(cantine);
    setClock(cantine, at('08:00'));
  });
  afterAll(() => cantine.dispose());

  it('a created site decides badges at its doors by its own hours, and shows its seats, without a restart', async () => {
    const anne = await subscriber('Anne Le Goff');
    expect(badgeIn(cantine, answers, { site: 'brest', uid: anne, at: at('10:00') }).reason).toBe('reader-unknown');
    const created = await create('brest');
    expect(created.body).toMatchObject({ id: 'brest', earlyEntryMinutes: 10 });
    expect(badgeIn(cantine, answers, { site: 'brest', uid: anne, at: at('10:00') })).toMatchObject({ granted: true });
    const seats = await manager.get('/api/sites/brest/seats');
    expect(seats.status).toBe(200);
    expect(seats.body).toMatchObject({ total: 4 });
    // After the file sites, in the order they came: the first site stays the default one (the wall's, the members').
    expect(body(await manager.get('/api/sites')).map((site: { id: string }) => site.id)).toContain('brest');
    expect(body(await manager.get('/api/sites'))[0].id).toBe('quimper');
    expect((await manager.post('/api/sites', siteBody('brest'))).status).toBe(409);
  });

  it('replacing the hours changes the next decision; replacing the desks, the seats', async () => {
    const [bruno, carole] = [await subscriber('Bruno Tanguy'), await subscriber('Carole Morvan')];
    await create('morlaix');
    expect(badgeIn(cantine, answers, { site: 'morlaix', uid: bruno, at: at('10:00') })).toMatchObject({ granted: true });
    const replaced = await manager.put('/api/sites/morlaix', { ...siteBody('morlaix', [{ open: '14:00', close: '17:00' }]), desks: quimper.desks.slice(0, 2) });
    expect(replaced.status).toBe(200);
    expect(badgeIn(cantine, answers, { site: 'morlaix', uid: carole, at: at('10:00') })).toMatchObject({ granted: false, reason: 'outside-hours' });
    expect((await manager.get('/api/sites/morlaix/seats')).body).toMatchObject({ total: 2 });
    expect(body(await manager.get('/api/sites/morlaix/opening')).todayHours).toEqual([{ open: '14:00', close: '17:00' }]);
  });

  it('a replaced site republishes the offline allow-lists of its readers (their windows follow its hours)', async () => {
    await create('concarneau');
    const publisher = cantine.app.get(AllowListPublisher);
    const reader = { id: 'reader-concarneau', kind: 'reader', site: 'concarneau', door: 'entrance' } as const;
    expect((await provision(cantine.baseUrl, manager.headers, reader)).status).toBe(201);
    // Its first list, published after provisioning (the history tells once one covers the service's now).
    const now = () => cantine.app.get(Clock).now().getTime();
    await eventually(() => publisher.history.listed('concarneau', 'hall', '04A224B2C31F00', now()) !== undefined);
    const before = publisher.published;
    expect((await manager.put('/api/sites/concarneau', siteBody('concarneau', [{ open: '14:00', close: '17:00' }]))).status).toBe(200);
    await eventually(() => publisher.published > before);
  });

  it('an import creates (201) or replaces (200) by the id of the file', async () => {
    const denis = await subscriber('Denis Kerbrat');
    const fresh = await manager.post('/api/sites/import', siteBody('lorient', [{ open: '14:00', close: '17:00' }]));
    expect(fresh.status).toBe(201);
    expect(fresh.body).toMatchObject({ created: true, site: { id: 'lorient' } });
    expect(badgeIn(cantine, answers, { site: 'lorient', uid: denis, at: at('10:00') }).reason).toBe('outside-hours');
    const again = await manager.post('/api/sites/import', siteBody('lorient'));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, site: { id: 'lorient' } });
    expect(badgeIn(cantine, answers, { site: 'lorient', uid: denis, at: at('10:05') })).toMatchObject({ granted: true });
  });

  it.each([
    ['POST /api/sites', 'a door into an unknown zone', (s: any) => (s.doors[0].zone = 'jardin'), 'doors.0.zone', /zone "jardin" inconnue/],
    ['POST /api/sites', 'a bad opening time', (s: any) => (s.hours.monday = [{ open: '9h', close: '17:00' }]), 'hours.monday.0.open', /HH:MM/],
    ['POST /api/sites/import', 'an unknown time zone', (s: any) => (s.timezone = 'Europe/Brest'), 'timezone', /fuseau horaire IANA inconnu/],
    ['PUT /api/sites/quimper', 'a duplicate desk', (s: any) => (s.desks[1].id = s.desks[0].id), 'desks.1.id', /en double/],
    ['PUT /api/sites/quimper', 'another id than the address', (s: any) => (s.id = 'vannes'), 'id', /quimper/],
    // zod's own words, in French as every request's (the schema's own messages already were).
    ['POST /api/sites', 'a negative hold', (s: any) => (s.occupancy = { releaseAfterMs: -1 }), 'occupancy.releaseAfterMs', /^Trop petit : nombre doit être >=0$/],
  ])('%s with %s: 400 naming the field, nothing changed', async (route, _case, change, field, message) => {
    const [method, path] = route.split(' ') as [string, string];
    const sent = siteBody(method === 'PUT' ? 'quimper' : 'vannes');
    change(sent);
    const response = await (method === 'PUT' ? manager.put(path, sent) : manager.post(path, sent));
    expect(response.status).toBe(400);
    const error = body(response).errors.find((e: { field: string }) => e.field === field);
    expect(error, JSON.stringify(response.body)).toBeDefined();
    expect(error.message).toMatch(message);
    expect((await manager.get('/api/sites/vannes')).status).toBe(404);
    expect(body(await manager.get('/api/sites/quimper')).desks).toHaveLength(24);
  });

  it('a site with devices is not deleted (409 naming them); without, it is, and its doors refuse at once', async () => {
    const erwan = await subscriber('Erwan Le Bihan');
    await create('quimperle');
    expect((await provision(cantine.baseUrl, manager.headers, { id: 'reader-quimperle', kind: 'reader', site: 'quimperle', door: 'entrance' })).status).toBe(201);
    const refused = await manager.delete('/api/sites/quimperle');
    expect(refused.status).toBe(409);
    expect(body(refused).message).toMatch(/1 appareil : reader-quimperle/);
    expect((await manager.delete('/api/devices/reader-quimperle')).status).toBe(204);
    expect((await manager.delete('/api/sites/quimperle')).status).toBe(204);
    expect((await manager.get('/api/sites/quimperle')).status).toBe(404);
    expect((await manager.get('/api/sites/quimperle/seats')).status).toBe(404);
    expect(badgeIn(cantine, answers, { site: 'quimperle', uid: erwan, at: at('10:00') }).reason).toBe('reader-unknown');
    expect((await manager.delete('/api/sites/quimperle')).status).toBe(404);
  });

  /** The retained seats a new subscriber is handed (the embedded broker replays them before subscribe resolves). */
  const retainedSeats = async (site: string) => {
    const replayed: string[] = [];
    const keep = (_topic: string, payload: Buffer, isRetained: boolean) => void (isRetained && replayed.push(payload.toString()));
    await cantine.app.get(BrokerService).subscribe(seatsTopic(site), keep);
    return replayed;
  };
  /** The site's retained seats once they match `expected` (a summary is throttled to one per 100 ms). */
  const retainedCounts = (site: string, expected: Record<string, number>) =>
    eventually(async () => {
      const counts = JSON.parse((await retainedSeats(site)).at(-1) ?? 'null');
      expect(counts, `the retained seats of "${site}"`).toMatchObject(expected);
      return counts;
    }, 3000, 50);

  it('a created site has its retained seats at once, every desk offline until a sensor speaks; an edit of its desks publishes them again', async () => {
    await create('landerneau');
    // No desk change happened: the creation alone publishes (a wall or a display subscribing now sees the site).
    expect(await retainedCounts('landerneau', { free: 0, occupied: 0, offline: 4, total: 4 })).toHaveProperty('ts');
    const wall = io(`${cantine.baseUrl}/wall`, { query: { site: 'landerneau' }, transports: ['websocket'], reconnection: false, forceNew: true });
    try {
      expect(await new Promise((resolve) => wall.once('seats', resolve))).toMatchObject({ total: 4, offline: 4 });
    } finally {
      wall.disconnect();
    }
    const desks = siteBody('landerneau').desks;
    expect((await manager.put('/api/sites/landerneau', { ...siteBody('landerneau'), desks: desks.slice(0, 2) })).status).toBe(200);
    await retainedCounts('landerneau', { offline: 2, total: 2 });
    expect((await manager.put('/api/sites/landerneau', { ...siteBody('landerneau'), desks: quimper.desks.slice(0, 6) })).status).toBe(200);
    await retainedCounts('landerneau', { offline: 6, total: 6 });
  });

  it('a deleted site\'s retained seats are cleared from the broker before the DELETE is answered', async () => {
    await create('douarnenez');
    const desk = siteBody('douarnenez').desks[0].id as string;
    const provisioned = await provision(cantine.baseUrl, manager.headers, { id: 'sensor-douarnenez', kind: 'desk-sensor', site: 'douarnenez', desk });
    expect(provisioned.status).toBe(201);
    const retained = () => retainedSeats('douarnenez');
    const sensor = await connectDevice(cantine.mqttPort, 'sensor-douarnenez', provisioned.body.mqtt.password);
    try {
      await sensor.publishAsync(presenceTopic('douarnenez', desk), JSON.stringify({ occupied: true }), { qos: 1 });
      // Its report publishes the site's summary, the desk occupied.
      await eventually(async () => (await retained()).some((payload) => JSON.parse(payload).occupied === 1), 5000, 50);
    } finally {
      await sensor.endAsync(true);
    }
    expect((await manager.delete('/api/devices/sensor-douarnenez')).status).toBe(204);
    expect((await manager.delete('/api/sites/douarnenez')).status).toBe(204);
    expect(await retained()).toEqual([]);
  });
});
