import { describe, expect, it } from 'vitest';
import { checkAgainstSchema, parseArguments } from './json-schema.js';

const paths = (schema: unknown, value: unknown): string[] =>
  checkAgainstSchema(schema, value).map((p) => `${p.path} ${p.message}`);

describe('argument checks', () => {
  const echo = {
    type: 'object',
    properties: { message: { type: 'string', minLength: 1 } },
    required: ['message'],
    additionalProperties: false,
  };

  it('accepts valid arguments', () => {
    expect(paths(echo, { message: 'hi' })).toEqual([]);
  });

  it('reports a missing, mistyped or unknown argument by path', () => {
    expect(paths(echo, {})).toEqual(['/message is required']);
    expect(paths(echo, { message: 3 })).toEqual(['/message must be string, not integer']);
    expect(paths(echo, { message: 'a', extra: 1 })).toEqual([
      '/extra is not an argument this tool takes',
    ]);
    expect(paths(echo, { message: '' })).toEqual(['/message must be at least 1 characters long']);
  });

  it('numbers: integer vs number, bounds', () => {
    const s = {
      type: 'object',
      properties: {
        n: { type: 'integer', minimum: 1, maximum: 3 },
        x: { type: 'number', exclusiveMinimum: 0 },
      },
    };
    expect(paths(s, { n: 2, x: 0.5 })).toEqual([]);
    expect(paths(s, { n: 2.5 })).toEqual(['/n must be integer, not number']);
    expect(paths(s, { n: 9, x: 0 })).toEqual(['/n must be at most 3', '/x must be more than 0']);
    expect(paths({ type: 'number' }, 3)).toEqual([]);
  });

  it('enum, const, pattern, arrays', () => {
    expect(paths({ enum: ['a', 'b'] }, 'c')).toEqual([' must be one of "a", "b"']);
    expect(paths({ const: 1 }, 1)).toEqual([]);
    expect(paths({ type: 'string', pattern: '^[a-z]+$' }, 'A1')).toHaveLength(1);
    const arr = { type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true };
    expect(paths(arr, ['a', 2])).toEqual(['/1 must be string, not integer']);
    expect(paths(arr, [])).toEqual([' must have at least 1 items']);
    expect(paths(arr, ['a', 'a'])).toEqual([' must not repeat an item']);
  });

  it('nested objects, $ref to $defs, anyOf/oneOf, type lists, nullable', () => {
    const s = {
      type: 'object',
      $defs: {
        edit: {
          type: 'object',
          properties: { oldText: { type: 'string' } },
          required: ['oldText'],
        },
      },
      properties: {
        edits: { type: 'array', items: { $ref: '#/$defs/edit' } },
        mode: { anyOf: [{ type: 'string' }, { type: 'null' }] },
        one: { oneOf: [{ type: 'integer' }, { type: 'number' }] },
        t: { type: ['string', 'null'] },
        n: { type: 'string', nullable: true },
      },
    };
    expect(paths(s, { edits: [{ oldText: 'a' }], mode: null, one: 1.5, t: null, n: null })).toEqual(
      [],
    );
    expect(paths(s, { edits: [{}] })).toEqual(['/edits/0/oldText is required']);
    expect(paths(s, { mode: 1 })).toEqual(['/mode matches none of the allowed forms (anyOf)']);
    expect(paths(s, { one: 1 })).toEqual(['/one matches more than one form (oneOf)']);
    expect(paths(s, { t: 1 })).toEqual(['/t must be string or null, not integer']);
    expect(paths({ $ref: '#/$defs/none' }, 1)).toHaveLength(1);
  });

  it('accepts what it does not check (format, remote $ref, a self-referencing schema stops)', () => {
    expect(paths({ type: 'string', format: 'email' }, 'not an email')).toEqual([]);
    expect(paths({ $ref: 'https://example.invalid/s.json' }, 1)).toEqual([]);
    const loop = { $defs: { a: { $ref: '#/$defs/a' } }, $ref: '#/$defs/a' };
    expect(() => checkAgainstSchema(loop, 1)).not.toThrow();
  });

  it('parseArguments: JSON text to a checked object', () => {
    expect(parseArguments('{"message":"hi"}', echo)).toEqual({
      ok: true,
      value: { message: 'hi' },
    });
    expect(parseArguments('', { type: 'object' })).toEqual({ ok: true, value: {} });
    const bad = parseArguments('{"message":', echo);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems[0]).toMatch(/^not valid JSON/);
    expect(parseArguments('[1]', echo)).toEqual({
      ok: false,
      problems: ['the arguments must be a JSON object, not array'],
    });
    expect(parseArguments('{}', echo)).toEqual({ ok: false, problems: ['/message: is required'] });
  });
});
