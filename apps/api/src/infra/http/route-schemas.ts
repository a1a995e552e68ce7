// What each registered route validates, read from Nest's own metadata: the ZodPipe given to
// @Body, @Query and @Param. /api/docs is built from this (openapi.ts), so the document cannot
// drift from validation, and test/app/api-docs.test.ts holds every route to it.
import type { INestApplicationContext, Type } from '@nestjs/common';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { HTTP_CODE_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import type { z } from 'zod';
import { routeKeysOf, type ControllerClass } from './route-keys.js';
import { RESPONDS_METADATA, type RespondsWith } from './responds.js';
import { ZodPipe } from './zod-body.pipe.js';

export interface RouteSchemas {
  /** `METHOD /path`, as route-roles.ts spells it. */
  key: string;
  /** The handler reads a body (@Body): `body` is its validating schema, absent when none validates it. */
  takesBody: boolean;
  body?: z.ZodType;
  /** A whole-query schema (@Query(new ZodPipe(…))), or single fields (@Query('name', new ZodPipe(…))). */
  query?: z.ZodType;
  queryFields: Record<string, z.ZodType | undefined>;
  params: Record<string, z.ZodType | undefined>;
  responds?: RespondsWith;
  /** The status Nest answers on success (@HttpCode, else 201 for POST and 200 for the rest). */
  status: number;
}

interface ArgMetadata {
  index: number;
  data?: unknown;
  pipes?: unknown[];
}

const zodOf = (pipes: unknown[] | undefined): z.ZodType | undefined =>
  pipes?.find((pipe): pipe is ZodPipe<z.ZodType> => pipe instanceof ZodPipe)?.schema;

export function routeSchemasOf(controller: ControllerClass, name: string): RouteSchemas[] {
  const handler = (controller.prototype as Record<string, object>)[name]!;
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<string, ArgMetadata>;
  const found: Omit<RouteSchemas, 'key' | 'status'> = { takesBody: false, queryFields: {}, params: {}, responds: Reflect.getMetadata(RESPONDS_METADATA, handler) as RespondsWith | undefined };
  for (const [slot, arg] of Object.entries(args)) {
    const type = Number(slot.split(':')[0]);
    const schema = zodOf(arg.pipes);
    const field = typeof arg.data === 'string' ? arg.data : undefined;
    if (type === RouteParamtypes.BODY) {
      found.takesBody = true;
      found.body ??= schema;
    } else if (type === RouteParamtypes.QUERY) {
      if (field) found.queryFields[field] = schema;
      else found.query ??= schema;
    } else if (type === RouteParamtypes.PARAM && field) found.params[field] = schema;
  }
  const code = Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined;
  return routeKeysOf(controller, handler).map((key) => ({ key, ...found, status: code ?? (key.startsWith('POST ') ? 201 : 200) }));
}

/** Every route of every controller the application registered, with what validates it. */
export function registeredRouteSchemas(app: INestApplicationContext): RouteSchemas[] {
  const routes: RouteSchemas[] = [];
  for (const module of app.get(ModulesContainer, { strict: false }).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | undefined;
      if (!controller) continue;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        if (name !== 'constructor' && typeof (controller.prototype as Record<string, unknown>)[name] === 'function') routes.push(...routeSchemasOf(controller, name));
      }
    }
  }
  return routes.sort((a, b) => a.key.localeCompare(b.key));
}
