// Opening SQLite files that are not what they should be: each case is a clear
// StoreError and leaves the file exactly as it was. Plus migrations: backup
// before upgrading, one transaction, newer versions refused.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/domain/store.js';
import { inspectDatabase, openStore } from '../../src/services/store/index.js';
import { MIGRATIONS, type Migration } from '../../src/services/store/migrations/index.js';
import { tempDir } from './support/sqlite.js';

let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function digest(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function listing(): string[] {
  return fs.readdirSync(dir).sort();
}

async function openError(file: string, migrations?: readonly Migration[]): Promise<StoreError> {
  const err = await openStore(
    { kind: 'sqlite', path: file },
    migrations ? { migrations } : {},
  ).then(
    async (s) => {
      await s.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StoreError);
  return err as StoreError;
}

const v2: Migration = {
  version: 2,
  name: 'notes',
  sqlite: 'CREATE TABLE notes (id TEXT PRIMARY KEY, body TEXT NOT NULL);',
  postgres: 'CREATE TABLE notes (id TEXT PRIMARY KEY, body TEXT NOT NULL);',
};

async function makeDb(
  file: string,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<string> {
  const store = await openStore(
    { kind: 'sqlite', path: file },
    { migrations, appVersion: '9.9.9' },
  );
  await store.createSession({ title: 'precious' });
  await store.close();
  return digest(file);
}

describe('opening a SQLite database', () => {
  it('creates the folder and the file, in WAL mode with the latest schema', async () => {
    const file = path.join(dir, 'a', 'b', 'sessions.db');
    const store = await openStore({ kind: 'sqlite', path: file });
    expect(store.info).toMatchObject({
      kind: 'sqlite',
      location: file,
      schemaVersion: 1,
      migratedFrom: 0,
      backupPath: null,
    });
    await store.close();
    const raw = new DatabaseSync(file);
    expect(raw.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(raw.prepare('PRAGMA user_version').get()).toEqual({ user_version: 1 });
    expect(raw.prepare('SELECT version, name FROM schema_migrations').all()).toEqual([
      { version: 1, name: 'initial' },
    ]);
    raw.close();
  });

  it('refuses a file that is not a database and leaves it alone', async () => {
    const file = path.join(dir, 'notes.txt');
    fs.writeFileSync(file, 'just some text, definitely not SQLite\n');
    const before = digest(file);
    const err = await openError(file);
    expect(err.code).toBe('not_a_database');
    expect(err.message).toContain(`${file} is not a SQLite database`);
    expect(digest(file)).toBe(before);
    expect(listing()).toEqual(['notes.txt']);
  });

  it('refuses a folder', async () => {
    const err = await openError(dir);
    expect(err.code).toBe('not_a_database');
    expect(err.message).toContain('is a folder');
  });

  it('refuses a SQLite database of another program', async () => {
    const file = path.join(dir, 'other.db');
    const raw = new DatabaseSync(file);
    raw.exec('CREATE TABLE photos (id INTEGER PRIMARY KEY)');
    raw.close();
    const before = digest(file);
    const err = await openError(file);
    expect(err.code).toBe('not_a_database');
    expect(err.message).toContain('tables: photos');
    expect(digest(file)).toBe(before);
  });

  it('refuses a read-only database file and changes nothing', async () => {
    const file = path.join(dir, 'sessions.db');
    const before = await makeDb(file);
    fs.chmodSync(file, 0o444);
    const err = await openError(file);
    expect(err.code).toBe('read_only');
    expect(err.message).toContain('read-only');
    expect(digest(file)).toBe(before);
    expect(listing()).toEqual(['sessions.db']);
  });

  it('refuses a database from a newer version, naming both versions, and changes nothing', async () => {
    const file = path.join(dir, 'sessions.db');
    const before = await makeDb(file, [...MIGRATIONS, v2]);
    const err = await openError(file);
    expect(err.code).toBe('too_new');
    expect(err.message).toMatch(/schema version 2 \(written by mistralrs-tui 9\.9\.9\)/);
    expect(err.message).toMatch(/knows schema versions up to 1/);
    expect(digest(file)).toBe(before);
    expect(listing()).toEqual(['sessions.db']);
    await expect(inspectDatabase({ kind: 'sqlite', path: file })).rejects.toThrow(
      /schema version 2/,
    );
  });

  it('copies an existing file to <name>.bak-<version> before migrating it', async () => {
    const file = path.join(dir, 'sessions.db');
    await makeDb(file);
    const pending = await inspectDatabase(
      { kind: 'sqlite', path: file },
      { migrations: [...MIGRATIONS, v2] },
    );
    expect(pending).toMatchObject({
      exists: true,
      schemaVersion: 1,
      latest: 2,
      pending: ['2 notes'],
    });
    const store = await openStore(
      { kind: 'sqlite', path: file },
      { migrations: [...MIGRATIONS, v2] },
    );
    expect(store.info).toMatchObject({
      schemaVersion: 2,
      migratedFrom: 1,
      backupPath: `${file}.bak-1`,
    });
    expect((await store.listSessions()).items.map((s) => s.title)).toEqual(['precious']);
    await store.close();
    const backup = new DatabaseSync(`${file}.bak-1`);
    expect(backup.prepare('PRAGMA user_version').get()).toEqual({ user_version: 1 });
    expect(backup.prepare('SELECT title FROM sessions').all()).toEqual([{ title: 'precious' }]);
    expect(backup.prepare("SELECT name FROM sqlite_schema WHERE name = 'notes'").all()).toEqual([]);
    backup.close();
  });

  it('applies pending migrations in one transaction: a failing one leaves the old version', async () => {
    const file = path.join(dir, 'sessions.db');
    await makeDb(file);
    const broken: Migration = {
      version: 3,
      name: 'broken',
      sqlite: 'CREATE TABLE oops (;',
      postgres: '',
    };
    const err = await openError(file, [...MIGRATIONS, v2, broken]);
    expect(err.code).toBe('migration_failed');
    expect(err.message).toContain('migration 3 (broken) failed');
    const raw = new DatabaseSync(file);
    expect(
      raw.prepare("SELECT name FROM sqlite_schema WHERE name IN ('notes', 'oops')").all(),
    ).toEqual([]);
    expect(raw.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).toEqual({ v: 1 });
    raw.close();
  });

  it('reports a missing file as new with every migration pending, without creating it', async () => {
    const file = path.join(dir, 'new', 'sessions.db');
    expect(await inspectDatabase({ kind: 'sqlite', path: file })).toEqual({
      exists: false,
      schemaVersion: 0,
      latest: 1,
      pending: ['1 initial'],
      writtenBy: null,
    });
    expect(fs.existsSync(path.dirname(file))).toBe(false);
  });
});
