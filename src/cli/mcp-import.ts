// `mistralrs-tui mcp import FILE`: the `mcpServers` JSON that Claude Desktop,
// Cursor, Windsurf, Cline and Claude Code use (and VS Code's `servers`)
// converted into `[mcp.servers.NAME]` tables, appended to the config with
// every other byte of the file unchanged. Shows what it writes; refuses to
// replace a server of the same name without --force; writes atomically.
import { editConfigFile, readConfigText } from '../config/edit-file.js';
import { ConfigError } from '../config/errors.js';
import { parseConfig } from '../config/load.js';
import { addServersToText, serverTableText } from '../config/toml-edit.js';
import { serverNameProblem } from '../config/agent-schema.js';
import { bold, dim, green, shown, yellow, type Out } from './output.js';

export type ServerTable = Record<string, unknown>;

export interface Converted {
  /** Servers by their name in the config. */
  readonly servers: Readonly<Record<string, ServerTable>>;
  /** What the user should know: renamed servers, variables that cannot be read, skipped entries. */
  readonly notes: readonly string[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function strings(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
}

function stringMap(v: unknown): Record<string, string> | undefined {
  if (!isRecord(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x === 'string') out[k] = x;
    else if (typeof x === 'number' || typeof x === 'boolean') out[k] = String(x);
  }
  return out;
}

/** A config-safe server name: letters, digits, "-" and "_". */
export function safeServerName(name: string): string {
  const safe = name
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
  return safe === '' ? 'server' : safe;
}

/**
 * Variables: `${VAR}` means the same here (Claude Code's syntax); Cursor's and
 * VS Code's `${env:VAR}` becomes `${VAR}`; other VS Code variables
 * (`${input:x}`, `${workspaceFolder}`) have no value here and are reported.
 */
function convertVars(value: string, where: string, notes: string[]): string {
  const converted = value.replace(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g, '${$1}');
  for (const m of converted.matchAll(/\$\{([^}]*)\}/g)) {
    const inner = m[1] ?? '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?$/.test(inner))
      notes.push(`${where}: "\${${inner}}" has no meaning here; edit the value after the import.`);
    else if (/^(workspaceFolder|userHome|cwd|pathSeparator)$/.test(inner))
      notes.push(
        `${where}: "\${${inner}}" is an editor variable; here it reads the environment variable ${inner}. Edit the value after the import.`,
      );
  }
  return converted;
}

function convertOne(name: string, raw: unknown, notes: string[]): ServerTable | undefined {
  if (!isRecord(raw)) {
    notes.push(`${name}: not an object; skipped.`);
    return undefined;
  }
  const where = (key: string) => `${name}.${key}`;
  const conv = (key: string, v: string) => convertVars(v, where(key), notes);
  const convMap = (key: string, m: Record<string, string>) =>
    Object.fromEntries(Object.entries(m).map(([k, v]) => [k, conv(`${key}.${k}`, v)]));
  const type =
    typeof raw.type === 'string'
      ? raw.type
      : typeof raw.transport === 'string'
        ? raw.transport
        : undefined;
  const url =
    typeof raw.url === 'string'
      ? raw.url
      : typeof raw.serverUrl === 'string'
        ? raw.serverUrl
        : undefined;
  const out: ServerTable = {};
  if (typeof raw.command === 'string') {
    out.command = conv('command', raw.command);
    const args = strings(raw.args);
    if (args && args.length > 0) out.args = args.map((a, i) => conv(`args[${i}]`, a));
    const env = stringMap(raw.env);
    if (env && Object.keys(env).length > 0) out.env = convMap('env', env);
    if (typeof raw.cwd === 'string') out.cwd = conv('cwd', raw.cwd);
  } else if (url !== undefined) {
    out.url = conv('url', url);
    const headers = stringMap(raw.headers);
    if (headers && Object.keys(headers).length > 0) out.headers = convMap('headers', headers);
    if (type === 'sse') out.transport = 'sse';
    else if (type === 'http' || type === 'streamable-http' || type === 'streamableHttp')
      out.transport = 'http';
  } else {
    notes.push(`${name}: has neither "command" nor "url"; skipped.`);
    return undefined;
  }
  if (raw.disabled === true || raw.enabled === false) out.enabled = false;
  if (typeof raw.timeout === 'number' && raw.timeout >= 1000)
    out.timeout_ms = Math.round(raw.timeout);
  return out;
}

/** Converts the parsed JSON; throws an Error with a message for the user when it holds no servers. */
export function convertMcpJson(doc: unknown): Converted {
  if (!isRecord(doc)) throw new Error('the file does not hold a JSON object.');
  const servers = isRecord(doc.mcpServers)
    ? doc.mcpServers
    : isRecord(doc.servers)
      ? doc.servers
      : undefined;
  if (servers === undefined)
    throw new Error('the file has no "mcpServers" object (nor VS Code\'s "servers").');
  const notes: string[] = [];
  const out: Record<string, ServerTable> = {};
  for (const [original, raw] of Object.entries(servers)) {
    let name = serverNameProblem(original) === undefined ? original : safeServerName(original);
    if (name !== original)
      notes.push(
        `"${original}" is named "${name}" here (names may use letters, digits, "-" and "_").`,
      );
    if (name in out) {
      let n = 2;
      while (`${name}-${n}` in out) n++;
      name = `${name}-${n}`;
      notes.push(`"${original}" is named "${name}" here (another server has its name).`);
    }
    const table = convertOne(name, raw, notes);
    if (table) out[name] = table;
  }
  if (Object.keys(out).length === 0)
    throw new Error('the file lists no server that can be imported.');
  return { servers: out, notes };
}

export interface ImportOptions {
  readonly out: Out;
  readonly err: Out;
  readonly file: string;
  /** The text of FILE (read by the caller, so the conversion stays testable). */
  readonly json: string;
  readonly configFile: string;
  readonly force: boolean;
  /** Show what would be written and stop. */
  readonly print: boolean;
}

export function runMcpImport(o: ImportOptions): number {
  const { out, err } = o;
  const problem = (text: string): number => {
    err.write(`mistralrs-tui: ${shown(err, text)}\n`);
    return 1;
  };
  let doc: unknown;
  try {
    doc = JSON.parse(o.json);
  } catch (e) {
    return problem(`${o.file} is not valid JSON: ${(e as Error).message}`);
  }
  let converted: Converted;
  try {
    converted = convertMcpJson(doc);
  } catch (e) {
    return problem(`${o.file}: ${(e as Error).message}`);
  }
  let before: string;
  try {
    before = readConfigText(o.configFile);
  } catch (e) {
    return problem(`cannot read ${o.configFile}: ${(e as Error).message}`);
  }
  let existing: Readonly<Record<string, unknown>> = {};
  try {
    existing = parseConfig(before, o.configFile).mcp.servers;
  } catch (e) {
    if (e instanceof ConfigError)
      return problem(`${e.report()}\nFix the config first; nothing was imported.`);
    throw e;
  }
  const clash = Object.keys(converted.servers).filter((n) => n in existing);
  if (clash.length > 0 && !o.force)
    return problem(
      `the config already has ${clash.map((n) => `[mcp.servers.${n}]`).join(', ')}; nothing was written.\nUse --force to replace ${clash.length === 1 ? 'it' : 'them'}.`,
    );
  const text = Object.entries(converted.servers)
    .map(([name, table]) => serverTableText(name, table))
    .join('\n\n');
  out.write(
    `${o.print ? 'Would add to' : 'Adding to'} ${bold(out, shown(out, o.configFile))}${clash.length > 0 ? ` (replacing ${clash.join(', ')})` : ''}:\n\n${shown(out, text)}\n\n`,
  );
  for (const note of converted.notes) out.write(`${yellow(out, 'note:')} ${shown(out, note)}\n`);
  if (o.print) {
    out.write(dim(out, 'Nothing was written (--print).\n'));
    return 0;
  }
  try {
    editConfigFile(o.configFile, (t) => {
      const r = addServersToText(t, converted.servers, new Set(clash));
      if (!r.ok) return r;
      // The result must be a config the program accepts, or nothing is written.
      try {
        parseConfig(r.text, o.configFile);
      } catch (e) {
        return { ok: false, reason: e instanceof ConfigError ? e.report() : String(e) };
      }
      return r;
    });
  } catch (e) {
    return problem((e as Error).message);
  }
  const n = Object.keys(converted.servers).length;
  out.write(
    `${green(out, 'wrote')} ${n} server${n === 1 ? '' : 's'} to ${shown(out, o.configFile)}\nSee them with: mistralrs-tui mcp list\nTurn agent mode on with --agent, or [agent] enabled = true in the config.\n`,
  );
  return 0;
}
