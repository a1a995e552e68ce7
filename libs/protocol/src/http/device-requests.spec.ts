// POST /api/devices and PATCH /api/devices/{id} as a manager's form sends them: which kinds each
// firmware has, which fields go with which kind, and the French message each 400 field carries.
import { describe, expect, it } from 'vitest';
import { DeviceCreateSchema, DeviceUpdateSchema } from './device-requests.js';
import { issuesOf, parsed } from './test-fixtures.js';

const ID_MESSAGE = 'de 1 à 64 caractères parmi a-z, 0-9 et -';
const base = { id: 'r1', site: 'quimper' };
const nativeReader = { ...base, kind: 'reader', protocol: 'native', door: 'entrance' };
const espReader = { ...base, kind: 'reader', protocol: 'esp-rfid', door: 'entrance', topic: 'porte' };
const tasmotaReader = { ...base, kind: 'reader', protocol: 'tasmota', door: 'entrance', topic: 'tasmota_4C1A2B' };
const zigbeeDesk = { ...base, kind: 'desk-sensor', protocol: 'zigbee2mqtt', desk: 'd1', topic: 'bureau 12', bridge: 'z2m' };
const zigbeeDoor = { ...base, kind: 'door-sensor', protocol: 'zigbee2mqtt', door: 'entrance', topic: 'porte', bridge: 'z2m' };
const zigbeeBridge = { ...base, kind: 'bridge', protocol: 'zigbee2mqtt' };

describe('DeviceCreateSchema: what each firmware may be', () => {
  it.each([
    ['a native reader', nativeReader],
    ['a native desk sensor with its kind', { ...base, kind: 'desk-sensor', protocol: 'native', desk: 'd1', sensor: 'radar' }],
    ['a native door sensor', { ...base, kind: 'door-sensor', protocol: 'native', door: 'entrance' }],
    ['an esp-rfid reader sharing a topic, on relay 4', { ...espReader, hostname: 'esp-hall', doorName: 'Porte du hall', relay: 4 }],
    ['an esp-rfid reader in decimal', { ...espReader, uidFormat: 'decimal' }],
    ['a Tasmota reader on relay 32', { ...tasmotaReader, relay: 32 }],
    ['a Tasmota reader on relay 1', { ...tasmotaReader, relay: 1 }],
    ['a Zigbee2MQTT desk sensor', { ...zigbeeDesk, sensor: 'pressure' }],
    ['a Zigbee2MQTT door sensor', zigbeeDoor],
    ['a Zigbee2MQTT bridge without a topic', zigbeeBridge],
    ['a Zigbee2MQTT bridge with its base topic', { ...zigbeeBridge, topic: 'zigbee2mqtt' }],
    ['a Zigbee2MQTT name that only starts like bridge', { ...zigbeeDesk, topic: 'bridgeport' }],
    ['a Zigbee2MQTT name that ends in availability without a slash', { ...zigbeeDesk, topic: 'salle/availability2' }],
    ['a Zigbee2MQTT name with bridge inside it', { ...zigbeeDesk, topic: 'salle-bridge/bureau' }],
    ['a Tasmota topic the Zigbee2MQTT names may not take', { ...tasmotaReader, topic: 'bridge/availability' }],
    ['a topic of 120 characters', { ...tasmotaReader, topic: 'x'.repeat(120) }],
  ])('takes %s', (_, body) => {
    expect(issuesOf(DeviceCreateSchema, body)).toEqual([]);
  });

  it('keeps what was sent', () => {
    expect(parsed(DeviceCreateSchema, { ...espReader, hostname: 'esp-hall', relay: 2 })).toEqual({ ...espReader, hostname: 'esp-hall', relay: 2 });
  });
});

