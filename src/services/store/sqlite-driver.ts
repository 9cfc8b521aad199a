// SqlDriver over node:sqlite (built into Node; chosen over better-sqlite3 by
// the store benchmark, see docs/decisions.md). One connection per store, WAL,
// foreign keys on, a busy timeout so that two processes sharing the file wait
// for each other instead of failing, cached prepared statements, and write
// transactions begun IMMEDIATE so a reader never has to upgrade to a writer
// (the upgrade is the case a busy timeout cannot resolve).
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { StoreError } from '../../domain/store.js';
import { Gate, type Row, type SqlDriver, type SqlExecutor, type SqlParam } from './driver.js';

export const BUSY_TIMEOUT_MS = 10_000;

interface SqliteFailure {
  readonly errcode?: number;
  readonly errstr?: string;
  readonly message?: string;
}

/** Turns SQLite result codes the user can act on into StoreErrors. */
export function translateSqliteError(err: unknown, file: string): unknown {
  if (err instanceof StoreError || typeof err !== 'object' || err === null) return err;
  const { errcode, message = '' } = err as SqliteFailure;
  const primary = errcode === undefined ? -1 : errcode & 0xff;
  switch (primary) {
    case 5: // SQLITE_BUSY
    case 6: // SQLITE_LOCKED
      return new StoreError(
        'busy',
        `the database ${file} stayed locked by another process for ${BUSY_TIMEOUT_MS / 1000} s; try again`,
        { cause: err },
      );
    case 8: // SQLITE_READONLY
      return new StoreError(
        'read_only',
        `the database ${file} is read-only; make it writable or choose another with --database`,
        { cause: err },
      );
    case 11: // SQLITE_CORRUPT
    case 26: // SQLITE_NOTADB
      return new StoreError(
        'not_a_database',
        `${file} is not a usable SQLite database (${message}); point --database at another file`,
        { cause: err },
      );
    case 19: // SQLITE_CONSTRAINT
      return new StoreError(
        message.includes('FOREIGN KEY') ? 'invalid' : 'conflict',
        `constraint failed: ${message}`,
        { cause: err },
      );
    default:
      return err;
  }
}

export class SqliteDriver implements SqlDriver {
  readonly dialect = 'sqlite' as const;
  private readonly db: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();
  private readonly gate = new Gate();
  private readonly inner: SqlExecutor;
  readonly file: string;

  constructor(file: string) {
    this.file = file;
    try {
      this.db = new DatabaseSync(file, {
        timeout: BUSY_TIMEOUT_MS,
        enableForeignKeyConstraints: true,
      });
    } catch (err) {
      throw translateSqliteError(err, file);
    }
    this.inner = {
      dialect: 'sqlite',
      all: (sql, params) => Promise.resolve(this.allSync(sql, params)),
      get: (sql, params) => Promise.resolve(this.allSync(sql, params)[0]),
      run: (sql, params) => Promise.resolve(this.runSync(sql, params)),
      exec: (script) => {
        this.execSync(script);
        return Promise.resolve();
      },
    };
  }

  /** Runs a statement outside the gate; for set-up before the store is shared. */
  execSync(script: string): void {
    try {
      this.db.exec(script);
    } catch (err) {
      throw translateSqliteError(err, this.file);
    }
  }

  allSync(sql: string, params: readonly SqlParam[] = []): Row[] {
    try {
      return this.statement(sql).all(...params);
    } catch (err) {
      throw translateSqliteError(err, this.file);
    }
  }

  runSync(sql: string, params: readonly SqlParam[] = []): number {
    try {
      return Number(this.statement(sql).run(...params).changes);
    } catch (err) {
      throw translateSqliteError(err, this.file);
    }
  }

  private statement(sql: string): StatementSync {
    let stmt = this.statements.get(sql);
    if (stmt === undefined) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  /** Runs now when nothing is queued (the common case), else after the queue. */
  private use<T>(fn: () => T): Promise<T> {
    if (this.gate.idle) {
      try {
        return Promise.resolve(fn());
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
    }
    return this.gate.run(() => Promise.resolve(fn()));
  }

  all(sql: string, params?: readonly SqlParam[]): Promise<Row[]> {
    return this.use(() => this.allSync(sql, params));
  }

  get(sql: string, params?: readonly SqlParam[]): Promise<Row | undefined> {
    return this.use(() => this.allSync(sql, params)[0]);
  }

  run(sql: string, params?: readonly SqlParam[]): Promise<number> {
    return this.use(() => {
      const changed = this.runSync(sql, params);
      this.wrote();
      return changed;
    });
  }

  exec(script: string): Promise<void> {
    return this.use(() => {
      this.execSync(script);
    });
  }

  /**
   * SQLite checkpoints the WAL inside whichever commit crosses the threshold,
   * which puts a write of many pages and an fsync into one unlucky append.
   * The store turns that off (see `deferCheckpoints`) and checkpoints here,
   * at most once a second, after the write has been answered.
   */
  private checkpointTimer: NodeJS.Timeout | undefined;
  private deferred = false;

  deferCheckpoints(): void {
    this.execSync('PRAGMA wal_autocheckpoint = 0');
    this.deferred = true;
  }

  private wrote(): void {
    if (!this.deferred || this.checkpointTimer !== undefined) return;
    this.checkpointTimer = setTimeout(() => {
      this.checkpointTimer = undefined;
      if (!this.db.isOpen || !this.gate.idle) return;
      try {
        this.db.exec('PRAGMA wal_checkpoint(PASSIVE)');
      } catch {
        // Another process holds the lock; the next write schedules another try.
      }
    }, 1000);
    this.checkpointTimer.unref();
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.gate.run(async () => {
      this.execSync('BEGIN IMMEDIATE');
      try {
        const result = await fn(this.inner);
        this.execSync('COMMIT');
        this.wrote();
        return result;
      } catch (err) {
        if (this.db.isTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
    });
  }

  close(): Promise<void> {
    return this.gate.run(() => {
      clearTimeout(this.checkpointTimer);
      this.checkpointTimer = undefined;
      if (this.db.isOpen) this.db.close();
      return Promise.resolve();
    });
  }
}
