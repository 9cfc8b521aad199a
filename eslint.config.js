import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import layers from './eslint/layers.js';
import { LAZY_BUILTINS } from './eslint/lazy-builtins.js';

/** Files only tests use: left out of the build, importable from tests only. */
const TEST_SUPPORT = [
  '**/*.test.ts',
  'src/**/testing.ts',
  'src/**/*-testing.ts',
  'src/tui/testing/**',
];

const TEST_SUPPORT_IMPORT = {
  regex: '(^|/)([\\w.-]+-)?testing(\\.js|/.*)$',
  message: 'Test support (testing.ts, *-testing.ts, tui/testing/) is for tests only.',
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.js', 'eslint/*.js', 'scripts/*.mjs'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { layers },
    rules: {
      'layers/import-direction': 'error',
      'layers/app-floors': 'error',
      'no-console': 'error',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      // `import { type X }` keeps a bare `import {}` in the output, which still
      // loads the module at start-up; `import type` is erased.
      '@typescript-eslint/no-import-type-side-effects': 'error',
    },
  },
  {
    // Command-line output and scripts legitimately write to the console.
    files: ['src/cli/**', 'src/cli.ts', 'bench/**', 'scripts/**', 'test/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Plain JS files run on Node; TypeScript already checks names in .ts files.
    files: ['**/*.js', '**/*.mjs'],
    rules: { 'no-undef': 'off' },
  },
  {
    files: ['**/*.test.ts', 'test/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // Test fixtures stay out of dist/ (tsconfig.build.json excludes them), which
    // holds only while no shipped module imports one: tsc would compile it back in.
    files: ['src/**/*.ts'],
    ignores: TEST_SUPPORT,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          // Importing these as ES modules loads them (and, for node:http, undici
          // through its lazy getters: ~20 ms) at start-up, whether or not the
          // run uses them. Take them where they are used:
          // `process.getBuiltinModule('node:zlib').deflateSync(...)`.
          paths: LAZY_BUILTINS.map((name) => ({
            name,
            allowTypeImports: true,
            message: `Load ${name} where it is used, with process.getBuiltinModule('${name}'): an import loads it on every start.`,
          })),
          patterns: [TEST_SUPPORT_IMPORT],
        },
      ],
    },
  },
  {
    // A worker's or the supervisor's entry module starts its own thread or
    // process for exactly what it imports.
    files: ['src/**/*-worker.ts', 'src/services/launcher/supervisor.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [TEST_SUPPORT_IMPORT] }],
    },
  },
);
