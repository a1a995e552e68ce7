// /api/docs is generated from the zod schemas that validate each route (infra/http/openapi.ts):
// every registered route is in it, with its validating body and query schemas and the security
// route-roles.ts gives it; and a client that reads only the document can log in and sell a pass.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registeredRouteKeys } from '../../apps/api/src/infra/http/route-keys.js';
import { ruleFor } from '../../apps/api/src/auth/route-roles.js';
import { registeredRouteSchemas } from '../../apps/api/src/infra/http/route-schemas.js';
import { json, startTestCantine, type TestCantine } from '../support/app.js';
import { eventually } from '../support/eventually.js';

type Json = Record<string, any>;
const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');
// Written here from zod's documented options, apart from the generator: a change there shows.
const asDocumented = (schema: z.ZodType) => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input', target: 'openapi-3.0', unrepresentable: 'any' }) as Json;
  return rest;
};

describe('/api/docs', () => {
  let cantine: TestCantine;
  let doc: Json;
  const operation = (key: string): Json | undefined => {
    const [verb, path] = key.split(' ') as [string, string];
    return doc.paths[openApiPath(path)]?.[verb.toLowerCase()];
  };

  const resolve = (schema: Json): Json => (schema.$ref ? doc.components.schemas[schema.$ref.split('/').pop()] : schema);
  const answerSchema = (op: Json, status: string) => z.fromJSONSchema(resolve(op.responses[status].content['application/json'].schema), { defaultTarget: 'openapi-3.0' });
  // A value for each field the documented body requires (one of its enum, where it has one).
  const bodyFor = (op: Json, values: Record<string, unknown>): Json => {
    const schema = resolve(op.requestBody.content['application/json'].schema);
    const body: Json = {};
    for (const field of schema.required ?? []) {
      expect(values, `the client does not know the required field ${field}`).toHaveProperty(field);
      if (schema.properties[field].enum) expect(schema.properties[field].enum).toContain(values[field]);
      body[field] = values[field];
    }
    return body;
  };
  const call = async (method: string, path: string, op: Json, init: { body?: Json; token?: string }) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    for (const requirement of op.security ?? []) {
      for (const name of Object.keys(requirement)) {
        const scheme = doc.components.securitySchemes[name];
        expect(scheme).toMatchObject({ type: 'http', scheme: 'bearer' });
        headers.authorization = `Bearer ${init.token}`;
      }
    }
    return fetch(`${cantine.baseUrl}${path}`, { method, headers, ...(init.body ? { body: JSON.stringify(init.body) } : {}) });
  };

  beforeAll(async () => {
    cantine = await startTestCantine();
    const response = await fetch(`${cantine.baseUrl}/api/docs.json`);
    expect(response.status).toBe(200);
    doc = await json(response);
  });
  afterAll(() => cantine?.dispose());

  it('serves Swagger UI, its files and the YAML document, set up at the first request (api-docs.ts)', async () => {
    const page = await fetch(`${cantine.baseUrl}/api/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger-ui');
    const init = await fetch(`${cantine.baseUrl}/api/docs/swagger-ui-init.js`);
    expect(init.headers.get('content-type')).toMatch(/javascript/);
    expect(await init.text()).toContain('"persistAuthorization": true');
    const css = await fetch(`${cantine.baseUrl}/api/docs/swagger-ui.css`);
    expect([css.status, css.headers.get('content-type')]).toEqual([200, expect.stringMatching(/css/)]);
    const yaml = await fetch(`${cantine.baseUrl}/api/docs-yaml`);
    expect(await yaml.text()).toMatch(/^openapi: 3/);
    // Out of Swagger UI's folder, or a file it does not have: Nest's own 404.
    // `send` refuses a `..` it decodes and a dot file with a 403 of its own, in English: those too.
    for (const path of ['/api/docs/%2e%2e/package.json', '/api/docs/..%2f..%2fpackage.json', '/api/docs/.bin', '/api/docs/nothing.js']) {
      const response = await fetch(`${cantine.baseUrl}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.json(), path).toMatchObject({ message: expect.stringMatching(/^Route inconnue/) });
    }
  });

  it('lists every registered route', () => {
    const keys = registeredRouteKeys(cantine.app);
    expect(keys.length).toBeGreaterThan(30);
    expect(keys.filter((key) => !operation(key)), 'routes missing from /api/docs.json').toEqual([]);
  });

  it("documents each body with the very schema that validates it, and every body is validated by one", () => {
    const unvalidated: string[] = [];
    const wrong: string[] = [];
    for (const route of registeredRouteSchemas(cantine.app)) {
      if (route.takesBody && !route.body) unvalidated.push(`${route.key}: validate its body with @Body(new ZodPipe(YourSchema)); /api/docs then documents it from that schema`);
      const documented = operation(route.key)?.requestBody?.content?.['application/json']?.schema;
      const expected = route.body ? asDocumented(route.body) : undefined;
      try {
        expect(documented).toEqual(expected);
      } catch {
        wrong.push(`${route.key}: /api/docs shows ${documented ? 'another body than the one' : 'no body where'} its ZodPipe validates (see apps/api/src/infra/http/openapi.ts)`);
      }
    }
    expect(unvalidated, 'routes that read a body no zod schema validates').toEqual([]);
    expect(wrong, 'routes whose documented body differs from the validating schema').toEqual([]);
    expect(operation('POST /api/members/:id/passes')!.requestBody.content['application/json'].schema.properties.type.enum).toContain('day');
  });

  it('validates every path parameter and query field with a zod schema, and documents each with it', () => {
    const wrong: string[] = [];
    for (const route of registeredRouteSchemas(cantine.app)) {
      const parameters = (operation(route.key)?.parameters ?? []) as Json[];
      const find = (where: string, name: string) => parameters.find((p) => p.in === where && p.name === name);
      for (const [, name] of route.key.matchAll(/:(\w+)/g)) {
        const schema = route.params[name!];
        if (!schema) wrong.push(`${route.key}: path parameter ${name} has no @Param('${name}', new ZodPipe(…)) to validate and document it`);
        else if (!find('path', name!)?.required || JSON.stringify(find('path', name!)!.schema) !== JSON.stringify(asDocumented(schema))) wrong.push(`${route.key}: path parameter ${name}`);
      }
      const query = route.query ? asDocumented(route.query) : { properties: {} };
      for (const [name, schema] of Object.entries(query.properties as Json)) {
        if (JSON.stringify(find('query', name)?.schema) !== JSON.stringify(schema)) wrong.push(`${route.key}: query field ${name} (validated by its @Query ZodPipe)`);
      }
      for (const [name, schema] of Object.entries(route.queryFields)) {
        if (!schema) wrong.push(`${route.key}: query field ${name} has no ZodPipe to validate and document it`);
        else if (JSON.stringify(find('query', name)?.schema) !== JSON.stringify(asDocumented(schema))) wrong.push(`${route.key}: query field ${name}`);
      }
    }
    expect(wrong, 'parameters missing from /api/docs or differing from their ZodPipe').toEqual([]);
  });

  it('refuses a malformed path parameter or query field with a 400 naming it', async () => {
    const site = await fetch(`${cantine.baseUrl}/api/sites/Quimper!`);
    expect(site.status).toBe(400);
    expect((await json(site)).errors).toEqual([expect.objectContaining({ field: 'site' })]);
    const lang = await fetch(`${cantine.baseUrl}/api/sites/quimper/notice?lang=de`);
    expect(lang.status).toBe(400);
    expect((await json(lang)).errors).toEqual([expect.objectContaining({ field: 'lang' })]);
    expect((await fetch(`${cantine.baseUrl}/api/sites/quimper/notice`)).status).toBe(200);
    const statements = operation('GET /api/statements')!.parameters as Json[];
    expect(statements.find((p) => p.name === 'month')).toMatchObject({ in: 'query', required: true });
  });

  it('documents each answer at the status the route really answers', () => {
    const wrong = registeredRouteSchemas(cantine.app)
      .filter((route) => route.responds && route.responds.status !== route.status)
      .map((route) => `${route.key}: @Responds(${route.responds!.status}) but the route answers ${route.status}`);
    expect(wrong).toEqual([]);
    for (const route of registeredRouteSchemas(cantine.app).filter((r) => r.responds?.schema)) {
      expect(operation(route.key)!.responses[String(route.status)].content[route.responds!.mediaType ?? 'application/json'].schema, route.key).toBeDefined();
    }
    expect(Object.keys(operation('GET /api/sites/:site/notice')!.responses['200'].content)).toEqual(['text/html']);
  });

  it('documents what every route answers', () => {
    const undocumented = registeredRouteSchemas(cantine.app)
      .filter((route) => !route.responds?.schema && route.status !== 204)
      .map((route) => route.key);
    expect(undocumented, 'declare the answer with @Responds(status, Schema) (apps/api/src/infra/http/responds.ts), its zod schema in libs/protocol/src/http').toEqual([]);
  });

  it('gives each operation the security and role route-roles.ts declares', () => {
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const wrong: string[] = [];
    for (const key of registeredRouteKeys(cantine.app)) {
      const rule = ruleFor(key);
      const op = operation(key);
      if (!rule || !op) continue; // route-roles.test.ts and the first test above name these
      const security = rule.access === 'public' ? [] : [{ bearer: [] }];
      if (JSON.stringify(op.security) !== JSON.stringify(security) || op['x-cantine-access'] !== rule.access) wrong.push(key);
      if (rule.access !== 'public' && !op.responses['401']) wrong.push(`${key}: 401`);
    }
    expect(wrong, 'operations whose security differs from auth/route-roles.ts').toEqual([]);
    expect(operation('GET /api/devices')!.description).toContain('Accès : tout compte connecté');
    expect(operation('POST /api/devices')!.description).toContain('responsable (manager) seulement');
  });

  // A client that knows the contract's paths and reads everything else from the document: which
  // fields each body needs, how to send the token, what comes back (checked against the schema).
  it('lets a client log in and sell a day pass using only what it says', async () => {
    const login = doc.paths['/api/auth/login'].post;
    expect(login.security).toEqual([]);
    const loggedIn = await call('POST', '/api/auth/login', login, { body: bodyFor(login, { email: 'manager@example.org', password: 'correct horse battery' }) });
    expect(loggedIn.status).toBe(Number(Object.keys(login.responses).find((s) => s.startsWith('2'))));
    const { token } = answerSchema(login, '200').parse(await json(loggedIn)) as { token: string };

    const createMember = doc.paths['/api/members'].post;
    const member = await call('POST', '/api/members', createMember, { token, body: bodyFor(createMember, { name: 'Anne Le Goff', email: 'anne@example.org', adherent: true }) });
    expect(member.status).toBe(201);
    const { id } = answerSchema(createMember, '201').parse(await json(member)) as { id: string };

    const sell = doc.paths['/api/members/{id}/passes'].post;
    expect(sell.parameters).toContainEqual(expect.objectContaining({ name: 'id', in: 'path', required: true }));
    const sold = await call('POST', `/api/members/${id}/passes`, sell, { token, body: bodyFor(sell, { type: 'day' }) });
    expect(sold.status).toBe(201);
    const pass = answerSchema(sell, '201').parse(await json(sold)) as { id: string };

    const list = doc.paths['/api/members/{id}/passes'].get;
    const passes = await call('GET', `/api/members/${id}/passes`, list, { token });
    expect(passes.status).toBe(200);
    expect(answerSchema(list, '200').parse(await json(passes))).toEqual([expect.objectContaining({ id: pass.id, type: 'day', remaining: 1 })]);
    // Without the token the document asks for, the same call is refused as it says.
    expect((await fetch(`${cantine.baseUrl}/api/members/${id}/passes`)).status).toBe(401);
    expect(list.responses['401']).toBeDefined();
  });

  it('answers as its documented schemas say (members, badges, passes, devices, accounts, seats, doors, journal)', async () => {
    const [token] = [(await json(await fetch(`${cantine.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'manager@example.org', password: 'correct horse battery' }) }))).token as string];
    const check = async (key: string, path: string, body?: Json) => {
      const op = operation(key)!;
      const response = await call(key.split(' ')[0]!, path, op, { token, ...(body ? { body } : {}) });
      const status = String(response.status);
      expect(Object.keys(op.responses), `${key} answered ${status}`).toContain(status);
      const answer = await json(response);
      const parsed = answerSchema(op, status).safeParse(answer);
      expect(parsed.success, `${key}: ${JSON.stringify(answer)} does not match its documented answer: ${parsed.error?.message}`).toBe(true);
      return answer;
    };
    const member = await check('POST /api/members', '/api/members', { name: 'Yann Kerouac', email: 'yann@example.org' });
    await check('POST /api/members/:id/badges', `/api/members/${member.id}/badges`, { uid: '04A224B2C31F80' });
    const pass = await check('POST /api/members/:id/passes', `/api/members/${member.id}/passes`, { type: 'carnet', credits: 10 });
    await check('POST /api/passes/:id/end', `/api/passes/${pass.id}/end`, { on: '2030-01-31' });
    await check('GET /api/members/:id', `/api/members/${member.id}`);
    await check('GET /api/members', '/api/members');
    await check('POST /api/devices', '/api/devices', { id: 'reader-docs', kind: 'reader', site: 'quimper', protocol: 'native', door: 'entrance' });
    await check('POST /api/devices/:id/rotate', '/api/devices/reader-docs/rotate');
    await check('GET /api/devices', '/api/devices');
    const staff = await check('POST /api/accounts', '/api/accounts', { email: 'accueil@example.org', password: 'ouverture-9h-chaque-jour', role: 'staff' });
    await check('POST /api/accounts/:id/reset-password', `/api/accounts/${staff.id}/reset-password`);
    await check('GET /api/accounts', '/api/accounts');
    await check('GET /api/sites/:site/seats', '/api/sites/quimper/seats');
    await check('GET /api/sites/:site/opening', '/api/sites/quimper/opening');
    await check('GET /api/sites/:site/events', '/api/sites/quimper/events');
    await check('POST /api/doors/:site/:door/unlock', '/api/doors/quimper/entrance/unlock');
    await check('POST /api/sites/:site/lockdown', '/api/sites/quimper/lockdown', { enabled: false });
    await check('GET /api/sites/:site/lockdown', '/api/sites/quimper/lockdown');
    // The unlock and the lockdown are written to the journal in the background.
    await eventually(async () => expect((await check('GET /api/access-events', '/api/access-events?site=quimper&kind=all')).length).toBeGreaterThan(0));
    await check('POST /api/badges/:uid/revoke', '/api/badges/04A224B2C31F80/revoke');
  });

  it('answers as its documented schemas say (site, reports, statements, audit trail, enrolment, export, erasure, health)', async () => {
    const token = ((await json(await fetch(`${cantine.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'manager@example.org', password: 'correct horse battery' }) }))) as Json).token as string;
    const check = async (key: string, path: string, body?: Json) => {
      const op = operation(key)!;
      const response = await call(key.split(' ')[0]!, path, op, { token, ...(body ? { body } : {}) });
      const status = String(response.status);
      expect(Object.keys(op.responses), `${key} answered ${status}`).toContain(status);
      expect(status.startsWith('2'), `${key} answered ${status}`).toBe(true);
      const answer = await json(response);
      const parsed = answerSchema(op, status).safeParse(answer);
      expect(parsed.success, `${key}: ${JSON.stringify(answer)} does not match its documented answer: ${parsed.error?.message}`).toBe(true);
      return answer;
    };
    const member = await check('POST /api/members', '/api/members', { name: 'Maëlle Riou', email: 'maelle@example.org', adherent: true });
    const pass = await check('POST /api/members/:id/passes', `/api/members/${member.id}/passes`, { type: 'subscription', validFrom: '2030-01-01' });
    await check('POST /api/passes/:id/end', `/api/passes/${pass.id}/end`, { on: '2030-01-15' });
    await check('PATCH /api/members/:id', `/api/members/${member.id}`, { name: 'Maëlle Riou-Le Bihan' });
    await check('GET /api/members/:id/history', `/api/members/${member.id}/history`);
    await check('GET /api/members/:id/statement', `/api/members/${member.id}/statement?month=2030-01`);
    expect((await check('GET /api/statements', '/api/statements?month=2030-01')).length).toBeGreaterThan(0);
    await check('GET /api/tariffs', '/api/tariffs');
    await check('GET /api/sites/:site', '/api/sites/quimper');
    await check('GET /api/sites/:site/occupancy/cross-checks', '/api/sites/quimper/occupancy/cross-checks');
    for (const report of ['today', 'heatmap', 'utilisation', 'peaks', 'stays', 'denials', 'forecast']) {
      await check(`GET /api/sites/:site/analytics/${report}`, `/api/sites/quimper/analytics/${report}`);
    }
    await check('GET /api/sites/:site/occupancy', '/api/sites/quimper/occupancy');
    await check('POST /api/devices', '/api/devices', { id: 'reader-enrol', kind: 'reader', site: 'quimper', protocol: 'native', door: 'entrance' });
    await check('POST /api/readers/:site/:reader/enrolment', '/api/readers/quimper/reader-enrol/enrolment', { memberId: member.id });
    await check('GET /api/readers/:site/:reader/enrolment', '/api/readers/quimper/reader-enrol/enrolment');
    await check('DELETE /api/readers/:site/:reader/enrolment', '/api/readers/quimper/reader-enrol/enrolment');
    await check('GET /api/members/:id/export', `/api/members/${member.id}/export`);
    await check('DELETE /api/members/:id', `/api/members/${member.id}`);
    await check('GET /health', '/health');
  });
});
