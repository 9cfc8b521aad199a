import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { loadConfig, parseConfig } from './load.js';

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('fills every default for an empty file', () => {
    const config = parseConfig('', 'c.toml');
    expect(config.ui).toEqual({
      theme: 'dark',
      layout: 'dual',
      mouse: true,
      max_fps: 60,
      sidebar_width: 36,
      scroll_lines: 3,
      images: 'auto',
    });
    expect(Object.keys(config.backends)).toEqual(['local']);
    expect(config.backends.local).toMatchObject({
      kind: 'mistralrs',
      url: 'http://127.0.0.1:1234',
      model: 'default',
      connect_timeout_ms: 5000,
    });
    expect(config.logging.level).toBe('info');
    expect(config.keybindings).toEqual({});
  });

  it("replaces the default backends with the file's profiles and fills their defaults", () => {
    const config = parseConfig('[backends.gpu]\nurl = "http://10.0.0.2:1234"\n', 'c.toml');
    expect(Object.keys(config.backends)).toEqual(['gpu']);
    expect(config.backends.gpu).toMatchObject({ kind: 'mistralrs', idle_timeout_ms: 120000 });
  });

  it('names file, line, column and a suggestion for an unknown key', () => {
    const err = errorOf(() => parseConfig('[ui]\ntheme = "dark"\nmuose = false\n', '/etc/c.toml'));
    expect(err.diagnostics).toHaveLength(1);
    expect(err.message).toBe(
      'config error: /etc/c.toml:3:1: unknown key "ui.muose". Did you mean "ui.mouse"?',
    );
  });

  it('points a key written in the wrong table at where it belongs', () => {
    const err = errorOf(() => parseConfig('max_fps = 30\n', 'c.toml'));
    expect(err.message).toContain(
      'c.toml:1:1: unknown key "max_fps". Did you mean "ui.max_fps"? It belongs in [ui].',
    );
  });

  it('lists the valid keys when nothing is close', () => {
    const err = errorOf(() => parseConfig('[telemetry]\nbanana = 1\n', 'c.toml'));
    expect(err.message).toContain(
      'Valid keys here: server_metrics, system_info, gpu, poll_interval_ms.',
    );
  });

  it("reports a wrong type at the value's column", () => {
    const err = errorOf(() => parseConfig('[ui]\nmax_fps = "fast"\n', 'c.toml'));
    expect(err.message).toBe(
      'config error: c.toml:2:11: ui.max_fps must be an integer from 1 to 240, but it is the string "fast".',
    );
  });

  it('reports out-of-range numbers and bad enum values with a suggestion', () => {
    const err = errorOf(() => parseConfig('[ui]\nmax_fps = 1000\ntheme = "drak"\n', 'c.toml'));
    expect(err.diagnostics.map((d) => [d.position?.line, d.message])).toEqual([
      [2, 'ui.max_fps must be an integer from 1 to 240, but it is 1000.'],
      [
        3,
        'ui.theme must be one of "dark", "light", "high-contrast", but it is the string "drak". Did you mean "dark"?',
      ],
    ]);
  });

  it('collects every problem at once', () => {
    const err = errorOf(() =>
      parseConfig(
        '[backends.a]\nkind = "ollama"\nurl = "ftp://x"\n[logging]\nmax_files = 2.5\n',
        'c.toml',
      ),
    );
    expect(err.diagnostics.map((d) => d.key)).toEqual([
      'backends.a.kind',
      'backends.a.url',
      'logging.max_files',
    ]);
    expect(err.message).toMatch(/^config has 3 errors:/);
  });

  it('checks rules across fields', () => {
    const a = errorOf(() =>
      parseConfig('[launcher]\nport_min = 5000\nport_max = 4000\n', 'c.toml'),
    );
    expect(a.message).toContain(
      'c.toml:3:12: launcher.port_max (4000) must not be below launcher.port_min (5000).',
    );
    const b = errorOf(() => parseConfig('[backends.x]\nkind = "openai"\n', 'c.toml'));
    expect(b.message).toContain('a "openai" backend needs a url');
    expect(() => parseConfig('[backends.x]\nkind = "embedded"\n', 'c.toml')).not.toThrow();
  });

  it('validates key bindings and command ids', () => {
    const err = errorOf(() =>
      parseConfig(
        '[keybindings]\n"palette.open" = "ctlr+k"\nbad = "x"\n"chat.send" = ["enter", 3]\n',
        'c.toml',
      ),
    );
    expect(err.diagnostics.map((d) => d.message)).toEqual([
      'keybindings.palette.open: "ctlr+k" has an unknown modifier "ctlr" (use ctrl, alt, shift, super).',
      'keybindings.bad: a command id looks like "chat.send" or "palette.open".',
      'keybindings.chat.send must be a string or an array of strings, but it is an array.',
    ]);
    expect(
      parseConfig(
        '[keybindings]\n"chat.newline" = ["shift+enter", "ctrl+j", "alt+enter"]\n"a.b" = "?"\n',
        'c.toml',
      ).keybindings,
    ).toEqual({
      'chat.newline': ['shift+enter', 'ctrl+j', 'alt+enter'],
      'a.b': ['?'],
    });
  });

  it('reports invalid TOML with its line and column', () => {
    const err = errorOf(() => parseConfig('[ui]\ntheme = "dark\n', 'c.toml'));
    expect(err.diagnostics[0]?.position).toEqual({ line: 2, column: expect.any(Number) as number });
    expect(err.message).toMatch(/^config error: c\.toml:2:\d+: invalid TOML: /);
    expect(err.hint).toContain('config init');
  });

  it('reports an unterminated string as such, at its opening quote', () => {
    const cut = errorOf(() =>
      parseConfig('[backends.x]\nkind = "openai"\nurl = "http://a:1\n', 'c.toml'),
    );
    expect(cut.message).toBe(
      'config error: c.toml:3:7: invalid TOML: unterminated string: the string that starts here is not closed before the end of the line (end it with the quote it starts with; use triple quotes for text over several lines).',
    );
    const crlf = errorOf(() => parseConfig("[ui]\r\ntheme = 'dark\r\n", 'c.toml'));
    expect(crlf.message).toContain('c.toml:2:9: invalid TOML: unterminated string');
    const eof = errorOf(() => parseConfig('[ui]\ntheme = "dark', 'c.toml'));
    expect(eof.message).toContain('c.toml:2:9: invalid TOML: unterminated string');
    expect(eof.message).toContain('end of the file');
    const escaped = errorOf(() => parseConfig('a = "x \\" y\n', 'c.toml'));
    expect(escaped.message).toContain('c.toml:1:5: invalid TOML: unterminated string');
  });

  it('lists problems in the order they appear in the file', () => {
    const err = errorOf(() =>
      parseConfig('[ui]\ntheme = 12\n[chat]\npreset = "nope"\nzzz = 1\n[aaa]\n', 'c.toml'),
    );
    expect(err.diagnostics.map((d) => d.position?.line)).toEqual([2, 4, 5, 6]);
  });

  it('never hands back a half-valid config', () => {
    expect(() => parseConfig('[ui]\ntheme = "light"\nmax_fps = -1\n', 'c.toml')).toThrow(
      ConfigError,
    );
  });
});