describe('DeviceCreateSchema: each refusal names its field', () => {
  it.each([
    ['a reserved id', { ...nativeReader, id: 'cantine' }, ['id: « cantine » est réservé au compte MQTT du service']],
    ['an id in capitals', { ...nativeReader, id: 'R1' }, [`id: ${ID_MESSAGE}`]],
    ['an id that is a number', { ...nativeReader, id: 12 }, ['id: texte attendu']],
    ['a site in capitals', { ...nativeReader, site: 'Quimper' }, [`site: ${ID_MESSAGE}`]],
    ['an unknown kind', { ...nativeReader, kind: 'lamp' }, ['kind: reader, desk-sensor, door-sensor ou bridge']],
    ['an unknown protocol', { ...nativeReader, protocol: 'shelly' }, ['protocol: native, esp-rfid, tasmota ou zigbee2mqtt']],
    ['a door id with a space', { ...nativeReader, door: 'porte a' }, [`door: ${ID_MESSAGE}`]],
    ['an unknown card format', { ...espReader, uidFormat: 'octal' }, ['uidFormat: Invalid option: expected one of "auto"|"hex"|"decimal"']],
    ['an unknown sensor kind', { ...zigbeeDesk, sensor: 'laser' }, ['sensor: pir, radar, contact ou pressure']],
    ['a topic that is a number', { ...tasmotaReader, topic: 7 }, ['topic: texte attendu']],
  ])('%s', (_, body, issues) => {
    expect(issuesOf(DeviceCreateSchema, body)).toEqual(issues);
  });

  it.each([
    ['a reader without its door', { ...nativeReader, door: undefined }, ['door: un reader indique sa porte']],
    ['a door sensor without its door', { ...zigbeeDoor, door: undefined }, ['door: un door-sensor indique sa porte']],
    ['a desk sensor without its desk', { ...zigbeeDesk, desk: undefined }, ['desk: un desk-sensor indique son bureau']],
    ['a reader with a desk', { ...nativeReader, desk: 'd1' }, ['desk: un reader n’a pas de bureau']],
    ['a bridge with a desk', { ...zigbeeBridge, desk: 'd1' }, ['desk: un bridge n’a pas de bureau']],
    ['a desk sensor with a door', { ...zigbeeDesk, door: 'entrance' }, ['door: un desk-sensor n’a pas de porte']],
    ['a bridge with a door', { ...zigbeeBridge, door: 'entrance' }, ['door: un bridge n’a pas de porte']],
  ])('%s', (_, body, issues) => {
    expect(issuesOf(DeviceCreateSchema, body)).toEqual(issues);
  });

  it.each([
    ['a native bridge', { ...zigbeeBridge, protocol: 'native' }, ['kind: un appareil native est l’un de : reader, desk-sensor, door-sensor']],
    ['an esp-rfid door sensor', { ...espReader, kind: 'door-sensor' }, ['kind: un appareil esp-rfid est l’un de : reader']],
    ['a Tasmota desk sensor', { ...tasmotaReader, kind: 'desk-sensor', door: undefined, desk: 'd1' }, ['kind: un appareil tasmota est l’un de : reader']],
    [
      'a Zigbee2MQTT reader',
      { ...zigbeeDoor, kind: 'reader' },
      ['kind: un appareil zigbee2mqtt est l’un de : desk-sensor, door-sensor, bridge'],
    ],
  ])('%s', (_, body, issues) => {
    expect(issuesOf(DeviceCreateSchema, body)).toEqual(issues);
  });

  it.each([
    ['a native device with a topic', { ...nativeReader, topic: 'porte' }, ['topic: les appareils natifs utilisent les sujets du protocole ; topic est pour les firmwares tiers']],
    ['an esp-rfid reader without a topic', { ...espReader, topic: undefined }, ['topic: un appareil esp-rfid indique son propre sujet de base']],
    ['a Tasmota reader with an empty topic', { ...tasmotaReader, topic: '' }, ['topic: sujet vide', 'topic: un appareil tasmota indique son propre sujet de base']],
    ['a Zigbee2MQTT sensor without a topic', { ...zigbeeDoor, topic: undefined }, ['topic: un appareil zigbee2mqtt indique son propre sujet de base']],
    ['a topic with a wildcard', { ...tasmotaReader, topic: 'porte/#' }, ['topic: les jokers MQTT + et # sont interdits']],
    ['a reader topic with a space', { ...tasmotaReader, topic: 'porte hall' }, ['topic: pas d’espace : ce firmware ne les accepte pas dans son sujet']],
  ])('%s', (_, body, issues) => {
    expect(issuesOf(DeviceCreateSchema, body)).toEqual(issues);
  });

  const zigbeeName = 'topic: un nom Zigbee2MQTT ne commence pas par « bridge » et ne finit pas par /availability (Zigbee2MQTT les utilise)';
  it.each(['bridge', 'bridge/state', 'bureau/availability'])('a Zigbee2MQTT sensor named %j', (topic) => {
    expect(issuesOf(DeviceCreateSchema, { ...zigbeeDesk, topic })).toEqual([zigbeeName]);
  });

  it.each([
    ['a Tasmota reader with a hostname', { ...tasmotaReader, hostname: 'esp-hall' }, ['hostname: seuls les lecteurs esp-rfid partagent un sujet']],
    ['a Tasmota reader with a door name', { ...tasmotaReader, doorName: 'Hall' }, ['doorName: seuls les lecteurs esp-rfid partagent un sujet']],
    ['a native reader with a hostname', { ...nativeReader, hostname: 'esp-hall' }, ['hostname: seuls les lecteurs esp-rfid partagent un sujet']],
    [
      'an esp-rfid door sensor with a hostname',
      { ...espReader, kind: 'door-sensor', hostname: 'esp-hall' },
      ['kind: un appareil esp-rfid est l’un de : reader', 'hostname: seuls les lecteurs esp-rfid partagent un sujet'],
    ],
    ['an empty hostname', { ...espReader, hostname: '' }, ['hostname: au moins un caractère']],
    ['a door name of 65 characters', { ...espReader, doorName: 'x'.repeat(65) }, ['doorName: au plus 64 caractères']],
    ['a hostname with a newline', { ...espReader, hostname: 'esp\n' }, ['hostname: sans caractère de contrôle']],
    ['a door name with DEL', { ...espReader, doorName: 'Hall\u007f' }, ['doorName: sans caractère de contrôle']],
    ['a hostname that is a number', { ...espReader, hostname: 3 }, ['hostname: texte attendu']],
  ])('%s', (_, body, issues) => {
    expect(issuesOf(DeviceCreateSchema, body)).toEqual(issues);
  });

  it('takes a door name of 64 characters', () => {
    expect(issuesOf(DeviceCreateSchema, { ...espReader, doorName: 'x'.repeat(64) })).toEqual([]);
  });

  it.each([
    ['a reader with a sensor kind', { ...nativeReader, sensor: 'pir' }, ['sensor: seul un desk-sensor a un type de capteur']],
    ['a door sensor with a sensor kind', { ...zigbeeDoor, sensor: 'contact' }, ['sensor: seul un desk-sensor a un type de capteur']],
  ])('%s', (_, body, issues) => {
    expect(issuesOf(DeviceCreateSchema, body)).toEqual(issues);
  });

  it.each([
    ['a native reader on a relay', { ...nativeReader, relay: 1 }, ['relay: seuls les lecteurs Tasmota et esp-rfid commandent un relais']],
    ['a Zigbee2MQTT door sensor on a relay', { ...zigbeeDoor, relay: 1 }, ['relay: seuls les lecteurs Tasmota et esp-rfid commandent un relais']],
    ['an esp-rfid reader on relay 5', { ...espReader, relay: 5 }, ['relay: esp-rfid commande au plus 4 relais']],
    ['relay 0', { ...tasmotaReader, relay: 0 }, ['relay: à partir de 1']],
    ['relay 33', { ...tasmotaReader, relay: 33 }, ['relay: au plus 32 (Tasmota)']],
    ['relay 1.5', { ...tasmotaReader, relay: 1.5 }, ['relay: nombre entier attendu']],
    ['relay "2"', { ...tasmotaReader, relay: '2' }, ['relay: nombre attendu']],
  ])('%s', (_, body, issues) => {
    expect(issuesOf(DeviceCreateSchema, body)).toEqual(issues);
  });

  it.each([
    ['a Zigbee2MQTT desk sensor without its bridge', { ...zigbeeDesk, bridge: undefined }, ['bridge: un capteur Zigbee2MQTT indique son pont (bridge)']],
    ['a Tasmota reader with a bridge', { ...tasmotaReader, bridge: 'z2m' }, ['bridge: seuls les capteurs Zigbee2MQTT ont un pont (bridge)']],
    ['a bridge behind a bridge', { ...zigbeeBridge, bridge: 'z2m' }, ['bridge: seuls les capteurs Zigbee2MQTT ont un pont (bridge)']],
    ['a bridge id in capitals', { ...zigbeeDesk, bridge: 'Z2M' }, [`bridge: ${ID_MESSAGE}`]],
  ])('%s', (_, body, issues) => {
    expect(issuesOf(DeviceCreateSchema, body)).toEqual(issues);
  });

  it('names every problem of one body at once', () => {
    expect(issuesOf(DeviceCreateSchema, { ...base, kind: 'desk-sensor', protocol: 'tasmota', door: 'entrance', relay: 2, hostname: 'h' })).toEqual([
      'desk: un desk-sensor indique son bureau',
      'door: un desk-sensor n’a pas de porte',
      'kind: un appareil tasmota est l’un de : reader',
      'topic: un appareil tasmota indique son propre sujet de base',
      'hostname: seuls les lecteurs esp-rfid partagent un sujet',
      'relay: seuls les lecteurs Tasmota et esp-rfid commandent un relais',
    ]);
  });
});

