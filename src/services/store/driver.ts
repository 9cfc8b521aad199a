// The small SQL surface the store is written against, so one implementation
// of SessionStore serves SQLite and PostgreSQL. SQL uses `?` placeholders; the
// PostgreSQL driver numbers them. Values are strings, numbers or null (and bytes):
// booleans are 0/1, JSON is text, times are ISO strings.

/** Uint8Array only for PostgreSQL's BYTEA (attachment bytes). */
export type SqlParam = string | number | null | Uint8Array;
export type Row = Readonly<Record<string, unknown>>;
export type Dialect = 'sqlite' | 'postgres';

export interface SqlExecutor {
  readonly dialect: Dialect;
  all(sql: string, params?: readonly SqlParam[]): Promise<Row[]>;
  get(sql: string, params?: readonly SqlParam[]): Promise<Row | undefined>;
  /** Runs a statement; resolves to the number of rows changed. */
  run(sql: string, params?: readonly SqlParam[]): Promise<number>;
  /** Runs several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
}

export interface SqlDriver extends SqlExecutor {
  /** Runs `fn` in one write transaction, serialized against every other use of the driver. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Rewrites `?` placeholders as `$1, $2, ...`, leaving quoted text alone. */
export function numberPlaceholders(sql: string): string {
  let out = '';
  let n = 0;
  let quote: string | null = null;
  for (const ch of sql) {
    if (quote !== null) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (ch === '?') {
      n += 1;
      out += `$${n}`;
    } else out += ch;
  }
  return out;
}

/** Runs async work one at a time, in call order. */
export class Gate {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  get idle(): boolean {
    return this.waiting === 0;
  }

  run<T>(fn: () => Promise<T>): Promise<T> {
    this.waiting += 1;
    const result = this.tail.then(fn).finally(() => {
      this.waiting -= 1;
    });
    this.tail = result.catch(() => undefined);
    return result;
  }
}