describe('loadConfig', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mrt-load-'));

  it('uses the defaults when the default file is absent', () => {
    const loaded = loadConfig(path.join(dir, 'none.toml'));
    expect(loaded.source).toEqual({ kind: 'defaults', lookedAt: path.join(dir, 'none.toml') });
  });

  it('requires an explicitly named file to exist, and says how to create it', () => {
    const err = errorOf(() => loadConfig('/unused', path.join(dir, 'missing.toml')));
    expect(err.message).toContain(
      'missing.toml: cannot read the config file: the file does not exist.',
    );
    expect(err.hint).toContain('config init --config');
  });

  it('refuses a directory', () => {
    mkdirSync(path.join(dir, 'adir'));
    expect(errorOf(() => loadConfig('/unused', path.join(dir, 'adir'))).message).toContain(
      'it is a directory',
    );
  });

  it('loads the example config shipped in examples/', () => {
    const file = new URL('../../examples/config.toml', import.meta.url).pathname;
    const { config, source } = loadConfig('/unused', file);
    expect(source).toEqual({ kind: 'file', path: file });
    expect(Object.keys(config.backends)).toEqual(['local', 'llamacpp', 'embedded']);
    expect(config.backends.llamacpp).toMatchObject({
      kind: 'openai',
      api_key_env: 'LLAMACPP_API_KEY',
      request_timeout_ms: 5000,
    });
    expect(config.launcher.extra_args).toEqual(['--max-seqs', '4']);
    expect(config.keybindings['chat.newline']).toEqual(['shift+enter', 'ctrl+j']);
    expect(config.ui.sidebar_width).toBe(40);
  });

  it('does not modify the file it reads', () => {
    const file = path.join(dir, 'bad.toml');
    writeFileSync(file, '[ui]\nbad = 1\n');
    errorOf(() => loadConfig('/unused', file));
    expect(readFileSync(file, 'utf8')).toBe('[ui]\nbad = 1\n');
  });
});
