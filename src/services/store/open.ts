// Opening a store: checks that the target is usable before anything is
// written, migrates (copying an existing SQLite file first), and turns the
// `streaming` replies of processes that died into `interrupted` ones.
import fs from 'node:fs';
import path from 'node:path';
import { VERSION } from '../../config/app-info.js';
import type { DatabaseTarget } from '../../config/effective.js';
import { StoreError, type SessionStore, type StoreInfo } from '../../domain/store.js';
import { DatabaseBlobs, FileBlobs, attachmentsDirFor } from './blobs.js';
import type { SqlDriver } from './driver.js';
import { assertUsable, migrate, readSchemaState, type SchemaState } from './migrate.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';
import { recoverStreams, writerId } from './recover.js';
import { SqliteDriver } from './sqlite-driver.js';
import { SqlStore, type StoreClock } from './sql-store.js';

export interface OpenOptions {
  /** Largest attachment a PostgreSQL database keeps (config attachments.max_db_mb). */
  readonly maxAttachmentBytes?: number;
  /** Tests replace the schema history to exercise upgrades. */
  readonly migrations?: readonly Migration[];
  readonly appVersion?: string;
  readonly clock?: StoreClock;
}

const SQLITE_MAGIC = 'SQLite format 3\0';

interface SqliteFile {
  readonly exists: boolean;
  readonly size: number;
}

/** Refuses a path that is a folder, not SQLite, or read-only; creates the folder when asked. */
export function checkSqliteFile(file: string, create: boolean): SqliteFile {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(file);
  } catch {
    stat = undefined;
  }
  if (stat?.isDirectory()) {
    throw new StoreError(
      'not_a_database',
      `${file} is a folder; --database needs a SQLite file path or a postgres:// URL`,
    );
  }
  if (stat === undefined) {
    const dir = path.dirname(file);
    if (create) {
      try {
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      } catch (err) {
        throw new StoreError(
          'read_only',
          `cannot create the folder ${dir}: ${(err as Error).message}`,
          {
            cause: err,
          },
        );
      }
    }
    return { exists: false, size: 0 };
  }
  if (stat.size > 0) {
    const header = Buffer.alloc(16);
    const fd = fs.openSync(file, 'r');
    let n: number;
    try {
      n = fs.readSync(fd, header, 0, 16, 0);
    } finally {
      fs.closeSync(fd);
    }
    if (header.toString('latin1', 0, n) !== SQLITE_MAGIC) {
      throw new StoreError(
        'not_a_database',
        `${file} is not a SQLite database; point --database at a new or existing database file`,
      );
    }
  }
  // Root may write anywhere, so the permission bits are checked as well: a
  // file nobody may write to was made read-only on purpose.
  let writable = (stat.mode & 0o222) !== 0;
  try {
    fs.accessSync(file, fs.constants.R_OK | fs.constants.W_OK);
    fs.accessSync(path.dirname(file), fs.constants.W_OK);
  } catch {
    writable = false;
  }
  if (!writable) {
    throw new StoreError(
      'read_only',
      `the database ${file} is read-only; make it writable (chmod u+w) or choose another with --database`,
    );
  }
  return { exists: true, size: stat.size };
}

function backupName(file: string, version: number): string {
  const base = `${file}.bak-${version}`;
  return fs.existsSync(base) ? `${base}-${Date.now()}` : base;
}

async function openSqlite(file: string, options: OpenOptions): Promise<SessionStore> {
  const migrations = options.migrations ?? MIGRATIONS;
  const appVersion = options.appVersion ?? VERSION;
  const found = checkSqliteFile(file, true);
  const driver = new SqliteDriver(file);
  try {
    // Look before writing anything: switching to WAL is itself a write.
    assertUsable(await readSchemaState(driver, migrations), file, appVersion);
    driver.execSync('PRAGMA journal_mode = WAL');
    // NORMAL in WAL mode: a commit survives the process being killed; only a
    // power loss can take the last commits (see docs/store.md).
    driver.execSync('PRAGMA synchronous = NORMAL');
    driver.deferCheckpoints();
    let backupPath: string | null = null;
    const result = await migrate(driver, migrations, {
      location: file,
      appVersion,
      beforeMigrate: (state: SchemaState) => {
        if (!found.exists || found.size === 0 || state.version === 0) return Promise.resolve();
        backupPath = backupName(file, state.version);
        driver.execSync(`VACUUM INTO '${backupPath.replaceAll("'", "''")}'`);
        return Promise.resolve();
      },
    });
    return await finish(
      driver,
      {
        kind: 'sqlite',
        location: file,
        schemaVersion: result.to,
        migratedFrom: result.applied.length > 0 ? result.from : null,
        backupPath,
        recoveredStreams: 0,
      },
      options,
    );
  } catch (err) {
    await driver.close();
    throw err;
  }
}

