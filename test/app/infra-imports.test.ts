// Dependency direction ("infra imports no feature"): apps/api/src/infra is shared by every
// feature, so it may import libs, packages, test support and itself, never a feature folder nor the
// application's root (app.module.ts, entities.ts), which assemble the features.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const src = path.resolve('apps/api/src');
const infra = path.join(src, 'infra');

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Relative specifiers of static imports and re-exports, dynamic imports and vi.mock calls. */
function relativeImports(source: string): string[] {
  const found = source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\bvi\.mock\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g);
  return [...found].map((match) => match[1]!);
}

/** Where an import outside infra lands, relative to apps/api/src; undefined when it is allowed. */
function featureImported(file: string, specifier: string): string | undefined {
  const target = path.resolve(path.dirname(file), specifier);
  const insideSrc = target.startsWith(src + path.sep);
  const insideInfra = target === infra || target.startsWith(infra + path.sep);
  return insideSrc && !insideInfra ? path.relative(src, target) : undefined;
}

describe('apps/api/src/infra', () => {
  it('finds the imports it checks', () => {
    const sample = `import { a } from '../../access/a.js';\nexport * from './b.js';\nconst c = await import('../c.js');\nimport './d.js';`;
    expect(relativeImports(sample)).toEqual(['../../access/a.js', './b.js', '../c.js', './d.js']);
    expect(featureImported(path.join(infra, 'database/x.ts'), '../../access/a.js')).toBe('access/a.js');
    expect(featureImported(path.join(infra, 'database/x.ts'), '../../entities.js')).toBe('entities.js');
    expect(featureImported(path.join(infra, 'database/x.ts'), '../config/app-config.js')).toBeUndefined();
    expect(featureImported(path.join(infra, 'database/x.ts'), '../../../../../libs/domain/src/index.js')).toBeUndefined();
  });

  it('imports no feature', () => {
    const violations = tsFiles(infra).flatMap((file) =>
      relativeImports(fs.readFileSync(file, 'utf8'))
        .map((specifier) => featureImported(file, specifier))
        .filter((target) => target !== undefined)
        .map((target) => `${path.relative(src, file)} -> ${target}`),
    );
    expect(violations).toEqual([]);
  });
});
