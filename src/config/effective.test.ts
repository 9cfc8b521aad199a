import { describe, expect, it } from 'vitest';
import { apiKeyOf, overridesFromEnv, resolveEffective } from './effective.js';
import { ConfigError } from './errors.js';
import { parseConfig } from './load.js';
import type { AppPaths } from './paths.js';

const paths: AppPaths = { configDir: '/c', dataDir: '/d', stateDir: '/s', cacheDir: '/k' };
const config = parseConfig(
  `default_backend = "a"
[backends.a]
url = "http://127.0.0.1:1111"
api_key_env = "A_KEY"
[backends.b]
kind = "openai"
url = "http://127.0.0.1:2222"
api_key = "sk-literal-secret"
[backends.e]
kind = "embedded"
`,
  'c.toml',
);

describe('resolveEffective', () => {
  it('--agent turns agent mode on for the run; without it the file decides (off by default)', () => {
    expect(resolveEffective(config, {}, paths, '/h').config.agent.enabled).toBe(false);
    expect(resolveEffective(config, { agent: true }, paths, '/h').config.agent.enabled).toBe(true);
  });

  it('uses default_backend and the default locations', () => {
    const e = resolveEffective(config, {}, paths, '/home/u');
    expect(e.backendName).toBe('a');
    expect(e.database).toEqual({ kind: 'sqlite', path: '/d/sessions.db' });
    expect(e.logFile).toBe('/s/mistralrs-tui.log');
  });

  it('applies flags over the file', () => {
    const e = resolveEffective(
      config,
      {
        backend: 'b',
        url: 'http://127.0.0.1:3333/',
        model: 'm',
        database: '~/x.db',
        logLevel: 'debug',
        mouse: false,
      },
      paths,
      '/home/u',
    );
    expect(e.backendName).toBe('b');
    expect(e.backend).toMatchObject({
      kind: 'openai',
      url: 'http://127.0.0.1:3333',
      model: 'm',
      api_key: 'sk-literal-secret',
    });
    expect(e.database).toEqual({ kind: 'sqlite', path: '/home/u/x.db' });
    expect(e.logLevel).toBe('debug');
    expect(e.config.ui.mouse).toBe(false);
    expect(e.config.default_backend).toBe('b');
  });

  it('recognises PostgreSQL URLs', () => {
    const e = resolveEffective(config, { database: 'postgres://u:p@127.0.0.1/db' }, paths);
    expect(e.database).toEqual({
      kind: 'postgres',
      url: 'postgres://u:p@127.0.0.1/db',
      maxAttachmentBytes: 32 * 1_048_576,
    });
  });

  it('passes attachments.max_db_mb to a PostgreSQL target', () => {
    const e = resolveEffective(
      { ...config, attachments: { ...config.attachments, max_db_mb: 5 } },
      { database: 'postgres://u:p@127.0.0.1/db' },
      paths,
    );
    expect(e.database).toMatchObject({ kind: 'postgres', maxAttachmentBytes: 5 * 1_048_576 });
  });

  it('rejects an unknown backend with a suggestion and the list of profiles', () => {
    const err = (() => {
      try {
        resolveEffective(config, { backend: 'bb' }, paths);
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('no error');
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toBe(
      'config error: --backend: there is no backend profile named "bb". Did you mean "b"?',
    );
    expect(err.hint).toBe('Profiles in the config: a, b, e.');
  });

  it('rejects --url for an embedded backend and a malformed --url', () => {
    expect(() => resolveEffective(config, { backend: 'e', url: 'http://x' }, paths)).toThrow(
      /embedded and has no URL/,
    );
    expect(() => resolveEffective(config, { url: 'localhost:1234' }, paths)).toThrow(
      /--url: .*must start with http/,
    );
    expect(() => resolveEffective(config, { logLevel: 'loud' }, paths)).toThrow(/not a log level/);
    expect(() => resolveEffective(config, { database: 'mysql://x' }, paths)).toThrow(
      /only SQLite file paths and postgres/,
    );
  });
});

describe('overridesFromEnv', () => {
  it('takes environment variables where no flag is given', () => {
    const o = overridesFromEnv(
      { url: 'http://flag' },
      { MISTRALRS_TUI_URL: 'http://env', MISTRALRS_TUI_BACKEND: 'b', MISTRALRS_TUI_MODEL: '' },
    );
    expect(o).toEqual({ url: 'http://flag', backend: 'b' });
  });
});

describe('apiKeyOf', () => {
  it('prefers the literal key, then the named variable', () => {
    expect(apiKeyOf(config.backends.b!, {})).toBe('sk-literal-secret');
    expect(apiKeyOf(config.backends.a!, { A_KEY: 'from-env' })).toBe('from-env');
    expect(apiKeyOf(config.backends.a!, {})).toBeUndefined();
  });
});
