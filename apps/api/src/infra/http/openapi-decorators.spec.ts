import 'reflect-metadata';
import * as swagger from '@nestjs/swagger';
import { describe, expect, it } from 'vitest';
import { ApiOperation, ApiTags } from './openapi-decorators.js';

/** Two controllers, one decorated with swagger's decorators, one with ours; the metadata read back. */
function metadataOf(decorators: { ApiTags: typeof ApiTags; ApiOperation: typeof ApiOperation }): unknown[] {
  @decorators.ApiTags('passes')
  @decorators.ApiTags('membres')
  class Controller {
    @decorators.ApiOperation({ summary: 'Un membre' })
    one(): void {}

    @decorators.ApiOperation({ summary: 'Tous', description: 'Paginés' })
    @decorators.ApiOperation({ summary: 'remplacé', deprecated: true })
    @decorators.ApiTags('liste')
    all(): void {}

    @decorators.ApiOperation({ description: 'sans résumé', summary: undefined })
    bare(): void {}

    @decorators.ApiOperation({ description: 'résumé vide' })
    described(): void {}
  }
  const keys = ['swagger/apiUseTags', 'swagger/apiOperation'];
  const methods = [Controller.prototype.one, Controller.prototype.all, Controller.prototype.bare, Controller.prototype.described];
  const read = (holder: object) => keys.map((key) => Reflect.getMetadata(key, holder) as unknown);
  return [read(Controller), ...methods.map(read)];
}

describe('the OpenAPI decorators', () => {
  it('leave the very metadata @nestjs/swagger leaves, for its scanner', () => {
    const ours = metadataOf({ ApiTags, ApiOperation });
    expect(ours).toStrictEqual(metadataOf(swagger as unknown as { ApiTags: typeof ApiTags; ApiOperation: typeof ApiOperation }));
    expect(ours[0]).toStrictEqual([['membres', 'passes'], undefined]);
    expect(ours[2]).toEqual([['liste'], { summary: 'Tous', description: 'Paginés', deprecated: true }]);
  });
});
