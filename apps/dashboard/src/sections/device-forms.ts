// The manager's device actions: provision (form per kind and protocol, doors and desks from the
// site layout), then the secret and the firmware settings shown once; rename or move; rotate the
// secret (shown once again); delete after a confirmation.
import { card, field, h, note, select } from '../dom.js';
import { firmwareConfig, PROTOCOLS_OF, type Broker, type FirmwareDevice } from '../firmware.js';
import type { DeviceCreateDto, DeviceUpdateBody, DeviceView, ProvisionedDevice as Provisioned } from '../types.js';
import { failure, type Context } from '../view.js';

interface Callbacks {
  /** Shows a panel above the list (the secret, or the edit form); null clears it. */
  secret: (panel: HTMLElement | string) => void;
  done: (message: string) => void;
  failed: (error: unknown) => void;
}

type DeviceBrief = FirmwareDevice;

export function deviceActions(context: Context, callbacks: Callbacks) {
  const { text, api } = context;
  const t = text.dev;
  const showSecret = (device: DeviceBrief, result: Provisioned) => callbacks.secret(secretPanel(context, device, result, () => callbacks.secret('')));
  const rotate = (d: DeviceView) => {
    if (!confirm(t.confirmRotate(d.id))) return;
    api.post<Provisioned>(`/api/devices/${encodeURIComponent(d.id)}/rotate`).then((result) => {
      showSecret(d, result);
      callbacks.done(t.rotated(d.id));
    }, callbacks.failed);
  };
  const remove = (d: DeviceView) => {
    if (!confirm(t.confirmDelete(d.id))) return;
    api.delete(`/api/devices/${encodeURIComponent(d.id)}`).then(() => {
      callbacks.secret('');
      callbacks.done(t.deleted(d.id));
    }, callbacks.failed);
  };
  const edit = (d: DeviceView) => callbacks.secret(editForm(context, d, callbacks));
  return {
    provisioned: (device: DeviceBrief, result: Provisioned) => {
      showSecret(device, result);
      callbacks.done(t.provisioned(device.id));
    },
    buttons: (d: DeviceView) =>
      h(
        'span',
        { class: 'row-actions' },
        h('button', { type: 'button', class: 'small', 'data-action': 'edit', onclick: () => edit(d) }, t.edit),
        // A Zigbee2MQTT sensor has no secret of its own: its bridge's is rotated instead.
        d.protocol === 'zigbee2mqtt' && d.kind !== 'bridge' ? null : h('button', { type: 'button', class: 'small', 'data-action': 'rotate', onclick: () => rotate(d) }, t.rotate),
        h('button', { type: 'button', class: 'small danger', 'data-action': 'delete', onclick: () => remove(d) }, t.delete),
      ),
  };
}

function doorOptions(context: Context): Array<[string, string]> {
  return context.site.doors.map((d) => [d.id, d.name]);
}

function deskOptions(context: Context): Array<[string, string]> {
  return context.site.desks.map((d) => [d.id, context.text.deskLabel(d.label)]);
}

export function provisionForm(context: Context, devices: () => DeviceView[], actions: ReturnType<typeof deviceActions>): HTMLElement {
  const { text, api, site } = context;
  const t = text.dev;
  const id = h('input', { name: 'id', required: true, pattern: '[a-z0-9\\-]{1,64}', placeholder: 'reader-entrance' });
  const kind = select('kind', Object.keys(PROTOCOLS_OF).map((k) => [k, text.kinds[k] ?? k]));
  const protocol = select('protocol', []);
  const door = select('door', doorOptions(context));
  const desk = select('desk', deskOptions(context));
  const topic = h('input', { name: 'topic' });
  const bridge = select('bridge', []);
  const status = h('div');
  const rows = { door: field(text.door, door), desk: field(t.desk, desk), topic: field(t.topic, topic), bridge: field(t.bridge, bridge) };
  const topicHint = h('small', { class: 'hint' });
  rows.topic.append(topicHint);
  const sync = () => {
    const protocols = PROTOCOLS_OF[kind.value] ?? [];
    if (!protocols.includes(protocol.value)) protocol.replaceChildren(...select('protocol', protocols.map((p) => [p, t.protocols[p] ?? p])).children);
    const zigbeeSensor = protocol.value === 'zigbee2mqtt' && kind.value !== 'bridge';
    rows.door.hidden = !(kind.value === 'reader' || kind.value === 'door-sensor');
    rows.desk.hidden = kind.value !== 'desk-sensor';
    rows.topic.hidden = protocol.value === 'native';
    rows.bridge.hidden = !zigbeeSensor;
    topicHint.textContent = t.topicHints[kind.value === 'bridge' ? 'bridge' : protocol.value] ?? '';
    if (zigbeeSensor) bridge.replaceChildren(...select('bridge', devices().filter((d) => d.kind === 'bridge').map((d) => [d.id, d.name ?? d.id])).children);
  };
  kind.addEventListener('change', sync);
  protocol.addEventListener('change', sync);
  sync();
  const form = h('form', { class: 'form', id: 'device-create' }, field(t.id, id), h('div', { class: 'form-row' }, field(text.kind, kind), field(t.protocol, protocol)), rows.door, rows.desk, rows.topic, rows.bridge, h('button', { type: 'submit', class: 'primary' }, t.provision), status);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    // The selects offer only the schema's kinds and protocols (PROTOCOLS_OF).
    const body: DeviceCreateDto = { id: id.value.trim(), kind: kind.value as DeviceCreateDto['kind'], protocol: protocol.value as DeviceCreateDto['protocol'], site: site.id };
    if (!rows.door.hidden) body.door = door.value;
    if (!rows.desk.hidden) body.desk = desk.value;
    if (!rows.topic.hidden && topic.value.trim()) body.topic = topic.value.trim();
    if (!rows.bridge.hidden) body.bridge = bridge.value;
    api.post<Provisioned>('/api/devices', body).then(
      (result) => {
        status.replaceChildren();
        actions.provisioned(
          { id: result.id, kind: body.kind, protocol: body.protocol, ...(body.topic ? { topic: body.topic } : {}) },
          result,
        );
        form.reset();
        sync();
      },
      (error: unknown) => status.replaceChildren(note('error', failure(context.text, error))),
    );
  });
  return form;
}