async function openPostgres(url: string, options: OpenOptions): Promise<SessionStore> {
  const { PostgresDriver, redactPgUrl } = await import('./postgres-driver.js');
  const location = redactPgUrl(url);
  const driver = await PostgresDriver.connect(url);
  try {
    const result = await migrate(driver, options.migrations ?? MIGRATIONS, {
      location,
      appVersion: options.appVersion ?? VERSION,
    });
    return await finish(
      driver,
      {
        kind: 'postgres',
        location,
        schemaVersion: result.to,
        migratedFrom: result.applied.length > 0 ? result.from : null,
        backupPath: null,
        recoveredStreams: 0,
      },
      options,
    );
  } catch (err) {
    await driver.close();
    throw err;
  }
}

/** Default of config attachments.max_db_mb. */
export const DEFAULT_MAX_DB_ATTACHMENT_BYTES = 32 * 1_048_576;

/** How long after opening a SQLite store its blob folder's leftovers are swept. */
const SWEEP_DELAY_MS = 2000;

async function finish(
  driver: SqlDriver,
  info: StoreInfo,
  options: OpenOptions,
): Promise<SessionStore> {
  const writer = writerId();
  const recovered = await recoverStreams(driver, writer, options.clock?.now() ?? new Date());
  let blobs: FileBlobs | DatabaseBlobs;
  if (info.kind === 'sqlite') {
    const files = new FileBlobs(attachmentsDirFor(info.location), path.dirname(info.location));
    // Leftovers of saves killed mid-write (never referenced, only litter),
    // swept once start-up is over: the TUI's first frame and first queries
    // come first. A command that exits sooner leaves them to the next start.
    const sweepFrom = Date.now() - 3_600_000;
    setTimeout(() => void files.sweepTemporary(sweepFrom), SWEEP_DELAY_MS).unref();
    blobs = files;
  } else {
    blobs = new DatabaseBlobs(options.maxAttachmentBytes ?? DEFAULT_MAX_DB_ATTACHMENT_BYTES);
  }
  return new SqlStore(
    driver,
    { ...info, recoveredStreams: recovered },
    writer,
    blobs,
    options.clock,
  );
}

/** Opens (creating and migrating as needed) the store at `target`. */
export function openStore(
  target: DatabaseTarget,
  options: OpenOptions = {},
): Promise<SessionStore> {
  return target.kind === 'sqlite'
    ? openSqlite(path.resolve(target.path), options)
    : openPostgres(target.url, {
        ...options,
        maxAttachmentBytes: options.maxAttachmentBytes ?? target.maxAttachmentBytes,
      });
}

export interface DatabaseInspection {
  readonly exists: boolean;
  readonly schemaVersion: number;
  readonly latest: number;
  readonly pending: readonly string[];
  readonly writtenBy: string | null;
}

/** What opening would find and do, without changing anything (for --dry-run). */
export async function inspectDatabase(
  target: DatabaseTarget,
  options: OpenOptions = {},
): Promise<DatabaseInspection> {
  const migrations = options.migrations ?? MIGRATIONS;
  const appVersion = options.appVersion ?? VERSION;
  let driver: SqlDriver;
  let location: string;
  if (target.kind === 'sqlite') {
    location = path.resolve(target.path);
    const found = checkSqliteFile(location, false);
    if (!found.exists) {
      const state = await readSchemaStateOfNothing(migrations);
      return { exists: false, ...state };
    }
    driver = new SqliteDriver(location);
  } else {
    const { PostgresDriver, redactPgUrl } = await import('./postgres-driver.js');
    location = redactPgUrl(target.url);
    driver = await PostgresDriver.connect(target.url);
  }
  try {
    const state = await readSchemaState(driver, migrations);
    assertUsable(state, location, appVersion);
    return {
      exists: true,
      schemaVersion: state.version,
      latest: state.latest,
      pending: state.pending.map((m) => `${m.version} ${m.name}`),
      writtenBy: state.writtenBy,
    };
  } finally {
    await driver.close();
  }
}

function readSchemaStateOfNothing(
  migrations: readonly Migration[],
): Promise<Omit<DatabaseInspection, 'exists'>> {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  return Promise.resolve({
    schemaVersion: 0,
    latest: sorted.at(-1)?.version ?? 0,
    pending: sorted.map((m) => `${m.version} ${m.name}`),
    writtenBy: null,
  });
}
