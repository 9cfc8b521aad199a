// The built binary, run as a user would: exit codes, messages, files written.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, closedPort, isolatedEnv, ROOT, runCli } from './helpers.js';

const example = path.join(ROOT, 'examples', 'config.toml');

describe('mistralrs-tui (built binary)', () => {
  it('prints the version and help', () => {
    const { env } = isolatedEnv();
    const version = runCli(['--version'], env);
    expect(version.code).toBe(0);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(version.stdout.trim()).toBe(pkg.version);
    const help = runCli(['--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--dry-run');
  });

  it('exits 2 with a one-line reason and a hint on a usage error', () => {
    const { env } = isolatedEnv();
    const r = runCli(['--frobnicate'], env);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      "mistralrs-tui: unknown option '--frobnicate'\nTry 'mistralrs-tui --help' for the options.\n",
    );
  });

  it('exits 2 for an unknown backend profile, naming the nearest one', () => {
    const { env } = isolatedEnv();
    const r = runCli(['--config', example, '--backend', 'lcoal', '--dry-run'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      '--backend: there is no backend profile named "lcoal". Did you mean "local"?',
    );
  });
});

describe('--dry-run', () => {
  it('passes with the example config, warning about unreachable backends', async () => {
    const { home, env } = isolatedEnv({ LLAMACPP_API_KEY: 'sk-llama-secret' });
    const db = path.join(home, 'db', 'sessions.db');
    const port = await closedPort();
    // The example's llama.cpp profile points at 8080; aim it at a closed port too.
    const config = path.join(home, 'example.toml');
    writeFileSync(
      config,
      readFileSync(example, 'utf8').replace('127.0.0.1:8080', `127.0.0.1:${port}`),
    );
    mkdirSync(path.join(home, 'models')); // the example scans ~/models
    const r = runCli(
      ['--dry-run', '--config', config, '--database', db, '--url', `http://127.0.0.1:${port}`],
      env,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Config     ok  ${config}`);
    expect(r.stdout).toContain(`sqlite ${db}`);
    expect(r.stdout).toContain(
      `connection refused at http://127.0.0.1:${port} — is mistralrs serve running on port ${port}?`,
    );
    // local and llamacpp are unreachable and this home has no node-llama-cpp; LLAMACPP_API_KEY
    // is set, so no warning for it.
    expect(r.stdout).toContain('node-llama-cpp is not installed — run scripts/install-embedded.sh');
    expect(r.stdout).toContain('Result: ready (3 warnings)');
    expect(r.stdout).not.toContain('sk-llama-secret');
    expect(existsSync(db)).toBe(false);
  });

  it('prints one JSON object with --json', () => {
    const { home, env } = isolatedEnv();
    const r = runCli(
      ['--dry-run', '--json', '--config', example, '--database', path.join(home, 's.db')],
      env,
    );
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as {
      ok: boolean;
      config: { status: string };
      backends: { name: string; status: string; selected: boolean }[];
      inventory: { status: string };
      database: { status: string; kind: string };
    };
    expect(report.ok).toBe(true);
    expect(report.config.status).toBe('ok');
    expect(report.database).toMatchObject({ status: 'ok', kind: 'sqlite' });
    // The example scans ~/models, which this fresh home lacks: a warning, not a failure.
    expect(report.inventory.status).toBe('warning');
    expect(report.backends.map((b) => [b.name, b.selected])).toEqual([
      ['local', true],
      ['llamacpp', false],
      ['embedded', false],
    ]);
    // This fresh home has no node-llama-cpp: the embedded profile says how to install it.
    expect(report.backends.find((b) => b.name === 'embedded')).toMatchObject({
      status: 'error',
      message: 'node-llama-cpp is not installed — run scripts/install-embedded.sh',
    });
  });

  const broken: [string, string, RegExp][] = [
    [
      'unknown key',
      '[ui]\ntheme = "dark"\nmouce = true\n',
      /:3:1: unknown key "ui\.mouce"\. Did you mean "ui\.mouse"\?/,
    ],
    [
      'wrong type',
      '[logging]\nmax_files = "three"\n',
      /:2:13: logging\.max_files must be an integer from 1 to 20, but it is the string "three"\./,
    ],
    ['invalid TOML', '[ui\ntheme = 1\n', /:1:\d+: invalid TOML: /],
  ];
  for (const [name, text, expected] of broken) {
    it(`fails with a precise error for a config with a ${name}`, () => {
      const { home, env } = isolatedEnv();
      const file = path.join(home, 'broken.toml');
      writeFileSync(file, text);
      const r = runCli(['--dry-run', '--config', file, '--database', path.join(home, 's.db')], env);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(expected);
      expect(r.stdout).toContain(file);
      expect(r.stdout).toContain('not ready');
      expect(readFileSync(file, 'utf8')).toBe(text);
      const json = runCli(['--dry-run', '--json', '--config', file], env);
      expect(json.code).toBe(1);
      expect(
        (JSON.parse(json.stdout) as { config: { errors: string[] } }).config.errors[0],
      ).toMatch(expected);
    });
  }

  it('names a broken default config file as the file in error, not "no file; defaults apply"', () => {
    const { home, env } = isolatedEnv();
    const file = path.join(home, '.config', 'mistralrs-tui', 'config.toml');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '[ui]\ntheme = 12\n[backends.x]\nkind = "openai"\nurl = "http://a:1\n');
    const r = runCli(['--dry-run', '--database', path.join(home, 's.db')], env);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('defaults apply');
    expect(r.stdout).toMatch(/Config\s+error\s+\S*config\.toml\n/);
    expect(r.stdout).toContain('config.toml:5:7: invalid TOML: unterminated string');
    const json = JSON.parse(runCli(['--dry-run', '--json'], env).stdout) as {
      config: { loaded: boolean; path: string };
    };
    expect(json.config).toMatchObject({ loaded: true, path: file });
  });

  it('fails when --database is not a database', () => {
    const { home, env } = isolatedEnv();
    const file = path.join(home, 'notes.txt');
    writeFileSync(file, 'just some notes\n');
    const r = runCli(['--dry-run', '--database', file], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${file} is not a SQLite database`);
    expect(readFileSync(file, 'utf8')).toBe('just some notes\n');
  });
});

describe('config subcommands', () => {
  it('init writes a commented config, refuses to overwrite it, and --force replaces it', () => {
    const { home, env } = isolatedEnv();
    const file = path.join(home, '.config', 'mistralrs-tui', 'config.toml');
    const first = runCli(['config', 'init'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(file);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^# mistralrs-tui configuration\./);

    writeFileSync(file, `${text}\n# my edit\n`);
    const second = runCli(['config', 'init'], env);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('already exists; nothing was written');
    expect(readFileSync(file, 'utf8')).toContain('# my edit');

    expect(runCli(['config', 'init', '--force'], env).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(runCli(['config', 'check'], env)).toMatchObject({ code: 0, stdout: `${file}: ok\n` });
  });

  it('show prints the effective config with secrets redacted', () => {
    const { home, env } = isolatedEnv();
    const file = path.join(home, 'c.toml');
    writeFileSync(
      file,
      '[backends.remote]\nurl = "http://127.0.0.1:7"\napi_key = "sk-very-secret"\n',
    );
    const r = runCli(
      ['config', 'show', '--config', file, '--database', 'postgres://me:pw-secret@127.0.0.1/db'],
      env,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('sk-very-secret');
    expect(r.stdout).not.toContain('pw-secret');
    expect(r.stdout).toContain('api_key = "<redacted>"');
    expect(r.stdout).toContain('postgres://me:<redacted>@127.0.0.1/db');
    const json = JSON.parse(runCli(['config', 'show', '--json', '--config', file], env).stdout) as {
      default_backend: string;
      backends: Record<string, { api_key: string }>;
    };
    expect(json.default_backend).toBe('remote');
    expect(json.backends.remote?.api_key).toBe('<redacted>');
  });

  it('path follows XDG variables and flags', () => {
    const { home, env } = isolatedEnv();
    const xdg = path.join(home, 'xdg');
    mkdirSync(xdg);
    const r = runCli(['config', 'path', '--json', '--state-dir', path.join(home, 'st')], {
      ...env,
      XDG_CONFIG_HOME: xdg,
    });
    const report = JSON.parse(r.stdout) as { config: string; log: string; database: string };
    expect(report.config).toBe(path.join(xdg, 'mistralrs-tui', 'config.toml'));
    expect(report.log).toBe(path.join(home, 'st', 'mistralrs-tui.log'));
    expect(report.database).toBe(
      path.join(home, '.local', 'share', 'mistralrs-tui', 'sessions.db'),
    );
  });

  it('check exits 1 on a broken file', () => {
    const { home, env } = isolatedEnv();
    const file = path.join(home, 'c.toml');
    writeFileSync(file, 'default_backend = "nope"\n');
    const r = runCli(['config', 'check', '--config', file], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('default_backend: there is no backend profile named "nope".');
  });
});

describe('the TUI outside a terminal', () => {
  it('explains instead of drawing when output is not a terminal', () => {
    const { env } = isolatedEnv();
    const r = runCli([], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('needs an interactive terminal');
    // Named once (issue 21, item 14d: it read "mistralrs-tui: mistralrs-tui needs").
    expect(r.stderr).not.toContain('mistralrs-tui: mistralrs-tui');
    expect(r.stdout).toBe('');
  });
});

describe('a reader that closes the pipe early', () => {
  it('ends the command quietly (no EPIPE stack trace)', async () => {
    const { env } = isolatedEnv();
    const child = spawn(process.execPath, [CLI, 'config', 'init', '--stdout'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Closed before the command writes, as `| head -0` would.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
