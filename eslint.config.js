import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import layers from './eslint/layers.js';

/** Files only tests use: left out of the build, importable from tests only. */
const TEST_SUPPORT = [
  '**/*.test.ts',
  'src/**/testing.ts',
  'src/**/*-testing.ts',
  'src/tui/testing/**',
];

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
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)([\\w.-]+-)?testing(\\.js|/.*)$',
              message: 'Test support (testing.ts, *-testing.ts, tui/testing/) is for tests only.',
            },
          ],
        },
      ],
    },
  },
);
