import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { parseConfig } from './load.js';
import { expandVars, mcpServerSpecs } from './mcp.js';

const ctx = (env: Record<string, string>) => ({ env, source: 'config.toml', cwd: '/' });

describe('${VAR} in MCP server values', () => {
  it('reads variables, fallbacks and the $${ escape', () => {
    expect(expandVars('Bearer ${T}', { T: 'x' })).toEqual({ value: 'Bearer x', missing: [] });
    expect(expandVars('${A:-dflt}/${B}', {})).toEqual({ value: 'dflt/', missing: ['B'] });
    expect(expandVars('$${LITERAL}', {}).value).toBe('${LITERAL}');
  });

  it('turns config entries into specs', () => {
    const config = parseConfig(
      `[mcp.servers.fs]\ncommand = "npx"\nargs = ["\${HOME}/x"]\nenv = { K = "\${K}" }\n[mcp.servers.web]\nurl = "http://127.0.0.1:1/mcp"\nheaders = { Authorization = "Bearer \${T}" }\ntimeout_ms = 5000\n[mcp.servers.off]\ncommand = "x"\nenabled = false\n`,
      'c.toml',
    );
    expect(mcpServerSpecs(config, ctx({ HOME: '/h', K: 'k', T: 't' }))).toEqual([
      {
        name: 'fs',
        kind: 'stdio',
        command: 'npx',
        args: ['/h/x'],
        env: { K: 'k' },
        timeoutMs: 60000,
      },
      {
        name: 'web',
        kind: 'http',
        url: 'http://127.0.0.1:1/mcp',
        headers: { Authorization: 'Bearer t' },
        sseFallback: true,
        timeoutMs: 5000,
      },
    ]);
  });

  it('an unset variable is a config error naming the key and the variable', () => {
    const config = parseConfig(
      '[mcp.servers.web]\nurl = "http://127.0.0.1:1/mcp"\nheaders = { Authorization = "Bearer ${GITHUB_TOKEN}" }\n',
      'c.toml',
    );
    let error: unknown;
    try {
      mcpServerSpecs(config, ctx({}));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(
      'mcp.servers.web.headers.Authorization uses ${GITHUB_TOKEN}, but the environment variable GITHUB_TOKEN is not set',
    );
  });

  it('the schema wants a command or a url, and a valid name', () => {
    expect(() => parseConfig('[mcp.servers.x]\nargs = []\n', 'c.toml')).toThrow(
      /needs a command \(stdio\) or a url/,
    );
    expect(() =>
      parseConfig('[mcp.servers.x]\ncommand = "a"\nurl = "http://h/"\n', 'c.toml'),
    ).toThrow(/not both/);
    expect(() => parseConfig('[mcp.servers."a b"]\ncommand = "a"\n', 'c.toml')).toThrow(
      /server name/,
    );
    expect(() => parseConfig('[agent.rules]\n"x__y" = "maybe"\n', 'c.toml')).toThrow(
      /"allow", "ask", "deny"/,
    );
    expect(() => parseConfig('[agent.rules]\nread = "allow"\n', 'c.toml')).toThrow(
      /two underscores/,
    );
    expect(parseConfig('', 'c.toml').agent).toEqual({
      enabled: false,
      max_steps: 10,
      result_limit: 20000,
      rules: {},
    });
  });
});
