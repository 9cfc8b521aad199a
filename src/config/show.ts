// Prints the effective config with secrets redacted, for `config show`.
import { stringify } from 'smol-toml';
import type { Field, TableField } from './schema-kit.js';
import { configSchema, type Config } from './schema.js';

export const REDACTED = '<redacted>';

/** Hides the password in a URL such as postgres://user:secret@host/db. */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password === '') return value;
    url.password = 'redacted';
    return url.toString().replace(':redacted@', `:${REDACTED}@`);
  } catch {
    return value;
  }
}

function redactField(field: Field, value: unknown): unknown {
  if (value === undefined) return undefined;
  if (field.kind === 'optionalString' && field.secret === true && typeof value === 'string') {
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? redactUrl(value) : REDACTED;
  }
  // MCP server env and headers: a literal value may be a token; "${VAR}" only names one.
  if (field.kind === 'string' && field.secret === true && typeof value === 'string') {
    return value.includes('${') ? value : REDACTED;
  }
  if (field.kind === 'table') return redactTable(field, value as Record<string, unknown>);
  if (field.kind === 'map') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      out[k] = redactField(field.value, v);
    return out;
  }
  return value;
}

function redactTable(table: TableField, value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(table.fields)) {
    const redacted = redactField(field, value[key]);
    if (redacted !== undefined) out[key] = redacted;
  }
  return out;
}

/** The config as plain data with every secret replaced. */
export function redactConfig(config: Config): Record<string, unknown> {
  return redactTable(configSchema, config);
}

export function configToToml(config: Config): string {
  return stringify(redactConfig(config));
}
