// The release artifacts (issue 21 item 18): a LICENSE matching package.json,
// a CHANGELOG with this version, and the `npm pack` tarball installed with
// `npm install -g` into a fresh prefix, run as a user would: `--version`,
// `doctor`, and the TUI opening in a pseudo-terminal — with only the runtime
// dependencies installed.
//
// Network: the tarball is made from this checkout (`npm pack`, no rebuild:
// the tests run after `npm run build`), and its dependencies come from npm's
// own cache first (`--prefer-offline`), then from the registry npm is
// configured with — on a machine whose cache holds them (any machine that ran
// `npm install` here, or this test once) nothing goes to the network; a fresh
// CI runner fetches them as `npm install` does.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, closedPort, isolatedEnv, runInPty } from './helpers.js';

interface Pkg {
  name: string;
  version: string;
  license: string;
  bin: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Pkg;
const WINDOWS = process.platform === 'win32';
const NPM = WINDOWS ? 'npm.cmd' : 'npm';

const work = mkdtempSync(path.join(os.tmpdir(), 'mrt-release-'));
const prefix = path.join(work, 'prefix');
/** Where `npm install -g --prefix` puts packages and their command shims. */
const installed = path.join(prefix, ...(WINDOWS ? [] : ['lib']), 'node_modules', pkg.name);
const bin = path.join(prefix, ...(WINDOWS ? ['mistralrs-tui.cmd'] : ['bin', 'mistralrs-tui']));
let tarball = '';
let files: string[] = [];

function npm(args: string[], timeout = 300_000): string {
  const r = spawnSync(NPM, args, {
    cwd: work,
    encoding: 'utf8',
    timeout,
    shell: WINDOWS,
    env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false' },
  });
  if (r.status !== 0) {
    throw new Error(`npm ${args.join(' ')} exited ${String(r.status)}:\n${r.stderr}\n${r.stdout}`);
  }
  return r.stdout;
}

beforeAll(() => {
  // --ignore-scripts: no prepack build; the tarball packs this checkout's dist/.
  const [packed] = JSON.parse(
    npm(['pack', ROOT, '--json', '--ignore-scripts', '--pack-destination', work]),
  ) as [{ filename: string; files: { path: string }[] }];
  tarball = path.join(work, packed.filename);
  files = packed.files.map((f) => f.path);
  npm(['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', tarball]);
}, 600_000);
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('release artifacts', () => {
  it('has a LICENSE matching package.json and a CHANGELOG entry for this version', () => {
    expect(pkg.license).toBe('MIT');
    const license = readFileSync(path.join(ROOT, 'LICENSE'), 'utf8');
    expect(license.split('\n')[0]).toBe('MIT License');
    expect(license).toContain('Permission is hereby granted, free of charge');
    const changelog = readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8');
    expect(changelog).toMatch(new RegExp(`^## ${pkg.version.replaceAll('.', '\\.')}$`, 'm'));
  });

  it('packs what runs, and nothing of the sources or the build state', () => {
    expect(existsSync(tarball)).toBe(true);
    for (const f of [
      'package.json',
      'LICENSE',
      'CHANGELOG.md',
      'README.md',
      pkg.bin['mistralrs-tui'],
      'dist/bundle/main.mjs',
      'dist/bundle/main.mjs.map',
      'dist/services/launcher/supervisor.js',
      'dist/web/app.js',
      'examples/config.toml',
    ]) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => /^(src|test|bench|scripts)\//.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.tsbuildinfo') || f.endsWith('.d.ts'))).toEqual([]);
  });

  it('installs with npm install -g and only the runtime dependencies', () => {
    expect(existsSync(bin)).toBe(true);
    const deps = readdirSync(path.join(installed, 'node_modules'));
    for (const d of Object.keys(pkg.dependencies)) expect(deps).toContain(d.split('/')[0]);
    const dev = Object.keys(pkg.devDependencies).filter(
      (d) => !(d in pkg.dependencies) && existsSync(path.join(installed, 'node_modules', d)),
    );
    expect(dev).toEqual([]);
  });

  it('runs: --version and doctor', () => {
    const { home, env } = isolatedEnv();
    const run = (args: string[]) =>
      spawnSync(bin, args, { env, encoding: 'utf8', timeout: 60_000, shell: WINDOWS, cwd: home });
    const version = run(['--version']);
    expect(version.stderr).toBe('');
    expect(version.stdout.trim()).toBe(pkg.version);
    const doctor = run(['doctor', '--url', 'http://127.0.0.1:9']);
    // Nothing listens on port 9, so doctor fails that check, with its fix, and exits 1.
    expect(doctor.stdout).toMatch(/^FAIL {2}backend .*connection refused/m);
    expect(doctor.stdout).toMatch(/^ok {4}web: /m);
    expect(doctor.stderr).toBe('');
    expect(doctor.status).toBe(1);
    rmSync(home, { recursive: true, force: true });
  }, 120_000);

  it('runs: the TUI opens and quits', async () => {
    const { home, env } = isolatedEnv();
    const port = await closedPort();
    const [file, args] = WINDOWS
      ? ['cmd.exe', ['/c', bin, '--url', `http://127.0.0.1:${port}`]]
      : [bin, ['--url', `http://127.0.0.1:${port}`]];
    const run = runInPty(file, args, env, { cols: 100, rows: 30 });
    await run.waitFor('\x1b[?2026l', 30_000);
    await run.waitFor('No server answers', 30_000);
    run.pty.write('\x03');
    expect((await run.exited).exitCode).toBe(0);
    rmSync(home, { recursive: true, force: true });
  }, 120_000);
});
