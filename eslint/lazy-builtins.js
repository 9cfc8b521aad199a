// Node built-ins the start-up path must not load: src/ takes them with
// process.getBuiltinModule where they are used (eslint.config.js refuses a
// value import of them), the bundle makes a bundled package's import of one
// lazy (scripts/build-bundle.mjs), and test/bundle.test.ts checks a TUI run
// imports none. docs/decisions.md says what each costs.
export const LAZY_BUILTINS = [
  'node:child_process',
  'node:crypto',
  'node:http',
  'node:https',
  'node:readline',
  'node:worker_threads',
  'node:zlib',
];
