// The built program runs from its bundle (scripts/build-bundle.mjs): the TUI's
// start loads a few files instead of ~230 modules, and what the modules found
// next to themselves (package.json, the web page, the launcher's supervisor,
// the image decoder's worker) is found as before. Needs `npm run build`.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { LAZY_BUILTINS } from '../eslint/lazy-builtins.js';
import { CLI, ROOT, closedPort, isolatedEnv, runCli, runInPty } from './helpers.js';

const BUNDLE = path.join(ROOT, 'dist', 'bundle');
const RECORD = pathToFileURL(path.join(ROOT, 'test', 'fixtures', 'agent', 'record-modules.mjs'));
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the bundle', () => {
  it('the TUI starts from it: a few of our files and no heavy built-in load before it quits', async () => {
    const { home, env } = isolatedEnv();
    dirs.push(home);
    const log = path.join(mkdtempSync(path.join(os.tmpdir(), 'mrt-bundle-')), 'modules.txt');
    dirs.push(path.dirname(log));
    const port = await closedPort();
    const run = runInPty(
      process.execPath,
      ['--import', RECORD.href, CLI, '--url', `http://127.0.0.1:${port}`],
      { ...env, MRT_MODULE_LOG: log },
    );
    await run.waitFor('\x1b[?2026l', 30_000);
    run.pty.write('\x03');
    expect((await run.exited).exitCode).toBe(0);
    const loaded = readFileSync(log, 'utf8').split('\n');
    // Heavy built-ins are taken where used (process.getBuiltinModule), never
    // imported: an ES import of node:http alone costs ~20 ms (it loads undici).
    expect(loaded.filter((u) => LAZY_BUILTINS.includes(u))).toEqual([]);
    const ours = loaded.filter((u) => u.startsWith(pathToFileURL(path.join(ROOT, 'dist')).href));
    expect(ours).toContain(pathToFileURL(path.join(BUNDLE, 'main.mjs')).href);
    // Everything but cli.js (and the worker-free run loads no supervisor or
    // decoder) comes from the bundle; tsc's modules alone were ~230 files.
    expect(ours.filter((u) => !u.includes('/dist/bundle/'))).toEqual([pathToFileURL(CLI).href]);
    expect(ours.length).toBeLessThan(60);
  }, 60_000);

  it('finds what modules found next to themselves: package.json and the web page', () => {
    const { home, env } = isolatedEnv();
    dirs.push(home);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    const version = runCli(['--version'], env);
    expect(version.stdout.trim()).toBe(pkg.version);
    const doctor = runCli(['doctor', '--url', 'http://127.0.0.1:9'], env);
    expect(doctor.stdout).toMatch(/^ok {4}web: /m);
  });

  it('keeps source maps that lead back to src/', () => {
    const files = readdirSync(BUNDLE, { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.mjs'),
    );
    expect(files.length).toBeGreaterThan(1);
    // Rolldown's runtime chunk (its __exportAll helper) has no source of ours.
    for (const f of files.filter((name) => !/rolldown-runtime-[\w-]+\.mjs$/.test(name))) {
      const code = readFileSync(path.join(BUNDLE, f), 'utf8');
      expect(code).toContain(`//# sourceMappingURL=${path.basename(f)}.map`);
      expect(existsSync(path.join(BUNDLE, `${f}.map`))).toBe(true);
    }
    const map = JSON.parse(readFileSync(path.join(BUNDLE, 'main.mjs.map'), 'utf8')) as {
      sources: string[];
    };
    expect(map.sources).toContain('../../src/main.ts');
  });
});
