// @ApiTags and @ApiOperation as @nestjs/swagger defines them, without loading it: its index pulls in
// ~530 modules (es-toolkit's alone, ~430; 4.3 MB of heap, 11.5 MB of RSS when imported alone) into
// every start, for a document only built when someone opens /api/docs (api-docs.ts). Same metadata keys and merging as swagger 12's
// (decorators/helpers.js), so its scanner reads them as its own; openapi-decorators.spec.ts checks it.
import 'reflect-metadata';

const API_TAGS = 'swagger/apiUseTags';
const API_OPERATION = 'swagger/apiOperation';

export interface ApiOperationOptions {
  summary?: string;
  description?: string;
  deprecated?: boolean;
  operationId?: string;
}

/** The operations' group in /api/docs: on a controller, or on one of its methods. */
export function ApiTags(...tags: string[]): ClassDecorator & MethodDecorator {
  return ((target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const holder = (descriptor?.value ?? target) as object;
    const previous = (Reflect.getMetadata(API_TAGS, holder) as string[] | undefined) ?? [];
    Reflect.defineMetadata(API_TAGS, [...previous, ...tags], holder);
    return descriptor ?? target;
  }) as ClassDecorator & MethodDecorator;
}

/** An operation's summary and description in /api/docs. */
export function ApiOperation(options: ApiOperationOptions): MethodDecorator {
  const defined = Object.fromEntries(Object.entries({ summary: '', ...options }).filter(([, value]) => value !== undefined));
  return (_target, _key, descriptor) => {
    const holder = descriptor.value as object;
    const previous = Reflect.getMetadata(API_OPERATION, holder) as object | undefined;
    Reflect.defineMetadata(API_OPERATION, { ...previous, ...defined }, holder);
    return descriptor;
  };
}
