// Applies pending migrations in one transaction and records each version with
// the app version that applied it. A database from a newer schema, or a SQLite
// file that belongs to some other program, is refused before anything is written.
import { StoreError } from '../../domain/store.js';
import type { Row, SqlDriver, SqlExecutor } from './driver.js';
import type { Migration } from './migrations/index.js';

export interface SchemaState {
  readonly version: number;
  /** The app version that applied `version`, when recorded. */
  readonly writtenBy: string | null;
  readonly latest: number;
  readonly pending: readonly Migration[];
  /** Tables found in a database that has no migration record. */
  readonly foreignTables: readonly string[];
}

const BOOTSTRAP = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  app_version TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;

// Any 64-bit constant: the advisory lock that serializes migrating processes.
const PG_MIGRATION_LOCK = 7_351_922_004;

async function tableNames(db: SqlExecutor): Promise<string[]> {
  const rows: Row[] =
    db.dialect === 'sqlite'
      ? await db.all(
          "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )
      : await db.all(
          'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()',
        );
  return rows.map((r) => String(r.name));
}

export async function readSchemaState(
  db: SqlExecutor,
  migrations: readonly Migration[],
): Promise<SchemaState> {
  const latest = migrations.reduce((v, m) => Math.max(v, m.version), 0);
  const tables = await tableNames(db);
  let version = 0;
  let writtenBy: string | null = null;
  if (tables.includes('schema_migrations')) {
    const row = await db.get(
      'SELECT version, app_version FROM schema_migrations ORDER BY version DESC LIMIT 1',
    );
    if (row !== undefined) {
      version = Number(row.version);
      writtenBy = String(row.app_version);
    }
  }
  const foreignTables = version === 0 ? tables.filter((t) => t !== 'schema_migrations') : [];
  const pending = [...migrations]
    .filter((m) => m.version > version)
    .sort((a, b) => a.version - b.version);
  return { version, writtenBy, latest, pending, foreignTables };
}

/** Throws when this build must not touch the database. */
export function assertUsable(state: SchemaState, location: string, appVersion: string): void {
  if (state.version > state.latest) {
    throw new StoreError(
      'too_new',
      `the database ${location} has schema version ${state.version}` +
        `${state.writtenBy !== null ? ` (written by mistralrs-tui ${state.writtenBy})` : ''}, ` +
        `but this mistralrs-tui ${appVersion} knows schema versions up to ${state.latest}. ` +
        'Upgrade mistralrs-tui, or choose another database with --database.',
    );
  }
  if (state.foreignTables.length > 0) {
    throw new StoreError(
      'not_a_database',
      `${location} is a database of some other program (tables: ${state.foreignTables.slice(0, 5).join(', ')}); ` +
        'choose another file with --database.',
    );
  }
}

export interface MigrationResult {
  readonly from: number;
  readonly to: number;
  readonly applied: readonly Migration[];
}

/**
 * Brings the schema up to date. `beforeMigrate` runs outside the transaction
 * when there is work to do (the SQLite store copies the file there).
 */
export async function migrate(
  driver: SqlDriver,
  migrations: readonly Migration[],
  options: {
    readonly location: string;
    readonly appVersion: string;
    readonly beforeMigrate?: (state: SchemaState) => Promise<void>;
  },
): Promise<MigrationResult> {
  const first = await readSchemaState(driver, migrations);
  assertUsable(first, options.location, options.appVersion);
  if (first.pending.length === 0) return { from: first.version, to: first.version, applied: [] };
  if (options.beforeMigrate) await options.beforeMigrate(first);
  return driver.transaction(async (tx) => {
    if (tx.dialect === 'postgres')
      await tx.get(`SELECT pg_advisory_xact_lock(${PG_MIGRATION_LOCK})`);
    // Another process may have migrated between the first look and the lock.
    const state = await readSchemaState(tx, migrations);
    assertUsable(state, options.location, options.appVersion);
    await tx.exec(BOOTSTRAP);
    for (const m of state.pending) {
      try {
        await tx.exec(tx.dialect === 'sqlite' ? m.sqlite : m.postgres);
      } catch (err) {
        throw new StoreError(
          'migration_failed',
          `migration ${m.version} (${m.name}) failed on ${options.location}: ${(err as Error).message}; nothing was changed`,
          { cause: err },
        );
      }
      await tx.run(
        'INSERT INTO schema_migrations (version, name, app_version, applied_at) VALUES (?, ?, ?, ?)',
        [m.version, m.name, options.appVersion, new Date().toISOString()],
      );
    }
    const to = state.pending.at(-1)?.version ?? state.version;
    if (tx.dialect === 'sqlite') await tx.exec(`PRAGMA user_version = ${to}`);
    return { from: state.version, to, applied: state.pending };
  });
}