function editForm(context: Context, d: DeviceView, callbacks: Callbacks): HTMLElement {
  const { text, api } = context;
  const t = text.dev;
  const name = h('input', { name: 'name', value: d.name ?? '', maxlength: 100 });
  const door = d.kind === 'reader' || d.kind === 'door-sensor' ? select('door', doorOptions(context), d.door) : null;
  const desk = d.kind === 'desk-sensor' ? select('desk', deskOptions(context), d.desk) : null;
  const status = h('div');
  const form = h(
    'form',
    { class: 'form', id: 'device-edit' },
    field(t.name, name),
    door ? field(text.door, door) : null,
    desk ? field(t.desk, desk) : null,
    h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, t.save), h('button', { type: 'button', onclick: () => callbacks.secret('') }, text.cancel)),
    status,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body: DeviceUpdateBody = {};
    if (name.value.trim() !== (d.name ?? '')) body.name = name.value.trim();
    if (door && door.value !== d.door) body.door = door.value;
    if (desk && desk.value !== d.desk) body.desk = desk.value;
    if (Object.keys(body).length === 0) return callbacks.secret('');
    api.patch(`/api/devices/${encodeURIComponent(d.id)}`, body).then(() => {
      callbacks.secret('');
      callbacks.done(t.updated(d.id));
    }, (error: unknown) => status.replaceChildren(note('error', failure(context.text, error))));
  });
  return card(t.editTitle(d.id), form);
}

/** The secret, shown once, with the firmware settings for the broker the page was served from. */
function secretPanel(context: Context, device: DeviceBrief, result: Provisioned, close: () => void): HTMLElement {
  const t = context.text.dev;
  const broker = h('input', { name: 'broker', value: `${location.hostname}:1883`, 'aria-label': t.broker });
  const config = h('textarea', { readonly: true, rows: 6, id: 'firmware-config', spellcheck: 'false' });
  const render = () => {
    const [host, port] = broker.value.trim().split(/:(?=\d+$)/);
    const at: Broker = { host: host || location.hostname, port: Number(port) || 1883 };
    config.value = firmwareConfig(device, result.mqtt?.password ?? null, at);
  };
  broker.addEventListener('input', render);
  render();
  const copied = h('span', { class: 'hint', role: 'status' });
  const copy = h('button', { type: 'button', id: 'copy-config' }, t.copy);
  copy.addEventListener('click', () => {
    config.select();
    const done = () => (copied.textContent = t.copied);
    // The older copy command where the Clipboard API is missing or refused (plain HTTP on a LAN address).
    const fallback = () => (document.execCommand('copy') ? done() : undefined);
    if (navigator.clipboard) navigator.clipboard.writeText(config.value).then(done, fallback);
    else fallback();
  });
  const credentials = result.mqtt
    ? h('dl', { class: 'secret' }, h('dt', {}, t.username), h('dd', {}, h('code', { id: 'secret-username' }, result.mqtt.username)), h('dt', {}, t.password), h('dd', {}, h('code', { id: 'secret-password' }, result.mqtt.password)))
    : note('info', t.noSecret);
  return h(
    'section',
    { class: 'card secret-card', 'data-secret-for': device.id },
    h('h2', {}, t.secretTitle(device.id)),
    note('info', t.shownOnce),
    credentials,
    field(t.broker, broker),
    h('h3', {}, t.firmwareTitle(t.protocols[device.protocol] ?? device.protocol)),
    config,
    h('div', { class: 'buttons' }, copy, copied, h('button', { type: 'button', onclick: close }, t.close)),
  );
}
