// One lint config: TypeScript rules, and the arrows of the layout (DESIGN.md): app → sync → db →
// domain, server → domain, never back. The domain imports no I/O of any kind.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layer = (files, forbidden, why) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: forbidden.map((group) => ({ group: [group], message: why })) },
    ],
  },
});

export default tseslint.config(
  {
    ignores: ['dist/', 'node_modules/', 'reports/', 'data/', '.bench-profile/', '.bench-build/', '.scratch/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  layer(
    ['src/domain/**'],
    [
      'dexie',
      'preact',
      'preact/*',
      'preact-iso',
      'idb-keyval',
      'workbox-*',
      'node:*',
      '**/db/**',
      '**/app/**',
      '**/sync/**',
      '**/server/**',
      '**/sw/**',
    ],
    'src/domain is pure: schemas and rules, no I/O, no DOM, no storage.',
  ),
  layer(
    ['src/db/**'],
    ['preact', 'preact/*', 'preact-iso', '**/app/**', '**/sync/**', '**/server/**', '**/sw/**'],
    'src/db may use only src/domain.',
  ),
  layer(
    ['src/sync/**'],
    ['preact', 'preact/*', '**/app/**', '**/server/**'],
    'src/sync may use src/db and src/domain.',
  ),
  layer(
    ['src/server/**'],
    ['dexie', 'preact', 'preact/*', '**/app/**', '**/db/**', '**/sync/**', '**/sw/**'],
    'the server shares only src/domain with the phone.',
  ),
  layer(['src/app/**'], ['**/server/**'], 'the app never imports the server.'),
);
