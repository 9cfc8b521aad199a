// A small declarative schema for the TOML config. Each field carries its type,
// default and documentation, so one table drives validation, the typed result,
// the commented example written by `config init`, and typo suggestions.
// (Why not zod: see docs/decisions.md.)

interface Documented {
  /** One or more sentences; shown as comments in the example config. */
  readonly doc: string;
}

export interface StringField extends Documented {
  readonly kind: 'string';
  readonly default: string;
  /** Redacted by `config show` (unless it only names environment variables). */
  readonly secret?: boolean;
  readonly check?: (value: string) => string | undefined;
}
export interface OptionalStringField extends Documented {
  readonly kind: 'optionalString';
  readonly secret?: boolean;
  /** Shown commented out in the example. */
  readonly example?: string;
  readonly check?: (value: string) => string | undefined;
}
export interface EnumField<T extends string = string> extends Documented {
  readonly kind: 'enum';
  readonly values: readonly T[];
  readonly default: T;
}
export interface IntField extends Documented {
  readonly kind: 'int';
  readonly default: number;
  readonly min: number;
  readonly max: number;
}
export interface NumberField extends Documented {
  readonly kind: 'number';
  readonly default: number;
  readonly min: number;
  readonly max: number;
}
export interface BoolField extends Documented {
  readonly kind: 'bool';
  readonly default: boolean;
}
export interface StringListField extends Documented {
  readonly kind: 'stringList';
  readonly default: readonly string[];
  readonly example?: readonly string[];
  readonly check?: (value: string) => string | undefined;
}
/** A string or a list of strings, normalized to a list (key bindings). */
export interface StringOrListField extends Documented {
  readonly kind: 'stringOrList';
  readonly check?: (value: string) => string | undefined;
}
export type FieldMap = Readonly<Record<string, Field>>;
export interface TableField<S extends FieldMap = FieldMap> extends Documented {
  readonly kind: 'table';
  readonly fields: S;
  /** Cross-field rules, run after the fields are valid. Returns [key, message] pairs. */
  readonly check?: (value: Record<string, unknown>) => [string, string][];
}
export interface MapField<V extends Field = Field> extends Documented {
  readonly kind: 'map';
  readonly value: V;
  readonly default: Readonly<Record<string, unknown>>;
  readonly keyCheck?: (key: string) => string | undefined;
  /** Entries written into the example config: tables uncommented, plain values commented out. */
  readonly example: Readonly<Record<string, unknown>>;
}

export type Field =
  | StringField
  | OptionalStringField
  | EnumField
  | IntField
  | NumberField
  | BoolField
  | StringListField
  | StringOrListField
  | TableField
  | MapField;

export type Infer<F> =
  F extends EnumField<infer T>
    ? T
    : F extends StringField
      ? string
      : F extends OptionalStringField
        ? string | undefined
        : F extends IntField | NumberField
          ? number
          : F extends BoolField
            ? boolean
            : F extends StringListField | StringOrListField
              ? string[]
              : F extends TableField<infer S>
                ? { [K in keyof S]: Infer<S[K]> }
                : F extends MapField<infer V>
                  ? Record<string, Infer<V>>
                  : never;

export const f = {
  string: (
    doc: string,
    def: string,
    check?: StringField['check'],
    secret?: boolean,
  ): StringField => ({
    kind: 'string',
    doc,
    default: def,
    ...(check ? { check } : {}),
    ...(secret === true ? { secret } : {}),
  }),
  optionalString: (
    doc: string,
    opts: Omit<OptionalStringField, 'kind' | 'doc'> = {},
  ): OptionalStringField => ({ kind: 'optionalString', doc, ...opts }),
  enum: <T extends string>(doc: string, values: readonly T[], def: T): EnumField<T> => ({
    kind: 'enum',
    doc,
    values,
    default: def,
  }),
  int: (doc: string, def: number, min: number, max: number): IntField => ({
    kind: 'int',
    doc,
    default: def,
    min,
    max,
  }),
  number: (doc: string, def: number, min: number, max: number): NumberField => ({
    kind: 'number',
    doc,
    default: def,
    min,
    max,
  }),
  bool: (doc: string, def: boolean): BoolField => ({ kind: 'bool', doc, default: def }),
  stringList: (
    doc: string,
    def: readonly string[],
    opts: Omit<StringListField, 'kind' | 'doc' | 'default'> = {},
  ): StringListField => ({ kind: 'stringList', doc, default: def, ...opts }),
  stringOrList: (doc: string, check?: StringOrListField['check']): StringOrListField => ({
    kind: 'stringOrList',
    doc,
    ...(check ? { check } : {}),
  }),
  table: <S extends FieldMap>(
    doc: string,
    fields: S,
    check?: TableField['check'],
  ): TableField<S> => ({ kind: 'table', doc, fields, ...(check ? { check } : {}) }),
  map: <V extends Field>(
    doc: string,
    value: V,
    opts: Omit<MapField<V>, 'kind' | 'doc' | 'value'>,
  ) => ({ kind: 'map', doc, value, ...opts }) satisfies MapField<V>,
};

/** The value a field takes when the file does not set it. */
export function defaultOf(field: Field): unknown {
  switch (field.kind) {
    case 'optionalString':
      return undefined;
    case 'stringList':
      return [...field.default];
    case 'stringOrList':
      return [];
    case 'table': {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(field.fields)) out[key] = defaultOf(child);
      return out;
    }
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [key, entry] of Object.entries(field.default)) out[key] = structuredClone(entry);
      return out;
    }
    default:
      return field.default;
  }
}