describe('DeviceUpdateSchema: a move or a new label, nothing else', () => {
  it.each([
    [{ door: 'hall' }, { door: 'hall', desk: undefined, name: undefined }],
    [{ desk: 'd2' }, { door: undefined, desk: 'd2', name: undefined }],
    [{ name: '  Lecteur du hall  ' }, { door: undefined, desk: undefined, name: 'Lecteur du hall' }],
    [{ name: '' }, { door: undefined, desk: undefined, name: '' }],
    [{ name: 'x'.repeat(100) }, { door: undefined, desk: undefined, name: 'x'.repeat(100) }],
  ])('%j', (body, expected) => {
    expect(parsed(DeviceUpdateSchema, body)).toStrictEqual(expected);
  });

  it.each([
    [{}, ['(root): rien à modifier : door, desk ou name']],
    [{ id: 'r2', door: 'hall' }, ['id: ne se modifie pas : seuls door, desk et name se modifient']],
    [
      { kind: 'reader', topic: 'porte' },
      ['kind: ne se modifie pas : seuls door, desk et name se modifient', 'topic: ne se modifie pas : seuls door, desk et name se modifient', '(root): rien à modifier : door, desk ou name'],
    ],
    [{ door: 'Hall' }, [`door: ${ID_MESSAGE}`]],
    [{ desk: '' }, [`desk: ${ID_MESSAGE}`]],
    [{ name: 'Lecteur\n' }, ['name: caractère de contrôle interdit']],
    [{ name: 'x'.repeat(101) }, ['name: 100 caractères au plus']],
    [{ name: 4 }, ['name: texte attendu']],
  ])('%j', (body, issues) => {
    expect(issuesOf(DeviceUpdateSchema, body)).toEqual(issues);
  });
});
