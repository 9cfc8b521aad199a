// Store benchmark (issue 6): on 10,000 sessions and 1,000,000 messages, SQLite
// and PostgreSQL side by side through the real SessionStore: open + list the
// 50 most recent sessions, full-text search (100 queries), append a message,
// load the last 200 messages of a 10,000-message session, export it as JSONL.
// Then the two SQLite drivers (node:sqlite, better-sqlite3) on the same file
// with the same SQL, which is how the driver was chosen. better-sqlite3 is not
// a dependency: it is measured when installed in the benchmark cache
// (npm install --prefix ~/.cache/mistralrs-tui-bench/deps better-sqlite3).
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { sessionToJsonl } from '../dist/services/export/jsonl.js';
import { openStore } from '../dist/services/store/index.js';
import type { DatabaseTarget } from '../src/config/effective.ts';
import { printTable, summarize, writeResults } from './_table.ts';
import {
  CACHE,
  ensurePostgres,
  ensureSqlite,
  SQLITE_FILE,
  startBenchPostgres,
  type DataSet,
} from './gen-store.ts';

type Summary = ReturnType<typeof summarize>;

async function time<T>(fn: () => Promise<T> | T): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await fn();
  return [performance.now() - t0, r];
}

const CONTENT =
  'The quick brown fox jumps over the lazy dog while the model streams tokens. '.repeat(3);

async function measureStore(target: DatabaseTarget, data: DataSet) {
  const openList: number[] = [];
  for (let i = 0; i < 20; i++) {
    const [ms, store] = await time(async () => {
      const s = await openStore(target);
      await s.listSessions({ limit: 50 });
      return s;
    });
    openList.push(ms);
    await store.close();
  }
  const store = await openStore(target);
  try {
    const search: number[] = [];
    let hits = 0;
    // Three passes over the 100 queries: p95 of 300 samples is steadier on a busy machine.
    for (let pass = 0; pass < 3; pass++) {
      for (const q of data.queries) {
        const [ms, found] = await time(() => store.search(q, { limit: 20 }));
        search.push(ms);
        hits += found.length;
      }
    }
    const session = await store.createSession({ title: 'bench append' });
    const append: number[] = [];
    let parentId: string | null = null;
    for (let i = 0; i < 2000; i++) {
      const [ms, m] = await time(() =>
        store.appendMessage({
          sessionId: session.id,
          parentId,
          role: i % 2 ? 'assistant' : 'user',
          content: CONTENT,
          tokenCount: 40,
        }),
      );
      parentId = m.id;
      append.push(ms);
    }
    await store.deleteSessions([session.id]);
    const load: number[] = [];
    for (let i = 0; i < 50; i++) {
      const [ms, rows] = await time(() => store.listMessages(data.bigSessionId, { limit: 200 }));
      if (rows.length !== 200) throw new Error(`loaded ${rows.length} messages, not 200`);
      load.push(ms);
    }
    const exportMs: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 5; i++) {
      const [ms, text] = await time(async () =>
        sessionToJsonl(await store.exportSession(data.bigSessionId)),
      );
      exportMs.push(ms);
      bytes = text.length;
    }
    const stats = await store.stats();
    return {
      sessions: stats.sessions,
      messages: stats.messages,
      openList: summarize(openList),
      search: summarize(search),
      searchHitsPerQuery: hits / search.length,
      append: summarize(append),
      load200: summarize(load),
      exportJsonl: summarize(exportMs),
      exportBytes: bytes,
    };
  } finally {
    await store.close();
  }
}

/** The same SQL through either driver: the store's hot paths, minus the store. */
interface RawDb {
  all(sql: string, ...params: (string | number | null)[]): unknown[];
  run(sql: string, ...params: (string | number | null)[]): void;
  exec(sql: string): void;
  close(): void;
}

