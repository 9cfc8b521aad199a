// Edits of the user's config.toml made by the program ("always allow" in the
// approval dialog, `mcp import`) that keep every other byte of the file: the
// user's comments, order and formatting stay. Lines are patched as text — a
// table's key replaced or appended, a table appended at the end — and the
// result is checked by parsing both versions: the new document must equal the
// old one plus exactly the intended change. When the file writes the table in
// a form a line edit cannot handle (an inline table, dotted keys elsewhere),
// the edit is refused with the lines to add by hand; nothing is written.
import { parse } from 'smol-toml';
import { tomlKey } from './example.js';

export type EditResult =
  { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string };

/** A TOML basic string (JSON's escapes are TOML's, except DEL, which TOML refuses raw). */
export function tomlString(value: string): string {
  return JSON.stringify(value).replace(/\x7f/g, '\\u007F');
}

export function tomlInline(value: unknown): string {
  if (typeof value === 'string') return tomlString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(tomlInline).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const inner = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${tomlKey(k)} = ${tomlInline(v)}`);
    return inner.length === 0 ? '{}' : `{ ${inner.join(', ')} }`;
  }
  throw new Error(`cannot write ${String(value)} as TOML`);
}

interface Line {
  readonly text: string;
  /** The table this line opens ([a.b] -> ["a","b"]), for header lines. */
  readonly header?: readonly string[];
  /** The line is inside a multi-line string, so it is no header or key. */
  readonly inString: boolean;
}

function headerPath(line: string): string[] | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('[')) return undefined;
  try {
    // Parsing the header alone reads its quoting and spacing as TOML does.
    const isArray = trimmed.startsWith('[[');
    let node: unknown = parse(
      isArray ? trimmed.replace(/^\[\[/, '[').replace(/\]\](\s*(#.*)?)$/, ']$1') : trimmed,
    );
    const path: string[] = [];
    while (node !== null && typeof node === 'object' && !Array.isArray(node)) {
      const keys = Object.keys(node);
      if (keys.length !== 1 || keys[0] === undefined) break;
      path.push(keys[0]);
      node = (node as Record<string, unknown>)[keys[0]];
    }
    return path;
  } catch {
    return undefined;
  }
}

function scan(text: string): Line[] {
  const raw = text === '' ? [] : text.replace(/\r?\n$/, '').split(/\r?\n/);
  let inString: '"""' | "'''" | undefined;
  return raw.map((t) => {
    const startsInString = inString !== undefined;
    for (const m of t.matchAll(/"""|'''/g)) {
      const q = m[0] as '"""' | "'''";
      if (inString === undefined) inString = q;
      else if (inString === q) inString = undefined;
    }
    if (startsInString) return { text: t, inString: true };
    const header = headerPath(t);
    return header ? { text: t, header, inString: false } : { text: t, inString: false };
  });
}

const samePath = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);
const startsWith = (a: readonly string[], prefix: readonly string[]): boolean =>
  prefix.every((x, i) => a[i] === x);

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function join(lines: readonly string[], eol: string): string {
  return lines.length === 0 ? '' : `${lines.join(eol)}${eol}`;
}

/** The key a `key = value` line sets, read by TOML itself. */
function lineKey(line: string): string | undefined {
  if (!/^\s*[^#\s[]/.test(line)) return undefined;
  try {
    const keys = Object.keys(parse(line));
    return keys.length === 1 ? keys[0] : undefined;
  } catch {
    return undefined;
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}
function canonical(v: unknown): unknown {
  if (v instanceof Date) return { date: v.toISOString() };
  if (Array.isArray(v)) return v.map(canonical);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  return typeof v === 'bigint' ? `${v}n` : v;
}

function parsed(text: string): Record<string, unknown> | string {
  try {
    return parse(text);
  } catch (e) {
    return (e as Error).message.split('\n')[0] ?? 'invalid TOML';
  }
}

function child(doc: Record<string, unknown>, key: string): Record<string, unknown> {
  const v = doc[key];
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  const fresh: Record<string, unknown> = {};
  doc[key] = fresh;
  return fresh;
}

function verify(
  before: string,
  after: string,
  change: (doc: Record<string, unknown>) => void,
  byHand: string,
): EditResult {
  const old = parsed(before);
  if (typeof old === 'string')
    return { ok: false, reason: `the file is not valid TOML (${old}); nothing was changed` };
  const now = parsed(after);
  change(old);
  if (typeof now === 'string' || !deepEqual(old, now))
    return {
      ok: false,
      reason: `the file defines this table in a form a line edit cannot change safely (an inline table or dotted keys); nothing was changed. Add these lines by hand:\n${byHand}`,
    };
  return { ok: true, text: after };
}

/** Sets `[agent.rules] "KEY" = "RULE"`, replacing the key's line or adding one. */
export function setRuleInText(text: string, key: string, rule: string): EditResult {
  const eol = eolOf(text);
  const lines = scan(text);
  const entry = `${tomlKey(key)} = ${tomlString(rule)}`;
  const out = lines.map((l) => l.text);
  const start = lines.findIndex((l) => l.header && samePath(l.header, ['agent', 'rules']));
  if (start >= 0) {
    let end = lines.findIndex((l, i) => i > start && l.header !== undefined);
    if (end < 0) end = lines.length;
    const existing = lines.findIndex(
      (l, i) => i > start && i < end && !l.inString && lineKey(l.text) === key,
    );
    if (existing >= 0) out[existing] = entry;
    else {
      // After the table's last key, so trailing comments and blank lines stay where they were.
      let at = start + 1;
      for (let i = start + 1; i < end; i++) {
        const t = lines[i]?.text.trim() ?? '';
        if (t !== '' && !t.startsWith('#')) at = i + 1;
      }
      out.splice(at, 0, entry);
    }
  } else {
    if (out.length > 0 && out[out.length - 1]?.trim() !== '') out.push('');
    out.push('[agent.rules]', entry);
  }
  const after = join(out, eol);
  return verify(
    text,
    after,
    (doc) => {
      child(child(doc, 'agent'), 'rules')[key] = rule;
    },
    `[agent.rules]\n${entry}`,
  );
}

/** The TOML of one `[mcp.servers.NAME]` table. */
export function serverTableText(name: string, server: Readonly<Record<string, unknown>>): string {
  const lines = [`[mcp.servers.${tomlKey(name)}]`];
  for (const [k, v] of Object.entries(server))
    if (v !== undefined) lines.push(`${tomlKey(k)} = ${tomlInline(v)}`);
  return lines.join('\n');
}

/**
 * Adds `[mcp.servers.NAME]` tables at the end of the file. A server named in
 * `replace` is removed first (its table and its sub-tables), where it stood.
 */
export function addServersToText(
  text: string,
  servers: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
  replace: ReadonlySet<string> = new Set(),
): EditResult {
  const eol = eolOf(text);
  const lines = scan(text);
  const keep: string[] = [];
  let dropping = false;
  for (const l of lines) {
    if (l.header) {
      const name = l.header[2];
      dropping =
        l.header.length >= 3 &&
        startsWith(l.header, ['mcp', 'servers']) &&
        name !== undefined &&
        replace.has(name);
    }
    if (!dropping) keep.push(l.text);
  }
  while (keep.length > 0 && keep[keep.length - 1]?.trim() === '' && replace.size > 0) keep.pop();
  const block = Object.entries(servers).map(([name, s]) => serverTableText(name, s));
  const out = [...keep];
  for (const b of block) {
    if (out.length > 0 && out[out.length - 1]?.trim() !== '') out.push('');
    out.push(...b.split('\n'));
  }
  return verify(
    text,
    join(out, eol),
    (doc) => {
      const table = child(child(doc, 'mcp'), 'servers');
      for (const [name, s] of Object.entries(servers))
        table[name] = Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined));
    },
    block.join('\n\n'),
  );
}
