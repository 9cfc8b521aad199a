// The contract and durability suites against a real PostgreSQL server that
// this file starts and stops. In CI a missing PostgreSQL fails the run with
// the command that fixes it; elsewhere the suites are skipped with a warning.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/domain/store.js';
import { inspectDatabase, openStore } from '../../src/services/store/index.js';
import {
  LATEST_VERSION,
  MIGRATIONS,
  type Migration,
} from '../../src/services/store/migrations/index.js';
import { defineStoreContract } from './contract.js';
import { defineDurability } from './durability.js';
import { isolatedEnv, ROOT, runCli } from '../helpers.js';
import {
  findPostgres,
  INSTALL_HINT,
  postgresHarness,
  startPostgres,
  type PgServer,
} from './support/postgres.js';

const bins = findPostgres();
const inCi = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';

if (bins === undefined) {
  if (inCi) {
    it('has PostgreSQL installed', () => {
      throw new Error(INSTALL_HINT);
    });
  } else {
    console.warn(`\n[postgres.test.ts] SKIPPED: ${INSTALL_HINT}\n`);
    it.skip(`PostgreSQL suites (${INSTALL_HINT})`, () => undefined);
  }
} else {
  let server: PgServer | undefined;
  beforeAll(async () => {
    server = await startPostgres(bins);
  }, 120_000);
  afterAll(() => {
    server?.stop();
  });
  const current = (): PgServer => {
    if (!server) throw new Error('PostgreSQL did not start');
    return server;
  };
  const factory = () => postgresHarness(current);

  defineStoreContract('PostgreSQL', factory);
  defineDurability('PostgreSQL', factory);

  describe('opening a PostgreSQL database', () => {
    it('records the version and refuses a newer schema, naming both versions', async () => {
      const h = await factory();
      try {
        const v2: Migration = {
          version: LATEST_VERSION + 1,
          name: 'notes',
          sqlite: '',
          postgres: 'CREATE TABLE notes (id TEXT PRIMARY KEY);',
        };
        const first = await h.open({ migrations: [...MIGRATIONS, v2], appVersion: '9.9.9' });
        expect(first.info).toMatchObject({
          kind: 'postgres',
          schemaVersion: LATEST_VERSION + 1,
          migratedFrom: 0,
          backupPath: null,
        });
        await first.close();
        const err = await openStore(h.target).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(StoreError);
        expect((err as StoreError).code).toBe('too_new');
        expect((err as StoreError).message).toMatch(
          new RegExp(
            `schema version ${LATEST_VERSION + 1} \\(written by mistralrs-tui 9\\.9\\.9\\).*up to ${LATEST_VERSION}`,
          ),
        );
        await expect(
          inspectDatabase(h.target, { migrations: [...MIGRATIONS, v2] }),
        ).resolves.toMatchObject({
          schemaVersion: LATEST_VERSION + 1,
          pending: [],
        });
      } finally {
        await h.dispose();
      }
    });

    it('refuses an attachment over the size cap with a clear error, keeping nothing', async () => {
      const h = await factory();
      try {
        if (h.target.kind !== 'postgres') throw new Error('expected a PostgreSQL target');
        const store = await openStore({ ...h.target, maxAttachmentBytes: 2_000_000 });
        const s = await store.createSession();
        const save = (n: number) =>
          store.saveAttachment({
            sessionId: s.id,
            messageId: null,
            name: 'big.png',
            mime: 'image/png',
            bytes: new Uint8Array(n).fill(7),
            origin: 'attached',
          });
        const err = await save(3_000_000).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(StoreError);
        expect((err as StoreError).code).toBe('invalid');
        expect((err as StoreError).message).toBe(
          'the attachment is 2.9 MB, over the 1.9 MB a PostgreSQL database keeps per attachment; ' +
            'raise attachments.max_db_mb in the config, or attach a smaller file',
        );
        expect(await store.listAttachments(s.id)).toEqual([]);
        expect(await h.blobCount()).toBe(0);
        // At the cap it is kept.
        const ok = await save(2_000_000);
        expect((await store.readAttachment(ok.id))?.length).toBe(2_000_000);
        await store.close();
      } finally {
        await h.dispose();
      }
    });

    it('serves the sessions commands and the dry run through a postgres:// --database', async () => {
      const h = await factory();
      try {
        const target = h.target;
        if (target.kind !== 'postgres') throw new Error('expected a PostgreSQL target');
        const url = target.url;
        const { env } = isolatedEnv();
        const fixture = path.join(ROOT, 'test', 'fixtures', 'store', 'session.jsonl');
        const cli = (...args: string[]) => runCli(['--database', url, ...args], env);
        const dry = JSON.parse(cli('--dry-run', '--json').stdout) as {
          database: Record<string, unknown>;
        };
        expect(dry.database).toMatchObject({
          status: 'ok',
          kind: 'postgres',
          schemaVersion: 0,
          pendingMigrations: ['1 initial', '2 attachment files'],
        });
        expect(cli('sessions', 'import', fixture).stderr).toBe(
          'Imported 1 session (6 messages, 2 attachments).\n',
        );
        const text = fs.readFileSync(fixture, 'utf8');
        const id = (JSON.parse(text.split('\n')[0] ?? '{}') as { id: string }).id;
        expect(cli('sessions', 'export', id).stdout).toBe(text);
        expect(cli('sessions', 'search', 'terse').stdout).toContain('system: You are terse.');
        expect(cli('--dry-run').stdout).toContain(`schema version ${LATEST_VERSION}, up to date`);
      } finally {
        await h.dispose();
      }
    });

    it('says clearly when the server cannot be reached, without showing the password', async () => {
      const url = `postgres://me:s3cret@127.0.0.1:${current().port + 1}/nowhere`;
      const err = await openStore({ kind: 'postgres', url }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(StoreError);
      expect((err as StoreError).code).toBe('unavailable');
      expect((err as StoreError).message).toContain(
        'cannot use PostgreSQL at postgres://me:***@127.0.0.1',
      );
      expect((err as StoreError).message).not.toContain('s3cret');
    });
  });
}
