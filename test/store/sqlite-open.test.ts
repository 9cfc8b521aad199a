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
import {
  LATEST_VERSION,
  MIGRATIONS,
  type Migration,
} from '../../src/services/store/migrations/index.js';
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

// A version after the real schema's latest, to exercise upgrades and refusals.
const NEXT = LATEST_VERSION + 1;
const v2: Migration = {
  version: NEXT,
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
      schemaVersion: LATEST_VERSION,
      migratedFrom: 0,
      backupPath: null,
    });
    await store.close();
    const raw = new DatabaseSync(file);
    expect(raw.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(raw.prepare('PRAGMA user_version').get()).toEqual({ user_version: LATEST_VERSION });
    expect(raw.prepare('SELECT version, name FROM schema_migrations').all()).toEqual([
      { version: 1, name: 'initial' },
      { version: 2, name: 'attachment files' },
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
    expect(err.message).toMatch(
      new RegExp(`schema version ${NEXT} \\(written by mistralrs-tui 9\\.9\\.9\\)`),
    );
    expect(err.message).toMatch(new RegExp(`knows schema versions up to ${LATEST_VERSION}`));
    expect(digest(file)).toBe(before);
    expect(listing()).toEqual(['sessions.db']);
    await expect(inspectDatabase({ kind: 'sqlite', path: file })).rejects.toThrow(
      new RegExp(`schema version ${NEXT}`),
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
      schemaVersion: LATEST_VERSION,
      latest: NEXT,
      pending: [`${NEXT} notes`],
    });
    const store = await openStore(
      { kind: 'sqlite', path: file },
      { migrations: [...MIGRATIONS, v2] },
    );
    expect(store.info).toMatchObject({
      schemaVersion: NEXT,
      migratedFrom: LATEST_VERSION,
      backupPath: `${file}.bak-${LATEST_VERSION}`,
    });
    expect((await store.listSessions()).items.map((s) => s.title)).toEqual(['precious']);
    await store.close();
    const backup = new DatabaseSync(`${file}.bak-${LATEST_VERSION}`);
    expect(backup.prepare('PRAGMA user_version').get()).toEqual({ user_version: LATEST_VERSION });
    expect(backup.prepare('SELECT title FROM sessions').all()).toEqual([{ title: 'precious' }]);
    expect(backup.prepare("SELECT name FROM sqlite_schema WHERE name = 'notes'").all()).toEqual([]);
    backup.close();
  });

  it('applies pending migrations in one transaction: a failing one leaves the old version', async () => {
    const file = path.join(dir, 'sessions.db');
    await makeDb(file);
    const broken: Migration = {
      version: NEXT + 1,
      name: 'broken',
      sqlite: 'CREATE TABLE oops (;',
      postgres: '',
    };
    const err = await openError(file, [...MIGRATIONS, v2, broken]);
    expect(err.code).toBe('migration_failed');
    expect(err.message).toContain(`migration ${NEXT + 1} (broken) failed`);
    const raw = new DatabaseSync(file);
    expect(
      raw.prepare("SELECT name FROM sqlite_schema WHERE name IN ('notes', 'oops')").all(),
    ).toEqual([]);
    expect(raw.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).toEqual({
      v: LATEST_VERSION,
    });
    raw.close();
  });

  it('reports a missing file as new with every migration pending, without creating it', async () => {
    const file = path.join(dir, 'new', 'sessions.db');
    expect(await inspectDatabase({ kind: 'sqlite', path: file })).toEqual({
      exists: false,
      schemaVersion: 0,
      latest: LATEST_VERSION,
      pending: ['1 initial', '2 attachment files'],
      writtenBy: null,
    });
    expect(fs.existsSync(path.dirname(file))).toBe(false);
  });

  it('migrates a schema 1 file to the attachment files schema, keeping every session', async () => {
    const file = path.join(dir, 'sessions.db');
    const old = await openStore(
      { kind: 'sqlite', path: file },
      { migrations: MIGRATIONS.filter((m) => m.version === 1), appVersion: '0.1.0' },
    );
    expect(old.info.schemaVersion).toBe(1);
    const titles: string[] = [];
    for (let i = 0; i < 5; i++) {
      const s = await old.createSession({ title: `old ${i}`, tags: ['kept'] });
      titles.push(s.title);
      await old.appendMessage({ sessionId: s.id, role: 'user', content: `question ${i}` });
    }
    const first = (await old.listSessions({ sort: 'title', order: 'asc' })).items[0];
    await old.close();
    // A version 1 attachment row, as that schema had them.
    const raw1 = new DatabaseSync(file);
    raw1
      .prepare(
        `INSERT INTO attachments (id, session_id, message_id, path, sha256, mime, size_bytes, metadata, created_at)
         VALUES ('A1', ?, NULL, '/home/me/cat.png', ?, 'image/png', 3, '{"width":1}', '2026-01-01T00:00:00.000Z')`,
      )
      .run(first?.id ?? '', 'f'.repeat(64));
    raw1.close();

    const store = await openStore({ kind: 'sqlite', path: file });
    expect(store.info).toMatchObject({
      schemaVersion: LATEST_VERSION,
      migratedFrom: 1,
      backupPath: `${file}.bak-1`,
    });
    const sessions = (await store.listSessions({ sort: 'title', order: 'asc' })).items;
    expect(sessions.map((s) => s.title)).toEqual(titles);
    expect(sessions.every((s) => s.tags.includes('kept'))).toBe(true);
    for (const s of sessions) expect(await store.listMessages(s.id)).toHaveLength(1);
    expect((await store.search('question')).length).toBe(5);
    const [a] = await store.listAttachments(first?.id ?? '');
    expect(a).toMatchObject({
      id: 'A1',
      name: '',
      origin: 'attached',
      path: '/home/me/cat.png',
      metadata: { width: 1 },
    });
    // Its bytes were never stored: a placeholder, not an error.
    expect(await store.readAttachment('A1')).toBeUndefined();
    // And the new columns work at once.
    const saved = await store.saveAttachment({
      sessionId: first?.id ?? '',
      messageId: null,
      name: 'new.png',
      mime: 'image/png',
      bytes: new Uint8Array([1, 2, 3]),
      origin: 'generated',
    });
    expect(Array.from((await store.readAttachment(saved.id)) ?? [])).toEqual([1, 2, 3]);
    await store.close();
  });
});
