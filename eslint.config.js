// npm run lint: typescript-eslint's recommended rules, no unused code, 140-character code lines,
// and the dependency direction of docs (infra imports no feature; front ends and the simulator
// never import the service). .ci/run runs it with zero warnings allowed.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Imports leaving apps/api/src/infra for a feature folder or the app's root, from a file `depth` folders below infra. */
function infraEscapes(depth) {
  const up = '\\.\\./'.repeat(depth + 1);
  return {
    files: [`apps/api/src/infra/${'*/'.repeat(depth)}*.ts`],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: `^${up}(?!infra/|\\.\\./)`, message: 'infra imports no feature: take what it needs as a parameter or a provider (see apps/api/src/entities.ts).' }],
      }],
    },
  };
}

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', 'reports/', 'test-results/', '.stryker-tmp/', 'data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      // For the .js and .mjs scripts (TypeScript checks the .ts files' names itself).
      globals: Object.fromEntries(['console', 'process', 'Buffer', 'URL', 'fetch', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'].map((name) => [name, 'readonly'])),
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      'max-len': ['error', { code: 140, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreUrls: true, ignoreComments: true, ignoreRegExpLiterals: true }],
      // Refusing control characters is what the validation regexes are for (device fields, topics, tags).
      'no-control-regex': 'off',
    },
  },
  {
    // Tests read answers as loosely typed JSON and assert on their shape.
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // TypeScript itself reports undefined names, with the DOM and Node types each project declares.
    files: ['**/*.ts'],
    rules: { 'no-undef': 'off' },
  },
  ...[0, 1, 2, 3].map(infraEscapes),
  {
    files: ['apps/wall/**/*.ts', 'apps/dashboard/**/*.ts', 'firmware-sim/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '(^|/)(apps/)?api/src/', message: 'front ends and firmware-sim import libs/protocol and libs/domain, never the service.' }],
      }],
    },
  },
);
