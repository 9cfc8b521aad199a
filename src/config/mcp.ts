// Turns `[mcp.servers.NAME]` entries into the specs the MCP clients start,
// reading "${VAR}" (and "${VAR:-fallback}") from the environment. This runs only
// when agent mode needs the servers (and for `mcp list`), so an unset variable
// does not stop the TUI from starting with agent mode off; when it is needed it
// is a config error that names the key and the variable.
import type { McpServerSpec } from '../domain/agent/types.js';
import { ConfigError, type Diagnostic } from './errors.js';
import type { Config } from './schema.js';

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export interface Expanded {
  readonly value: string;
  /** Variables the value names that are unset (and have no fallback). */
  readonly missing: readonly string[];
}

/** Replaces each ${VAR} with its value; "$${" stays a literal "${". */
export function expandVars(
  text: string,
  env: Readonly<Record<string, string | undefined>>,
): Expanded {
  const missing: string[] = [];
  const parts = text.split('$${');
  const value = parts
    .map((part) =>
      part.replace(REFERENCE, (_all, name: string, fallback: string | undefined) => {
        const v = env[name];
        if (v !== undefined && v !== '') return v;
        if (fallback !== undefined) return fallback;
        missing.push(name);
        return '';
      }),
    )
    .join('${');
  return { value, missing };
}

export interface McpResolveContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The config file, named in diagnostics. */
  readonly source: string;
  readonly cwd: string;
}

/** The enabled servers as specs; throws ConfigError listing every unset variable. */
export function mcpServerSpecs(config: Config, ctx: McpResolveContext): McpServerSpec[] {
  const problems: Diagnostic[] = [];
  const specs: McpServerSpec[] = [];
  for (const [name, s] of Object.entries(config.mcp.servers)) {
    if (!s.enabled) continue;
    const at = (key: string): string => `mcp.servers.${name}.${key}`;
    const expand = (key: string, text: string): string => {
      const r = expandVars(text, ctx.env);
      for (const variable of r.missing)
        problems.push({
          source: ctx.source,
          key: at(key),
          message: `${at(key)} uses \${${variable}}, but the environment variable ${variable} is not set. Set it, or write \${${variable}:-fallback}.`,
        });
      return r.value;
    };
    const expandMap = (key: string, map: Readonly<Record<string, string>>) =>
      Object.fromEntries(Object.entries(map).map(([k, v]) => [k, expand(`${key}.${k}`, v)]));
    if (s.command !== undefined) {
      const cwd = s.cwd !== undefined ? expand('cwd', s.cwd) : undefined;
      specs.push({
        name,
        kind: 'stdio',
        command: expand('command', s.command),
        args: s.args.map((a, i) => expand(`args[${i}]`, a)),
        env: expandMap('env', s.env),
        ...(cwd !== undefined ? { cwd } : {}),
        timeoutMs: s.timeout_ms,
      });
    } else if (s.url !== undefined) {
      const url = expand('url', s.url);
      if (!/^https?:\/\//i.test(url))
        problems.push({
          source: ctx.source,
          key: at('url'),
          message: `${at('url')} is "${url}" once variables are read; it must start with http:// or https://.`,
        });
      specs.push({
        name,
        kind: s.transport === 'sse' ? 'sse' : 'http',
        url,
        headers: expandMap('headers', s.headers),
        sseFallback: s.transport === 'auto',
        timeoutMs: s.timeout_ms,
      });
    }
  }
  if (problems.length > 0)
    throw new ConfigError(problems, 'Agent mode needs every variable its servers name.');
  return specs;
}
