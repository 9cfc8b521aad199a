// Finds where a key path is written in a TOML source, so config errors can name
// a line and column. A line scanner is enough: it tracks [table] and [[array]]
// headers and `key = value` lines (bare, quoted and dotted keys) and skips
// multi-line strings. Keys inside inline tables resolve to their enclosing key.

export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface KeyLocation {
  readonly key: Position;
  /** Where the value starts (the header position for tables). */
  readonly value: Position;
}

const BARE = /^[A-Za-z0-9_-]+/;

/** Parses a (possibly dotted) key at the start of `text`; returns its parts and length. */
function parseKey(text: string): { parts: string[]; length: number } | undefined {
  const parts: string[] = [];
  let i = 0;
  for (;;) {
    while (text[i] === ' ' || text[i] === '\t') i++;
    const rest = text.slice(i);
    let m: RegExpExecArray | null;
    if ((m = BARE.exec(rest))) {
      parts.push(m[0]);
      i += m[0].length;
    } else if ((m = /^"((?:[^"\\]|\\.)*)"/.exec(rest))) {
      try {
        parts.push(JSON.parse(m[0]) as string);
      } catch {
        parts.push(m[1] ?? '');
      }
      i += m[0].length;
    } else if ((m = /^'([^']*)'/.exec(rest))) {
      parts.push(m[1] ?? '');
      i += m[0].length;
    } else {
      return undefined;
    }
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (text[i] !== '.') return { parts, length: i };
    i++;
  }
}

/** Maps every dotted key path in the document to where it is written. */
export function locateKeys(source: string): Map<string, KeyLocation> {
  const found = new Map<string, KeyLocation>();
  const arrayCounts = new Map<string, number>();
  let table: string[] = [];
  let inMultiline: '"""' | "'''" | undefined;
  const lines = source.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    if (inMultiline) {
      if (raw.includes(inMultiline)) inMultiline = undefined;
      return;
    }
    const indent = raw.length - raw.trimStart().length;
    const text = raw.trimStart();
    if (text.startsWith('#') || text === '') return;
    const header = /^\[(\[)?/.exec(text);
    if (header) {
      const isArray = header[1] === '[';
      const key = parseKey(text.slice(isArray ? 2 : 1));
      if (!key) return;
      let parts = key.parts;
      if (isArray) {
        const base = parts.join('.');
        const n = arrayCounts.get(base) ?? 0;
        arrayCounts.set(base, n + 1);
        parts = [...parts, String(n)];
      }
      table = parts;
      const pos = { line: lineNo, column: indent + 1 };
      const dotted = parts.join('.');
      if (!found.has(dotted)) found.set(dotted, { key: pos, value: pos });
      return;
    }
    const key = parseKey(text);
    if (!key) return;
    const after = text.slice(key.length);
    if (!after.startsWith('=')) return;
    const valueOffset =
      key.length + 1 + (after.slice(1).length - after.slice(1).trimStart().length);
    const path = [...table, ...key.parts].join('.');
    found.set(path, {
      key: { line: lineNo, column: indent + 1 },
      value: { line: lineNo, column: indent + valueOffset + 1 },
    });
    const value = text.slice(valueOffset);
    for (const quote of ['"""', "'''"] as const) {
      if (value.startsWith(quote) && !value.slice(3).includes(quote)) inMultiline = quote;
    }
  });
  return found;
}

/** The location of `path`, or of its nearest written ancestor. */
export function locate(
  index: Map<string, KeyLocation>,
  path: readonly string[],
): KeyLocation | undefined {
  for (let n = path.length; n > 0; n--) {
    const hit = index.get(path.slice(0, n).join('.'));
    if (hit) return hit;
  }
  return undefined;
}
