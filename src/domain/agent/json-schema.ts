// Checks tool arguments against the tool's input schema before a call runs
// (the model's arguments, or the user's edit of them). MCP tools describe their
// input with a small part of JSON Schema — what zod, pydantic and hand-written
// servers emit — and that part is checked here: type (or a list of types),
// properties, required, additionalProperties, items / prefixItems, enum, const,
// numeric and length bounds, pattern, anyOf / oneOf / allOf / not, and local
// $ref (#/$defs/..., #/definitions/...). Anything else (format, if/then,
// dependencies) is accepted, not guessed at: the server validates again.
// Why not ajv: it is large, compiles code with `new Function`, and the app
// (which may not import services) needs this check for the edit dialog.
import type { Json } from './types.js';

export interface SchemaProblem {
  /** JSON Pointer-like path into the arguments: "" for the root, "/path/0". */
  readonly path: string;
  readonly message: string;
}

type Schema = Readonly<Record<string, unknown>> | boolean;

function isObject(v: unknown): v is Readonly<Record<string, unknown>> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function matchesType(v: unknown, type: string): boolean {
  const t = typeOf(v);
  if (type === 'number') return t === 'number' || t === 'integer';
  return t === type;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

function show(v: unknown): string {
  const s = (JSON.stringify(v) as string | undefined) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

const MAX_DEPTH = 64;

class Checker {
  readonly problems: SchemaProblem[] = [];
  constructor(private readonly root: Schema) {}

  private report(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  private deref(schema: Readonly<Record<string, unknown>>): Schema | undefined {
    const ref = schema.$ref;
    if (typeof ref !== 'string') return schema;
    if (!ref.startsWith('#')) return true; // remote refs are not fetched
    let node: unknown = this.root;
    for (const raw of ref
      .slice(1)
      .split('/')
      .filter((p) => p !== '')) {
      const part = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      node = isObject(node) ? node[part] : undefined;
    }
    return isObject(node) || typeof node === 'boolean' ? node : undefined;
  }

  /** Whether `value` passes `schema`, without recording problems. */
  private passes(schema: unknown, value: unknown, depth: number): boolean {
    const probe = new Checker(this.root);
    probe.check(schema, value, '', depth);
    return probe.problems.length === 0;
  }

  check(schemaIn: unknown, value: unknown, path: string, depth = 0): void {
    if (depth > MAX_DEPTH) return;
    if (schemaIn === true || schemaIn === undefined) return;
    if (schemaIn === false) {
      this.report(path, 'no value is allowed here');
      return;
    }
    if (!isObject(schemaIn)) return;
    const schema = this.deref(schemaIn);
    if (schema === undefined) {
      this.report(path, `the schema refers to ${show(schemaIn.$ref)}, which it does not define`);
      return;
    }
    if (schema !== schemaIn) {
      this.check(schema, value, path, depth + 1);
      return;
    }
    const s = schema;
    const types = typeof s.type === 'string' ? [s.type] : Array.isArray(s.type) ? s.type : [];
    const typeNames = types.filter((t): t is string => typeof t === 'string');
    if (s.nullable === true && value === null) return;
    if (typeNames.length > 0 && !typeNames.some((t) => matchesType(value, t))) {
      this.report(path, `must be ${typeNames.join(' or ')}, not ${typeOf(value)}`);
      return;
    }
    if (Array.isArray(s.enum) && !s.enum.some((e) => deepEqual(e, value)))
      this.report(path, `must be one of ${s.enum.map(show).join(', ')}`);
    if ('const' in s && !deepEqual(s.const, value)) this.report(path, `must be ${show(s.const)}`);
    if (typeof value === 'number') this.number(s, value, path);
    if (typeof value === 'string') this.string(s, value, path);
    if (Array.isArray(value)) this.array(s, value, path, depth);
    if (isObject(value)) this.object(s, value, path, depth);
    if (Array.isArray(s.allOf)) for (const sub of s.allOf) this.check(sub, value, path, depth + 1);
    if (Array.isArray(s.anyOf) && !s.anyOf.some((sub) => this.passes(sub, value, depth + 1)))
      this.report(path, 'matches none of the allowed forms (anyOf)');
    if (Array.isArray(s.oneOf)) {
      const n = s.oneOf.filter((sub) => this.passes(sub, value, depth + 1)).length;
      if (n !== 1)
        this.report(
          path,
          n === 0
            ? 'matches none of the allowed forms (oneOf)'
            : 'matches more than one form (oneOf)',
        );
    }
    if ('not' in s && this.passes(s.not, value, depth + 1))
      this.report(path, 'matches a form that is not allowed (not)');
  }

  private number(s: Readonly<Record<string, unknown>>, v: number, path: string): void {
    const n = (k: string): number | undefined => (typeof s[k] === 'number' ? s[k] : undefined);
    const min = n('minimum');
    const max = n('maximum');
    const xmin = n('exclusiveMinimum');
    const xmax = n('exclusiveMaximum');
    const step = n('multipleOf');
    if (min !== undefined && v < min) this.report(path, `must be at least ${min}`);
    if (max !== undefined && v > max) this.report(path, `must be at most ${max}`);
    if (xmin !== undefined && v <= xmin) this.report(path, `must be more than ${xmin}`);
    if (xmax !== undefined && v >= xmax) this.report(path, `must be less than ${xmax}`);
    if (step !== undefined && step > 0 && Math.abs(v / step - Math.round(v / step)) > 1e-9)
      this.report(path, `must be a multiple of ${step}`);
  }

  private string(s: Readonly<Record<string, unknown>>, v: string, path: string): void {
    // Length in code points, as JSON Schema counts it.
    let length = 0;
    for (const _ of v) length++;
    if (typeof s.minLength === 'number' && length < s.minLength)
      this.report(path, `must be at least ${s.minLength} characters long`);
    if (typeof s.maxLength === 'number' && length > s.maxLength)
      this.report(path, `must be at most ${s.maxLength} characters long`);
    if (typeof s.pattern === 'string') {
      let re: RegExp | undefined;
      try {
        re = new RegExp(s.pattern, 'u');
      } catch {
        re = undefined; // a pattern JavaScript cannot read is left to the server
      }
      if (re && !re.test(v)) this.report(path, `must match the pattern ${show(s.pattern)}`);
    }
  }

  private array(
    s: Readonly<Record<string, unknown>>,
    v: readonly unknown[],
    path: string,
    depth: number,
  ): void {
    if (typeof s.minItems === 'number' && v.length < s.minItems)
      this.report(path, `must have at least ${s.minItems} items`);
    if (typeof s.maxItems === 'number' && v.length > s.maxItems)
      this.report(path, `must have at most ${s.maxItems} items`);
    if (s.uniqueItems === true && v.some((x, i) => v.findIndex((y) => deepEqual(x, y)) !== i))
      this.report(path, 'must not repeat an item');
    const prefix = Array.isArray(s.prefixItems)
      ? s.prefixItems
      : Array.isArray(s.items)
        ? s.items
        : [];
    const rest = Array.isArray(s.items) ? s.additionalItems : s.items;
    v.forEach((item, i) => {
      const sub: unknown = i < prefix.length ? prefix[i] : rest;
      this.check(sub, item, `${path}/${i}`, depth + 1);
    });
  }

  private object(
    s: Readonly<Record<string, unknown>>,
    v: Readonly<Record<string, unknown>>,
    path: string,
    depth: number,
  ): void {
    const props = isObject(s.properties) ? s.properties : {};
    if (Array.isArray(s.required))
      for (const key of s.required)
        if (typeof key === 'string' && !(key in v)) this.report(`${path}/${key}`, 'is required');
    const patterns = isObject(s.patternProperties) ? Object.entries(s.patternProperties) : [];
    for (const [key, item] of Object.entries(v)) {
      const here = `${path}/${key}`;
      if (key in props) {
        this.check(props[key], item, here, depth + 1);
        continue;
      }
      const byPattern = patterns.filter(([p]) => {
        try {
          return new RegExp(p, 'u').test(key);
        } catch {
          return false;
        }
      });
      if (byPattern.length > 0) {
        for (const [, sub] of byPattern) this.check(sub, item, here, depth + 1);
        continue;
      }
      if (s.additionalProperties === false) this.report(here, 'is not an argument this tool takes');
      else if (isObject(s.additionalProperties))
        this.check(s.additionalProperties, item, here, depth + 1);
    }
    if (typeof s.minProperties === 'number' && Object.keys(v).length < s.minProperties)
      this.report(path, `must have at least ${s.minProperties} entries`);
    if (typeof s.maxProperties === 'number' && Object.keys(v).length > s.maxProperties)
      this.report(path, `must have at most ${s.maxProperties} entries`);
  }
}

/** Every way `value` breaks `schema` (empty when it passes). */
export function checkAgainstSchema(schema: unknown, value: unknown): SchemaProblem[] {
  const root: Schema = isObject(schema) || typeof schema === 'boolean' ? schema : true;
  const checker = new Checker(root);
  checker.check(root, value, '');
  return checker.problems;
}

/** The problems as lines for a dialog: "/path: must be a string". */
export function describeProblems(problems: readonly SchemaProblem[]): string[] {
  return problems.map((p) => `${p.path === '' ? '(arguments)' : p.path}: ${p.message}`);
}

export type ParsedArguments =
  | { readonly ok: true; readonly value: Readonly<Record<string, Json>> }
  | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Parses argument JSON (from the model or typed by the user) and checks it:
 * the text must be a JSON object that passes the tool's schema. An empty
 * string counts as `{}` (models send that for tools without arguments).
 */
export function parseArguments(text: string, schema: unknown): ParsedArguments {
  let value: unknown;
  try {
    value = text.trim() === '' ? {} : JSON.parse(text);
  } catch (e) {
    return { ok: false, problems: [`not valid JSON: ${(e as Error).message}`] };
  }
  if (!isObject(value))
    return { ok: false, problems: [`the arguments must be a JSON object, not ${typeOf(value)}`] };
  const problems = checkAgainstSchema(schema, value);
  return problems.length > 0
    ? { ok: false, problems: describeProblems(problems) }
    : { ok: true, value: value as Readonly<Record<string, Json>> };
}