function nodeSqlite(file: string): RawDb {
  const db = new DatabaseSync(file, { timeout: 10_000, enableForeignKeyConstraints: true });
  const cache = new Map<string, ReturnType<DatabaseSync['prepare']>>();
  const stmt = (sql: string) => {
    let s = cache.get(sql);
    if (!s) cache.set(sql, (s = db.prepare(sql)));
    return s;
  };
  return {
    all: (sql, ...p) => stmt(sql).all(...p),
    run: (sql, ...p) => void stmt(sql).run(...p),
    exec: (sql) => {
      db.exec(sql);
    },
    close: () => {
      db.close();
    },
  };
}

interface BetterStatement {
  all(...p: unknown[]): unknown[];
  run(...p: unknown[]): unknown;
}
interface BetterDb {
  prepare(sql: string): BetterStatement;
  exec(sql: string): void;
  pragma(s: string): unknown;
  close(): void;
}

function betterSqlite(file: string): RawDb | undefined {
  let Ctor: new (file: string, opts: { timeout: number }) => BetterDb;
  try {
    Ctor = createRequire(path.join(CACHE, 'deps', 'package.json'))('better-sqlite3') as typeof Ctor;
  } catch {
    return undefined;
  }
  const db = new Ctor(file, { timeout: 10_000 });
  db.pragma('foreign_keys = ON');
  const cache = new Map<string, BetterStatement>();
  const stmt = (sql: string) => {
    let s = cache.get(sql);
    if (!s) cache.set(sql, (s = db.prepare(sql)));
    return s;
  };
  return {
    all: (sql, ...p) => stmt(sql).all(...p),
    run: (sql, ...p) => void stmt(sql).run(...p),
    exec: (sql) => {
      db.exec(sql);
    },
    close: () => {
      db.close();
    },
  };
}

