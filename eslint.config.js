// One lint config: TypeScript rules, and the arrows of the layout (DESIGN.md, docs/ARCHITECTURE.md):
// app → sync → db → domain, sw → sync → db → domain, server → domain (and demo), never back. The
// domain imports no I/O of any kind. The arrows hold for static imports, re-exports and dynamic
// import() alike: a lazy chunk is still a dependency.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** A glob of no-restricted-imports ('**' any folders, '*' within one name) as a regular expression. */
function globToRegExp(glob) {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    if (glob.startsWith('**/', i)) {
      out += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      out += '.*';
      i += 1;
    } else if (glob[i] === '*') out += '[^/]*';
    else out += glob[i].replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** no-restricted-imports for import(): same patterns, same message. */
const layers = {
  rules: {
    'no-restricted-dynamic-import': {
      meta: { type: 'problem', schema: false },
      create(context) {
        const [{ patterns = [], message = '' } = {}] = context.options;
        const forbidden = patterns.map(globToRegExp);
        return {
          ImportExpression(node) {
            const source = node.source;
            const value =
              source.type === 'Literal'
                ? source.value
                : source.type === 'TemplateLiteral' && source.expressions.length === 0
                  ? source.quasis[0].value.cooked
                  : null;
            if (typeof value === 'string' && forbidden.some((r) => r.test(value)))
              context.report({ node, message: `'${value}' import is restricted. ${message}` });
          },
        };
      },
    },
  },
};

/** What pure code (the domain, the demo generator) may not import: any I/O, any other room. */
const PURE = [
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
];

const layer = (files, forbidden, why) => ({
  files,
  plugins: { layers },
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: forbidden.map((group) => ({ group: [group], message: why })) },
    ],
    'layers/no-restricted-dynamic-import': ['error', { patterns: forbidden, message: why }],
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
    [...PURE, '**/demo/**'],
    'src/domain is pure: schemas and rules, no I/O, no DOM, no storage.',
  ),
  layer(
    ['src/db/**'],
    ['preact', 'preact/*', 'preact-iso', '**/app/**', '**/sync/**', '**/server/**', '**/sw/**', '**/demo/**'],
    'src/db may use only src/domain.',
  ),
  layer(
    ['src/sync/**'],
    ['preact', 'preact/*', 'preact-iso', '**/app/**', '**/server/**', '**/sw/**', '**/demo/**'],
    'src/sync may use src/db and src/domain.',
  ),
  layer(
    ['src/server/**'],
    ['dexie', 'preact', 'preact/*', '**/app/**', '**/db/**', '**/sync/**', '**/sw/**'],
    'the server shares only src/domain with the phone.',
  ),
  layer(
    ['src/app/**'],
    ['**/server/**', '**/sw/**', '**/demo/**', 'node:*'],
    'the app never imports the server, the service worker or the demo generator (it would ship them).',
  ),
  layer(
    ['src/sw/**'],
    ['preact', 'preact/*', 'preact-iso', '**/app/**', '**/server/**', '**/demo/**', 'node:*'],
    'the service worker may use src/sync, src/db and src/domain: no screens, no server.',
  ),
  layer(
    ['src/demo/**'],
    PURE,
    'src/demo generates records from src/domain alone: no I/O, so the server and benches can share it.',
  ),
);
