// SqlDriver over node-postgres. Loaded with import() only when the database is
// a postgres:// URL, so SQLite users never pay for it. Each distinct SQL text
// becomes a named prepared statement, parsed once per connection.
import type { Pool, PoolClient, QueryResult } from 'pg';
import { StoreError } from '../../domain/store.js';
import {
  numberPlaceholders,
  type Row,
  type SqlDriver,
  type SqlExecutor,
  type SqlParam,
} from './driver.js';

/** The URL with its password replaced by `***`. */
export function redactPgUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:\/\/([^:@/]+):[^@/]*@/, '://$1:***@');
  }
}

interface PgFailure {
  readonly code?: string;
  readonly message?: string;
}

export function translatePgError(err: unknown, location: string): unknown {
  if (err instanceof StoreError || typeof err !== 'object' || err === null) return err;
  const { code = '', message = '' } = err as PgFailure;
  if (code === '23505')
    return new StoreError('conflict', `constraint failed: ${message}`, { cause: err });
  if (code === '23503' || code === '23514')
    return new StoreError('invalid', `constraint failed: ${message}`, { cause: err });
  if (code === '25006' || code === '42501')
    return new StoreError('read_only', `the database ${location} refused a write: ${message}`, {
      cause: err,
    });
  if (
    [
      'ECONNREFUSED',
      'ENOTFOUND',
      'ETIMEDOUT',
      'EHOSTUNREACH',
      '57P01',
      '57P03',
      '3D000',
      '28P01',
      '28000',
    ].includes(code)
  ) {
    return new StoreError(
      'unavailable',
      `cannot use PostgreSQL at ${location}: ${message || code}; check the URL given to --database and that the server runs`,
      { cause: err },
    );
  }
  return err;
}

export class PostgresDriver implements SqlDriver {
  readonly dialect = 'postgres' as const;
  private readonly pool: Pool;
  private readonly location: string;
  private readonly names = new Map<string, string>();

  private constructor(pool: Pool, location: string) {
    this.pool = pool;
    this.location = location;
  }

  static async connect(url: string): Promise<PostgresDriver> {
    const location = redactPgUrl(url);
    let PoolClass: typeof Pool;
    try {
      PoolClass = (await import('pg')).Pool;
    } catch (err) {
      throw new StoreError(
        'unavailable',
        'PostgreSQL support needs the "pg" package, which is not installed; reinstall mistralrs-tui with its dependencies',
        { cause: err },
      );
    }
    const pool = new PoolClass({
      connectionString: url,
      max: 4,
      connectionTimeoutMillis: 10_000,
      idleTimeoutMillis: 30_000,
      allowExitOnIdle: true,
    });
    // An idle client losing its connection must not crash the process; the
    // next query reports the problem instead.
    pool.on('error', () => undefined);
    const driver = new PostgresDriver(pool, location);
    await driver.get('SELECT 1 AS ok');
    return driver;
  }

  private statementName(sql: string): string {
    let name = this.names.get(sql);
    if (name === undefined) {
      name = `mtui_${this.names.size}`;
      this.names.set(sql, name);
    }
    return name;
  }

  private async query(
    client: Pool | PoolClient,
    sql: string,
    params: readonly SqlParam[],
  ): Promise<QueryResult> {
    try {
      return await client.query({
        name: this.statementName(sql),
        text: numberPlaceholders(sql),
        values: [...params],
      });
    } catch (err) {
      throw translatePgError(err, this.location);
    }
  }

  private executor(client: Pool | PoolClient): SqlExecutor {
    return {
      dialect: 'postgres',
      all: async (sql, params = []) => (await this.query(client, sql, params)).rows as Row[],
      get: async (sql, params = []) =>
        (await this.query(client, sql, params)).rows[0] as Row | undefined,
      run: async (sql, params = []) => (await this.query(client, sql, params)).rowCount ?? 0,
      exec: async (script) => {
        try {
          await client.query(script);
        } catch (err) {
          throw translatePgError(err, this.location);
        }
      },
    };
  }

  all(sql: string, params: readonly SqlParam[] = []): Promise<Row[]> {
    return this.executor(this.pool).all(sql, params);
  }

  get(sql: string, params: readonly SqlParam[] = []): Promise<Row | undefined> {
    return this.executor(this.pool).get(sql, params);
  }

  run(sql: string, params: readonly SqlParam[] = []): Promise<number> {
    return this.executor(this.pool).run(sql, params);
  }

  exec(script: string): Promise<void> {
    return this.executor(this.pool).exec(script);
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw translatePgError(err, this.location);
    }
    try {
      await client.query('BEGIN');
      const result = await fn(this.executor(client));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw translatePgError(err, this.location);
    } finally {
      client.release();
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
