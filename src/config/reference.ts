// Generates docs/configuration.md from the schema, so the reference cannot drift.
import { ENV_REFERENCE } from './env-reference.js';
import { tomlKey, tomlValue } from './example.js';
import type { Field, FieldMap, TableField } from './schema-kit.js';
import { configSchema } from './schema.js';

function typeOf(field: Field): string {
  switch (field.kind) {
    case 'string':
    case 'optionalString':
      return 'string';
    case 'enum':
      return field.values.map((v) => `"${v}"`).join(' \\| ');
    case 'int':
      return `integer ${field.min}–${field.max}`;
    case 'number':
      return `number ${field.min}–${field.max}`;
    case 'bool':
      return 'boolean';
    case 'stringList':
      return 'array of strings';
    case 'stringOrList':
      return 'string or array of strings';
    case 'table':
      return 'table';
    case 'map':
      return field.value.kind === 'table'
        ? 'table of named entries'
        : `table of ${typeOf(field.value)}`;
  }
}

function defaultText(field: Field): string {
  if (field.kind === 'optionalString') return '—';
  if (field.kind === 'table' || field.kind === 'map' || field.kind === 'stringOrList') return '';
  return `\`${tomlValue(field.default)}\``;
}

function rows(table: TableField, nested = false): string[] {
  const out = ['| key | type | default | meaning |', '| --- | --- | --- | --- |'];
  for (const [key, field] of Object.entries(table.fields)) {
    if (field.kind === 'table') continue;
    // A map of plain values inside an entry (env, headers) is one row; other maps get a section.
    if (field.kind === 'map' && !(nested && field.value.kind !== 'table')) continue;
    out.push(
      `| \`${tomlKey(key)}\` | ${typeOf(field)} | ${defaultText(field)} | ${field.doc.replace(/\|/g, '\\|')} |`,
    );
  }
  return out;
}

export function configReference(): string {
  const out = [
    '# Configuration reference',
    '',
    '<!-- Generated from src/config/schema.ts by `npm run docs`; a test fails when it is stale. -->',
    '',
    'mistralrs-tui reads `config.toml` from its config directory (`mistralrs-tui config path`',
    'shows where), or the file given with `--config` or `MISTRALRS_TUI_CONFIG`. Every key is',
    'optional. Start from `mistralrs-tui config init`, which writes this reference as a',
    'commented file, and check a file with `mistralrs-tui config check` or `--dry-run`.',
    '',
    'Precedence: command-line flag, then environment variable, then the file, then the default.',
    'Errors name the file, line and column, and suggest the nearest valid key for a typo; the',
    'TUI does not start with a config that has any error.',
    '',
    '## Top level',
    '',
    ...rows(configSchema),
    '',
  ];
  // Top-level tables and maps, each followed by the maps nested in it ([agent.rules], [mcp.servers.NAME]).
  const sections: [string, Field][] = [];
  for (const [name, field] of Object.entries(configSchema.fields)) {
    if (field.kind === 'table') {
      sections.push([name, field]);
      for (const [key, child] of Object.entries(field.fields as FieldMap))
        if (child.kind === 'map') sections.push([`${name}.${key}`, child]);
    } else if (field.kind === 'map') sections.push([name, field]);
  }
  for (const [name, field] of sections) {
    if (field.kind === 'table') {
      out.push(`## \`[${name}]\``, '', field.doc, '', ...rows(field), '');
    } else if (field.kind === 'map') {
      out.push(`## \`[${name}${field.value.kind === 'table' ? '.NAME' : ''}]\``, '', field.doc, '');
      if (field.value.kind === 'table')
        out.push(field.value.doc, '', ...rows(field.value, true), '');
      const examples = Object.entries(field.example);
      if (examples.length > 0) {
        out.push('Example:', '', '```toml');
        if (field.value.kind === 'table') {
          for (const [entry, value] of examples) {
            out.push(`[${name}.${tomlKey(entry)}]`);
            for (const [k, v] of Object.entries(value as Record<string, unknown>))
              out.push(`${tomlKey(k)} = ${tomlValue(v)}`);
          }
        } else {
          out.push(`[${name}]`, ...examples.map(([k, v]) => `${tomlKey(k)} = ${tomlValue(v)}`));
        }
        out.push('```', '');
      }
    }
  }
  out.push('## Environment variables', '', '| variable | effect |', '| --- | --- |');
  for (const [name, effect] of ENV_REFERENCE) out.push(`| \`${name}\` | ${effect} |`);
  out.push('');
  return out.join('\n');
}
