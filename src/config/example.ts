// Writes the fully commented example config that `config init` creates. Every
// key appears with its documentation; scalar keys are commented out at their
// default value, so the file changes nothing until a line is uncommented.
import type { Field, FieldMap, TableField } from './schema-kit.js';
import { configSchema } from './schema.js';

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

export function tomlKey(key: string): string {
  return BARE_KEY.test(key) ? key : JSON.stringify(key);
}

export function tomlValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(tomlValue).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const inner = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${tomlKey(k)} = ${tomlValue(v)}`);
    return `{ ${inner.join(', ')} }`;
  }
  throw new Error(`cannot write ${String(value)} as TOML`);
}

function wrapComment(text: string, width = 78): string[] {
  const out: string[] = [];
  let line = '#';
  for (const word of text.split(/\s+/)) {
    if (line.length + 1 + word.length > width && line !== '#') {
      out.push(line);
      line = '#';
    }
    line += ` ${word}`;
  }
  out.push(line);
  return out;
}

function scalarLines(key: string, field: Field): string[] {
  const lines = wrapComment(field.doc);
  switch (field.kind) {
    case 'optionalString':
      if (field.example !== undefined)
        lines.push(`# ${tomlKey(key)} = ${tomlValue(field.example)}`);
      break;
    case 'enum':
      lines.push(`# One of: ${field.values.join(', ')}.`);
      lines.push(`# ${tomlKey(key)} = ${tomlValue(field.default)}`);
      break;
    case 'stringList':
      lines.push(`# ${tomlKey(key)} = ${tomlValue(field.example ?? field.default)}`);
      break;
    case 'stringOrList':
    case 'table':
    case 'map':
      break;
    default:
      lines.push(`# ${tomlKey(key)} = ${tomlValue(field.default)}`);
  }
  return lines;
}

function tableBody(table: TableField, omit: ReadonlySet<string> = new Set()): string[] {
  const lines: string[] = [];
  for (const [key, field] of Object.entries(table.fields)) {
    if (field.kind === 'table' || field.kind === 'map' || omit.has(key)) continue;
    lines.push(...scalarLines(key, field), '');
  }
  return lines;
}

/**
 * A map inside a table (`[agent.rules]`, `[mcp.servers.NAME]`). Its examples
 * are commented out: the example file must change nothing, and a server entry
 * would start a program. Keys of a commented-out entry are indented ("#   key"),
 * which TOML accepts once the "#" is removed.
 */
function nestedMap(header: string, field: Extract<Field, { kind: 'map' }>): string[] {
  const out = wrapComment(field.doc);
  const entries = Object.entries(field.example);
  if (field.value.kind !== 'table') {
    out.push(`[${header}]`);
    for (const [k, v] of entries) out.push(`# ${tomlKey(k)} = ${tomlValue(v)}`);
    out.push('');
    return out;
  }
  out.push(...wrapComment(field.value.doc), '# Keys of an entry:');
  for (const [key, child] of Object.entries(field.value.fields)) {
    out.push(...wrapComment(`  ${key}: ${child.doc}`));
  }
  for (const [entryName, entryValue] of entries) {
    out.push(`# [${header}.${tomlKey(entryName)}]`);
    for (const [key, value] of Object.entries(entryValue as Readonly<Record<string, unknown>>))
      out.push(`#   ${tomlKey(key)} = ${tomlValue(value)}`);
  }
  out.push('');
  return out;
}

/** The complete example file. */
export function exampleConfig(): string {
  const out: string[] = [
    '# mistralrs-tui configuration.',
    '# Commented lines show the defaults; uncomment a line to change it.',
    '# Full reference: docs/configuration.md. Check a file with: mistralrs-tui --dry-run',
    '',
    ...tableBody(configSchema),
  ];
  for (const [name, field] of Object.entries(configSchema.fields)) {
    if (field.kind === 'table') {
      out.push(...wrapComment(field.doc), `[${tomlKey(name)}]`, '', ...tableBody(field));
      for (const [key, child] of Object.entries(field.fields as FieldMap)) {
        if (child.kind === 'map') out.push(...nestedMap(`${tomlKey(name)}.${tomlKey(key)}`, child));
      }
    } else if (field.kind === 'map') {
      out.push(...wrapComment(field.doc));
      const entries = Object.entries(field.example);
      if (field.value.kind !== 'table') {
        out.push(`[${tomlKey(name)}]`);
        for (const [k, v] of entries) out.push(`# ${tomlKey(k)} = ${tomlValue(v)}`);
        out.push('');
        continue;
      }
      const fields = field.value.fields as Readonly<Record<string, Field | undefined>>;
      for (const [entryName, entryValue] of entries) {
        const entry = entryValue as Readonly<Record<string, unknown>>;
        out.push(`[${tomlKey(name)}.${tomlKey(entryName)}]`);
        for (const [key, value] of Object.entries(entry)) {
          const child = fields[key];
          if (child) out.push(...wrapComment(child.doc));
          out.push(`${tomlKey(key)} = ${tomlValue(value)}`, '');
        }
        out.push(...tableBody(field.value, new Set(Object.keys(entry))));
      }
    }
  }
  while (out[out.length - 1] === '') out.pop();
  return `${out.join('\n')}\n`;
}
