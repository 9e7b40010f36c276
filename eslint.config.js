// One lint configuration for the whole workspace. Every package runs `eslint .` as its
// own turbo task (cached per package), and the root task lints e2e/ and the root configs.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { boundaries } from './tooling/eslint/boundaries.js';

/** Files allowed to read process.env: the entry points and env modules, tests, bench and configs. */
const envReaders = [
  'packages/cli/src/env.ts',
  'packages/cli/src/main.ts',
  'apps/server/src/env.ts',
  'apps/server/src/main.ts',
  'apps/server/scripts/start.ts',
  'packages/clock/src/**',
  'packages/db/src/testing.ts',
  'bench/**',
  'e2e/**',
  '**/test/**',
  '**/*.test.ts',
  '**/*.test.tsx',
  '**/*.config.ts',
  '**/*.config.js',
];

/** Our packages, for the arrows between them. */
const ours = ['@caseload/*'];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.data/**',
      '**/.turbo/**',
      '**/test-results/**',
      '**/playwright-report/**',
      '**/.bench/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.config.ts', '*.config.js'] } },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { local: { rules: { boundaries } } },
    rules: {
      // Type-aware: a promise nobody awaits loses its error (an import half done, a 500 never sent).
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // Non-null assertions and `any` are used deliberately at checked boundaries (parsed rows, SQL results).
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read the environment in an env module or entry point (cli/src/env.ts, server/src/env.ts) and pass values in.',
        },
      ],
      'local/boundaries': 'error',
    },
  },
  {
    files: envReaders,
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  // The arrows between packages: metrics and values are leaves (no package of ours), the
  // clock uses only values; db knows the row contract (metrics) but never the API above it.
  {
    files: ['packages/metrics/src/**', 'packages/values/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ours, message: 'This package is a leaf: it imports no package of ours.' }] },
      ],
    },
  },
  {
    files: ['packages/clock/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: [...ours, '!@caseload/values'], message: 'The clock imports only the value rules (@caseload/values).' }] },
      ],
    },
  },
  {
    files: ['packages/db/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@caseload/api', '@caseload/api/*', '@caseload/cli', '@caseload/server', '@caseload/report', '@caseload/importer'],
              message: 'The database layer sits below the API, importer, report and CLI: it never imports them.',
            },
          ],
        },
      ],
    },
  },
);
