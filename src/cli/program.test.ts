import { describe, expect, it } from 'vitest';
import { helpText, parseCommandLine, type Intent } from './program.js';

function parse(...argv: string[]): { intent: Intent; out: string } {
  let out = '';
  const intent = parseCommandLine(argv, (t) => (out += t));
  return { intent, out };
}

describe('parseCommandLine', () => {
  it('opens the TUI by default, with mouse on', () => {
    expect(parse().intent).toEqual({ kind: 'tui', global: { mouse: true } });
    expect(parse('--agent').intent).toEqual({ kind: 'tui', global: { mouse: true, agent: true } });
  });

  it('collects the global options', () => {
    const { intent } = parse(
      '--config',
      'c.toml',
      '-d',
      'postgres://u@h/db',
      '--url',
      'http://127.0.0.1:9',
      '-b',
      'gpu',
      '-m',
      'qwen',
      '--log-level',
      'debug',
      '--log-file',
      'l.log',
      '--no-mouse',
      '--data-dir',
      '/d',
    );
    expect(intent).toEqual({
      kind: 'tui',
      global: {
        config: 'c.toml',
        database: 'postgres://u@h/db',
        url: 'http://127.0.0.1:9',
        backend: 'gpu',
        model: 'qwen',
        logLevel: 'debug',
        logFile: 'l.log',
        mouse: false,
        dataDir: '/d',
      },
    });
  });

  it('recognises the dry run, with and without --json', () => {
    expect(parse('--dry-run').intent).toMatchObject({ kind: 'dry-run', json: false });
    expect(parse('--dry-run', '--json', '--config', 'x').intent).toMatchObject({
      kind: 'dry-run',
      json: true,
      global: { config: 'x' },
    });
  });

  it('routes config subcommands and sees global options written after them', () => {
    expect(parse('config', 'init', '--force').intent).toMatchObject({
      kind: 'config-init',
      force: true,
      stdout: false,
    });
    expect(parse('config', 'show', '--json', '--config', 'x.toml').intent).toMatchObject({
      kind: 'config-show',
      json: true,
      global: { config: 'x.toml' },
    });
    expect(parse('config', 'path').intent).toMatchObject({ kind: 'config-path', json: false });
    expect(parse('--url', 'http://x', 'config', 'check').intent).toMatchObject({
      kind: 'config-check',
      global: { url: 'http://x' },
    });
  });

  it('takes --dir on models, models show and export-inventory, before or after the subcommand', () => {
    expect(parse('models', '--dir', 'a', '--dir', 'b').intent).toMatchObject({
      kind: 'models-list',
      dirs: ['a', 'b'],
    });
    expect(parse('models', 'show', 'x', '--dir', 'a').intent).toMatchObject({
      kind: 'models-show',
      id: 'x',
      dirs: ['a'],
    });
    expect(parse('models', '--dir', 'a', 'show', '--dir', 'b', 'x').intent).toMatchObject({
      kind: 'models-show',
      id: 'x',
      dirs: ['a', 'b'],
    });
    expect(parse('models', 'export-inventory', 'f.json', '--dir', 'a').intent).toMatchObject({
      kind: 'models-export',
      dirs: ['a'],
    });
    expect(helpText(['models', 'show'])).toContain('--dir <path>');
    expect(helpText(['models', 'export-inventory'])).toContain('--dir <path>');
  });

  it('reports usage errors in one line', () => {
    expect(parse('--bogus').intent).toEqual({
      kind: 'usage-error',
      message: "unknown option '--bogus'",
    });
    expect(parse('--log-level', 'loud').intent).toMatchObject({ kind: 'usage-error' });
    expect(parse('--url').intent).toEqual({
      kind: 'usage-error',
      message: "option '-u, --url <url>' argument missing",
    });
    expect(parse('frobnicate').intent).toMatchObject({ kind: 'usage-error' });
    expect(parse('--json').intent).toEqual({
      kind: 'usage-error',
      message: '--json works only with --dry-run or a subcommand',
    });
  });

  it('prints help and the version without doing anything else', () => {
    const help = parse('--help');
    expect(help.intent).toEqual({ kind: 'printed', code: 0 });
    expect(help.out).toContain('Usage: mistralrs-tui [options] [command]');
    const version = parse('--version');
    expect(version.intent).toEqual({ kind: 'printed', code: 0 });
    expect(version.out).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('has help for the config group listing every subcommand', () => {
    const text = helpText(['config']);
    for (const sub of ['init', 'show', 'path', 'check']) expect(text).toContain(`  ${sub}`);
  });
});

/** The intent alone, help text dropped. */
const intentOf = (argv: string[]) => parseCommandLine(argv, () => undefined);

describe('models command line', () => {
  it('parses models with its flags and repeated --dir', () => {
    expect(intentOf(['models', '--json', '--refresh', '--dir', 'a', '--dir', 'b'])).toMatchObject({
      kind: 'models-list',
      json: true,
      refresh: true,
      checksum: false,
      dirs: ['a', 'b'],
    });
    expect(intentOf(['models'])).toMatchObject({ kind: 'models-list', json: false, dirs: [] });
  });

  it('parses show and export-inventory', () => {
    expect(intentOf(['models', 'show', 'org/x', '--json'])).toMatchObject({
      kind: 'models-show',
      id: 'org/x',
      json: true,
    });
    expect(intentOf(['models', 'export-inventory'])).toMatchObject({
      kind: 'models-export',
      force: false,
    });
    expect(intentOf(['models', 'export-inventory', 'inv.json', '--force'])).toMatchObject({
      kind: 'models-export',
      path: 'inv.json',
      force: true,
    });
    expect(intentOf(['models', 'show'])).toMatchObject({ kind: 'usage-error' });
  });
});

describe('web', () => {
  it('listens on loopback on any free port by default', () => {
    expect(parse('web').intent).toEqual({
      kind: 'web',
      global: { mouse: true },
      host: '127.0.0.1',
      port: 0,
      open: false,
    });
  });

  it('takes a host, a port, --open, TLS files and the global options', () => {
    expect(
      parse(
        '--url',
        'http://127.0.0.1:9',
        'web',
        '--host',
        '0.0.0.0',
        '--port',
        '8800',
        '--open',
        '--tls-cert',
        'c.pem',
        '--tls-key',
        'k.pem',
      ).intent,
    ).toEqual({
      kind: 'web',
      global: { mouse: true, url: 'http://127.0.0.1:9' },
      host: '0.0.0.0',
      port: 8800,
      open: true,
      tlsCert: 'c.pem',
      tlsKey: 'k.pem',
    });
  });

  it('refuses a bad port and a certificate without its key', () => {
    expect(parse('web', '--port', '70000').intent.kind).toBe('usage-error');
    expect(parse('web', '--port', 'x').intent.kind).toBe('usage-error');
    expect(parse('web', '--tls-cert', 'c.pem').intent).toEqual({
      kind: 'usage-error',
      message: '--tls-cert and --tls-key go together',
    });
  });
});