async function measureDriver(open: () => RawDb | undefined, data: DataSet) {
  const [openMs, db] = await time(() => {
    const d = open();
    d?.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL');
    return d;
  });
  if (!db) return undefined;
  try {
    const list: number[] = [];
    for (let i = 0; i < 200; i++) {
      list.push(
        (
          await time(() =>
            db.all(
              'SELECT * FROM sessions WHERE archived = 0 ORDER BY updated_at DESC, id DESC LIMIT 50',
            ),
          )
        )[0],
      );
    }
    const search: number[] = [];
    for (const q of data.queries) {
      const match = (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
        .map((t) => `"${t}"*`)
        .join(' AND ');
      search.push(
        (
          await time(() => {
            const ids = db.all(
              'SELECT id FROM (SELECT rowid AS id, bm25(messages_fts) AS score FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid DESC LIMIT 1000) ORDER BY score, id DESC LIMIT 20',
              match,
            ) as { id: number }[];
            if (ids.length > 0) {
              db.all(
                `SELECT m.*, s.title FROM messages m JOIN sessions s ON s.id = m.session_id WHERE m.rowid IN (${ids.map(() => '?').join(', ')})`,
                ...ids.map((r) => r.id),
              );
            }
          })
        )[0],
      );
    }
    const sid = `bench-driver-${process.pid}`;
    const at = new Date().toISOString();
    db.run(
      "INSERT INTO sessions (id, title, started_at, updated_at) VALUES (?, 'driver bench', ?, ?)",
      sid,
      at,
      at,
    );
    const append: number[] = [];
    for (let i = 0; i < 1000; i++) {
      append.push(
        (
          await time(() => {
            db.exec('BEGIN IMMEDIATE');
            db.run(
              'UPDATE sessions SET updated_at = ?, token_count = token_count + 40 WHERE id = ?',
              at,
              sid,
            );
            db.run(
              "INSERT INTO messages (id, session_id, role, content, status, created_at, updated_at) VALUES (?, ?, 'user', ?, 'complete', ?, ?)",
              `${sid}-${i}`,
              sid,
              CONTENT,
              at,
              at,
            );
            db.exec('COMMIT');
          })
        )[0],
      );
    }
    db.run('DELETE FROM sessions WHERE id = ?', sid);
    const load: number[] = [];
    for (let i = 0; i < 50; i++) {
      load.push(
        (
          await time(() =>
            db.all(
              'SELECT * FROM messages WHERE session_id = ? ORDER BY id DESC LIMIT 200',
              data.bigSessionId,
            ),
          )
        )[0],
      );
    }
    const readAll: number[] = [];
    for (let i = 0; i < 5; i++) {
      readAll.push(
        (
          await time(() =>
            db.all('SELECT * FROM messages WHERE session_id = ? ORDER BY id', data.bigSessionId),
          )
        )[0],
      );
    }
    return {
      openMs,
      list50: summarize(list),
      search: summarize(search),
      append: summarize(append),
      load200: summarize(load),
      read10k: summarize(readAll),
    };
  } finally {
    db.close();
  }
}

const TARGETS = { openList: 20, searchP95: 50, appendP99: 2, load200: 20, exportJsonl: 1000 };

export default async function storeBench(): Promise<void> {
  const log = (s: string) => {
    console.log(s);
  };
  log(`data set: ${CACHE} (generated on first run)`);
  const sqliteData = await ensureSqlite(log);
  const sqlite = await measureStore({ kind: 'sqlite', path: SQLITE_FILE }, sqliteData);
  const drivers = {
    'node:sqlite': await measureDriver(() => nodeSqlite(SQLITE_FILE), sqliteData),
    'better-sqlite3': await measureDriver(() => betterSqlite(SQLITE_FILE), sqliteData),
  };
  let postgres: Awaited<ReturnType<typeof measureStore>> | undefined;
  const server = await startBenchPostgres();
  if (server) {
    try {
      const pgData = await ensurePostgres(server.url, log);
      postgres = await measureStore({ kind: 'postgres', url: server.url }, pgData);
    } finally {
      server.stop();
    }
  } else log('PostgreSQL not installed (bash scripts/ensure-postgres.sh): its column is empty');

  const row = (name: string, pick: (r: typeof sqlite) => number, target?: number) => [
    name,
    pick(sqlite),
    postgres ? pick(postgres) : '-',
    target !== undefined ? `< ${target}` : '',
  ];
  const p = (s: Summary, k: 'p50' | 'p95' | 'p99') => s[k];
  log(`\nstore: ${sqlite.sessions} sessions, ${sqlite.messages} messages (ms)`);
  printTable([
    ['operation', 'SQLite', 'PostgreSQL', 'target (SQLite)'],
    row('open + list 50 (p50)', (r) => p(r.openList, 'p50'), TARGETS.openList),
    row('search p50', (r) => p(r.search, 'p50')),
    row('search p95', (r) => p(r.search, 'p95'), TARGETS.searchP95),
    row('append p50', (r) => p(r.append, 'p50')),
    row('append p99', (r) => p(r.append, 'p99'), TARGETS.appendP99),
    row('load last 200 (p50)', (r) => p(r.load200, 'p50'), TARGETS.load200),
    row('export 10k msgs JSONL (p50)', (r) => p(r.exportJsonl, 'p50'), TARGETS.exportJsonl),
  ]);
  log('\nSQLite drivers, same file and SQL (ms)');
  const d = (name: string, pick: (r: NonNullable<(typeof drivers)['node:sqlite']>) => number) => [
    name,
    drivers['node:sqlite'] ? pick(drivers['node:sqlite']) : '-',
    drivers['better-sqlite3'] ? pick(drivers['better-sqlite3']) : 'not installed',
  ];
  printTable([
    ['operation', 'node:sqlite', 'better-sqlite3'],
    d('open', (r) => r.openMs),
    d('list 50 p50', (r) => r.list50.p50),
    d('search p50', (r) => r.search.p50),
    d('search p95', (r) => r.search.p95),
    d('append p50', (r) => r.append.p50),
    d('append p99', (r) => r.append.p99),
    d('load 200 p50', (r) => r.load200.p50),
    d('read 10k rows p50', (r) => r.read10k.p50),
  ]);
  const load = os.loadavg().map((l) => l.toFixed(2));
  log(`\nload average during the run: ${load.join(' ')} on ${os.cpus().length} CPUs`);
  const file = writeResults('store', {
    loadAverage: load,
    cpus: os.cpus().length,
    targets: TARGETS,
    sqlite,
    postgres: postgres ?? null,
    drivers,
  });
  log(`\nresults: ${file}`);
}
