// /api/docs from the same zod schemas the API validates with: Nest's swagger explorer gives the
// paths, tags and summaries; every parameter, request body, response and security requirement is
// then written here from the routes' ZodPipes (route-schemas.ts), @Responds and route-roles.ts.
// Nothing is described twice: a route validated by a schema is documented by that schema.
import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import { ErrorBodySchema } from '#protocol';
import { registeredRouteSchemas, type RouteSchemas } from './route-schemas.js';

export const BEARER = 'bearer';
type Json = Record<string, unknown>;

/** Who may call a route, as the document tells it; auth/route-roles.ts decides (cantine.ts passes its ruleFor). */
export interface DocumentedAccess {
  access: 'public' | 'staff' | 'manager';
  managerOnlyWhen?: unknown;
}

/** A zod schema as OpenAPI 3.0 JSON Schema, for what the client sends (defaults optional) or receives. */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output' = 'input'): Json {
  const json = z.toJSONSchema(schema, { io, target: 'openapi-3.0', unrepresentable: 'any' }) as Json;
  delete json.$schema;
  return json;
}

const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

const roleNote: Record<DocumentedAccess['access'], string> = {
  public: 'Accès : public, sans jeton.',
  staff: 'Accès : tout compte connecté (accueil ou responsable), jeton Bearer de POST /api/auth/login.',
  manager: 'Accès : responsable (manager) seulement, jeton Bearer de POST /api/auth/login.',
};

function parametersOf(route: RouteSchemas, path: string): Json[] {
  const parameters: Json[] = [];
  for (const [, name] of path.matchAll(/:(\w+)/g)) {
    const schema = route.params[name!];
    parameters.push({ name, in: 'path', required: true, schema: schema ? jsonSchemaOf(schema) : { type: 'string' } });
  }
  const whole = route.query ? jsonSchemaOf(route.query) : undefined;
  const required = new Set((whole?.required as string[] | undefined) ?? []);
  for (const [name, schema] of Object.entries((whole?.properties ?? {}) as Record<string, Json>)) {
    parameters.push({ name, in: 'query', required: required.has(name), schema });
  }
  for (const [name, schema] of Object.entries(route.queryFields)) {
    parameters.push({ name, in: 'query', required: false, schema: schema ? jsonSchemaOf(schema) : { type: 'string' } });
  }
  return parameters;
}

const jsonContent = (schema: Json, mediaType = 'application/json') => ({ [mediaType]: { schema } });

function responsesOf(route: RouteSchemas, swagger: Json, rule: DocumentedAccess | undefined): Json {
  const responses: Json = {};
  const declared = route.responds;
  if (declared) {
    const headers = Object.fromEntries(Object.entries(declared.headers ?? {}).map(([name, description]) => [name, { description, schema: { type: 'string' } }]));
    responses[String(declared.status)] = {
      description: declared.schema?.description ?? 'Réussite',
      ...(declared.schema ? { content: jsonContent(jsonSchemaOf(declared.schema, 'output'), declared.mediaType) } : {}),
      ...(declared.headers ? { headers } : {}),
    };
  } else Object.assign(responses, swagger); // the status Nest answers, without a body description
  const error = (description: string) => ({ description, content: jsonContent({ $ref: '#/components/schemas/ErrorBody' }) });
  if (route.body || route.query || Object.keys(route.queryFields).length || Object.values(route.params).some(Boolean)) responses['400'] = error('Entrée invalide : `errors` nomme chaque champ');
  if (rule && rule.access !== 'public') responses['401'] = error('Sans jeton, ou jeton révoqué ou expiré');
  if (rule?.access === 'manager' || rule?.managerOnlyWhen) responses['403'] = error('Réservé au responsable');
  return responses;
}

/** The whole document, served at /api/docs.json and shown at /api/docs. */
export async function buildOpenApiDocument(
  app: INestApplication,
  accessOf: (key: string) => DocumentedAccess | undefined,
): Promise<OpenAPIObject> {
  const { DocumentBuilder, SwaggerModule } = await import('@nestjs/swagger'); // loaded when first asked for: api-docs.ts
  const base = new DocumentBuilder().setTitle('Cantine').setVersion('1').addBearerAuth(undefined, BEARER).build();
  const document = SwaggerModule.createDocument(app, base);
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ErrorBody: jsonSchemaOf(ErrorBodySchema, 'output') } };
  for (const route of registeredRouteSchemas(app)) {
    const [verb, path] = route.key.split(' ') as [string, string];
    const operation = document.paths[openApiPath(path)]?.[verb.toLowerCase() as 'get'] as Json | undefined;
    if (!operation) continue; // test/app/api-docs.test.ts names any route missing here
    const rule = accessOf(route.key);
    operation.parameters = parametersOf(route, path);
    if (route.body) operation.requestBody = { required: true, content: jsonContent(jsonSchemaOf(route.body)) };
    else delete operation.requestBody;
    operation.responses = responsesOf(route, (operation.responses ?? {}) as Json, rule);
    operation.security = rule?.access === 'public' ? [] : [{ [BEARER]: [] }];
    const note = rule ? roleNote[rule.access] + (rule.managerOnlyWhen ? ' Certains corps sont réservés au responsable (voir le résumé).' : '') : '';
    operation.description = [operation.description, note].filter(Boolean).join('\n\n');
    operation['x-cantine-access'] = rule?.access ?? 'undeclared';
  }
  return document;
}
