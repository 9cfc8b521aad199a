// Generates docs/configuration.md from the schema, so the reference cannot drift.
import { ENV_REFERENCE } from './env-reference.js';
import { tomlKey, tomlValue } from './example.js';
import type { Field, TableField } from './schema-kit.js';
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
      return 'table of named entries';
  }
}

function defaultText(field: Field): string {
  if (field.kind === 'optionalString') return '—';
  if (field.kind === 'table' || field.kind === 'map' || field.kind === 'stringOrList') return '';
  return `\`${tomlValue(field.default)}\``;
}

function rows(table: TableField): string[] {
  const out = ['| key | type | default | meaning |', '| --- | --- | --- | --- |'];
  for (const [key, field] of Object.entries(table.fields)) {
    if (field.kind === 'table' || field.kind === 'map') continue;
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
  for (const [name, field] of Object.entries(configSchema.fields)) {
    if (field.kind === 'table') {
      out.push(`## \`[${name}]\``, '', field.doc, '', ...rows(field), '');
    } else if (field.kind === 'map') {
      out.push(`## \`[${name}.NAME]\``, '', field.doc, '');
      if (field.value.kind === 'table') out.push(...rows(field.value), '');
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
