// The `METHOD /path` key of a Nest route, as auth/route-roles.ts spells it, and the list of every
// route the application registered (for the table test and the start-up check).
import { RequestMethod, type INestApplicationContext, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';

const paths = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : [String(value ?? '')]);
const join = (...parts: string[]) => `/${parts.flatMap((part) => part.split('/')).filter(Boolean).join('/')}`;

/** A controller class, as Nest keys its routes' metadata (a Type, or the bare class ModulesContainer holds). */
export type ControllerClass = { prototype: object };

/** Every key a handler answers to (a handler or controller may declare several paths). */
export function routeKeysOf(controller: ControllerClass, handler: object): string[] {
  const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
  if (method === undefined) return [];
  const verb = RequestMethod[method];
  return paths(Reflect.getMetadata(PATH_METADATA, controller)).flatMap((base) =>
    paths(Reflect.getMetadata(PATH_METADATA, handler)).map((path) => `${verb} ${join(base, path)}`),
  );
}

/** Every route of every controller the application registered. */
export function registeredRouteKeys(app: INestApplicationContext): string[] {
  const keys = new Set<string>();
  for (const module of app.get(ModulesContainer, { strict: false }).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | undefined;
      if (!controller) continue;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (name !== 'constructor' && typeof handler === 'function') routeKeysOf(controller, handler).forEach((key) => keys.add(key));
      }
    }
  }
  return [...keys].sort();
}
