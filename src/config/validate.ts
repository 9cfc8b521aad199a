// Checks a parsed TOML document against the schema, collecting every problem
// (not just the first) and producing the fully defaulted, typed value.
import { defaultOf, type Field, type TableField } from './schema-kit.js';
import { nearest } from './suggest.js';

export interface Problem {
  /** Key path from the document root, e.g. ["backends", "local", "url"]. */
  readonly path: readonly string[];
  readonly message: string;
  /** Points at the key itself (unknown keys) rather than its value. */
  readonly atKey: boolean;
}

export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 37)}...` : value;
    return `the string ${JSON.stringify(shown)}`;
  }
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'bigint') return `the integer ${value.toString()}`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a date';
  if (value !== null && typeof value === 'object') return 'a table';
  return String(value);
}

function isTable(value: unknown): value is Record<string, unknown> {
  return (
    value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)
  );
}

/** Every dotted key path the schema accepts below `field`, for cross-table suggestions. */
export function allKeyPaths(field: TableField, prefix: string[] = []): string[][] {
  const out: string[][] = [];
  for (const [key, child] of Object.entries(field.fields)) {
    const here = [...prefix, key];
    out.push(here);
    if (child.kind === 'table') out.push(...allKeyPaths(child, here));
    if (child.kind === 'map' && child.value.kind === 'table') {
      out.push(...allKeyPaths(child.value, [...here, '<name>']));
    }
  }
  return out;
}

export class Validator {
  readonly problems: Problem[] = [];

  constructor(private readonly root: TableField) {}

  private report(path: readonly string[], message: string, atKey = false): void {
    this.problems.push({ path, message, atKey });
  }

  private unknownKey(table: TableField, path: readonly string[], key: string): void {
    const here = [...path, key];
    const sibling = nearest(key, Object.keys(table.fields));
    let hint: string;
    if (sibling !== undefined) {
      hint = ` Did you mean "${[...path, sibling].join('.')}"?`;
    } else {
      // The key may belong in another table, e.g. `mouse` at the root instead of `ui.mouse`.
      const elsewhere = allKeyPaths(this.root).find((p) => p[p.length - 1] === key);
      if (elsewhere)
        hint = ` Did you mean "${elsewhere.join('.')}"? It belongs in [${elsewhere.slice(0, -1).join('.')}].`;
      else hint = ` Valid keys here: ${Object.keys(table.fields).join(', ')}.`;
    }
    this.report(here, `unknown key "${here.join('.')}".${hint}`, true);
  }

  value(field: Field, input: unknown, path: readonly string[]): unknown {
    if (input === undefined) {
      if (field.kind === 'map') return this.mapDefaults(field, path);
      return defaultOf(field);
    }
    const name = path.join('.');
    const wrongType = (expected: string): unknown => {
      this.report(path, `${name} must be ${expected}, but it is ${describeValue(input)}.`);
      return defaultOf(field);
    };
    const checked = <T>(value: T, check: ((v: string) => string | undefined) | undefined): T => {
      if (check && typeof value === 'string') {
        const problem = check(value);
        if (problem !== undefined) this.report(path, `${name}: ${problem}`);
      }
      return value;
    };
    switch (field.kind) {
      case 'string':
      case 'optionalString':
        if (typeof input !== 'string') return wrongType('a string');
        return checked(input, field.check);
      case 'enum':
        if (typeof input !== 'string' || !field.values.includes(input)) {
          const guess = typeof input === 'string' ? nearest(input, field.values) : undefined;
          this.report(
            path,
            `${name} must be one of ${field.values.map((v) => `"${v}"`).join(', ')}, but it is ${describeValue(input)}.${guess ? ` Did you mean "${guess}"?` : ''}`,
          );
          return field.default;
        }
        return input;
      case 'int':
      case 'number': {
        const n = typeof input === 'bigint' ? Number(input) : input;
        const what = field.kind === 'int' ? 'an integer' : 'a number';
        if (typeof n !== 'number' || (field.kind === 'int' && !Number.isInteger(n))) {
          return wrongType(`${what} from ${field.min} to ${field.max}`);
        }
        if (!Number.isFinite(n) || n < field.min || n > field.max) {
          this.report(
            path,
            `${name} must be ${what} from ${field.min} to ${field.max}, but it is ${n}.`,
          );
          return field.default;
        }
        return n;
      }
      case 'bool':
        if (typeof input !== 'boolean') return wrongType('true or false');
        return input;
      case 'stringList':
        if (!Array.isArray(input) || !input.every((v) => typeof v === 'string')) {
          return wrongType('an array of strings, like ["a", "b"]');
        }
        for (const item of input) checked(item, field.check);
        return [...input];
      case 'stringOrList': {
        const list: unknown[] =
          typeof input === 'string' ? [input] : Array.isArray(input) ? input : [0];
        if (!list.every((v) => typeof v === 'string')) {
          return wrongType('a string or an array of strings');
        }
        for (const item of list) checked(item, field.check);
        return list;
      }
      case 'table':
        if (!isTable(input)) return wrongType('a table');
        return this.table(field, input, path);
      case 'map': {
        if (!isTable(input)) return wrongType('a table');
        const out: Record<string, unknown> = {};
        for (const [key, entry] of Object.entries(input)) {
          const problem = field.keyCheck?.(key);
          if (problem !== undefined)
            this.report([...path, key], `${[...path, key].join('.')}: ${problem}`, true);
          out[key] = this.value(field.value, entry, [...path, key]);
        }
        return out;
      }
    }
  }

  private mapDefaults(field: Extract<Field, { kind: 'map' }>, path: readonly string[]): unknown {
    const out: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(field.default)) {
      out[key] = this.value(field.value, entry, [...path, key]);
    }
    return out;
  }

  table(
    field: TableField,
    input: Record<string, unknown>,
    path: readonly string[],
  ): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(input)) {
      if (!(key in field.fields)) this.unknownKey(field, path, key);
    }
    const before = this.problems.length;
    for (const [key, child] of Object.entries(field.fields)) {
      out[key] = this.value(child, input[key], [...path, key]);
    }
    if (field.check && this.problems.length === before) {
      for (const [key, message] of field.check(out)) {
        this.report([...path, key], message);
      }
    }
    return out;
  }
}
