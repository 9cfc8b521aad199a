// Generates the store benchmark's data set once and caches it outside the
// repository: 10,000 sessions and 1,000,000 messages (one session holds
// 10,000 of them), deterministic text drawn from a Zipf-distributed
// vocabulary. SQLite is filled in one transaction with prepared statements;
// PostgreSQL in batched multi-row INSERTs with the GIN indexes built after.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { newId } from '../dist/services/store/ids.js';
import { openStore } from '../dist/services/store/index.js';

export const SESSIONS = 10_000;
export const MESSAGES = 1_000_000;
export const BIG_SESSION_MESSAGES = 10_000;
export const CACHE =
  process.env.MISTRALRS_TUI_BENCH_CACHE ?? path.join(os.homedir(), '.cache', 'mistralrs-tui-bench');
const DATA_VERSION = 1;

export interface DataSet {
  readonly bigSessionId: string;
  readonly queries: readonly string[];
}

/** A small, fast, seeded PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TECH = [
  'model',
  'token',
  'stream',
  'server',
  'quantization',
  'gguf',
  'latency',
  'context',
  'prompt',
  'embedding',
  'vision',
  'rust',
  'python',
  'typescript',
  'database',
  'kernel',
  'memory',
  'cache',
  'tensor',
  'batch',
  'sampling',
  'temperature',
  'attention',
  'transformer',
  'layer',
  'gradient',
  'benchmark',
  'terminal',
  'session',
  'export',
];

function vocabulary(random: () => number): string[] {
  const c = 'bcdfghjklmnprstvwz';
  const v = 'aeiou';
  const words = new Set<string>(TECH);
  while (words.size < 6000) {
    let w = '';
    const syllables = 2 + Math.floor(random() * 3);
    for (let i = 0; i < syllables; i++)
      w +=
        (c[Math.floor(random() * c.length)] ?? 'b') + (v[Math.floor(random() * v.length)] ?? 'a');
    words.add(w);
  }
  return [...words];
}

/** Rows in generation order, shared by both back ends so they hold the same data. */
export function* rows(): Generator<
  | {
      kind: 'session';
      id: string;
      title: string;
      model: string;
      started: string;
      updated: string;
      tokens: number;
    }
  | {
      kind: 'message';
      id: string;
      session: string;
      parent: string | null;
      role: string;
      content: string;
      at: string;
      tokens: number;
    }
> {
  const random = rng(42);
  const words = vocabulary(random);
  const weights = words.map((_, i) => 1 / (i + 1));
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) cumulative.push((sum += w));
  const pick = (): string => {
    const x = random() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) < x) lo = mid + 1;
      else hi = mid;
    }
    return words[lo] ?? 'x';
  };
  const sentence = (n: number): string => Array.from({ length: n }, pick).join(' ');
  const start = Date.parse('2025-06-01T00:00:00.000Z');
  const rest = MESSAGES - BIG_SESSION_MESSAGES;
  const models = [
    'SmolLM2-135M-Instruct',
    'Qwen3-4B',
    'Mistral-7B-Instruct-v0.3',
    'gemma-3-4b-it',
    'Llama-3.2-3B',
  ];
  for (let s = 0; s < SESSIONS; s++) {
    const count =
      s === 0
        ? BIG_SESSION_MESSAGES
        : Math.floor(rest / (SESSIONS - 1)) + (s - 1 < rest % (SESSIONS - 1) ? 1 : 0);
    const started = start + s * 3_000_000;
    const sessionId = newId(started);
    const messages: { id: string; content: string; at: number; tokens: number }[] = [];
    let total = 0;
    for (let m = 0; m < count; m++) {
      const at = started + m * 1000;
      const content = sentence(5 + Math.floor(random() * 30));
      const tokens = Math.ceil(content.length / 4);
      total += tokens;
      messages.push({ id: newId(at), content, at, tokens });
    }
    const updated = new Date(messages.at(-1)?.at ?? started).toISOString();
    yield {
      kind: 'session',
      id: sessionId,
      title: sentence(2 + Math.floor(random() * 5)),
      model: models[s % models.length] ?? 'm',
      started: new Date(started).toISOString(),
      updated,
      tokens: total,
    };
    let parent: string | null = null;
    for (const [i, m] of messages.entries()) {
      yield {
        kind: 'message',
        id: m.id,
        session: sessionId,
        parent,
        role: i % 2 === 0 ? 'user' : 'assistant',
        content: m.content,
        at: new Date(m.at).toISOString(),
        tokens: m.tokens,
      };
      parent = m.id;
    }
  }
}

/** 100 search queries: single words across the frequency range, and word pairs. */
export function queries(): string[] {
  const random = rng(7);
  const words = vocabulary(rng(42));
  const out: string[] = [];
  for (let i = 0; i < 100; i++) {
    const a = words[Math.floor(Math.pow(random(), 2) * 3000)] ?? 'model';
    const b = words[Math.floor(Math.pow(random(), 2) * 300)] ?? 'token';
    out.push(i % 3 === 0 ? `${a} ${b}` : i % 3 === 1 ? a : a.slice(0, Math.max(3, a.length - 2)));
  }
  return out;
}

function metaFile(name: string): string {
  return path.join(CACHE, `${name}.meta.json`);
}

function readMeta(name: string): DataSet | undefined {
  try {
    const meta = JSON.parse(fs.readFileSync(metaFile(name), 'utf8')) as DataSet & {
      version: number;
    };
    return meta.version === DATA_VERSION ? meta : undefined;
  } catch {
    return undefined;
  }
}

function writeMeta(name: string, data: DataSet): void {
  fs.writeFileSync(metaFile(name), JSON.stringify({ version: DATA_VERSION, ...data }));
}

export const SQLITE_FILE = path.join(CACHE, 'store-bench.db');

/** The SQLite data set, generated when missing. */
export async function ensureSqlite(log: (s: string) => void): Promise<DataSet> {
  const cached = readMeta('sqlite');
  if (cached && fs.existsSync(SQLITE_FILE)) return cached;
  fs.mkdirSync(CACHE, { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(SQLITE_FILE + suffix, { force: true });
  await (await openStore({ kind: 'sqlite', path: SQLITE_FILE })).close();
  const t0 = performance.now();
  const db = new DatabaseSync(SQLITE_FILE);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA cache_size = -200000');
  const insertSession = db.prepare(
    'INSERT INTO sessions (id, title, model_id, backend, started_at, updated_at, tags, token_count, settings, archived) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)',
  );
  const insertMessage = db.prepare(
    "INSERT INTO messages (id, session_id, parent_id, role, content, status, token_count, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'complete', ?, ?, ?)",
  );
  let bigSessionId = '';
  let n = 0;
  db.exec('BEGIN');
  for (const r of rows()) {
    if (r.kind === 'session') {
      if (bigSessionId === '') bigSessionId = r.id;
      insertSession.run(
        r.id,
        r.title,
        r.model,
        'local',
        r.started,
        r.updated,
        '[]',
        r.tokens,
        '{}',
      );
    } else {
      insertMessage.run(r.id, r.session, r.parent, r.role, r.content, r.tokens, r.at, r.at);
      if (++n % 100_000 === 0)
        log(`  sqlite: ${n} messages (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
  }
  db.exec('COMMIT');
  db.exec(
    "INSERT INTO messages_fts (messages_fts) VALUES ('optimize'); PRAGMA wal_checkpoint(TRUNCATE); ANALYZE",
  );
  db.close();
  log(`  sqlite: generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const data = { bigSessionId, queries: queries() };
  writeMeta('sqlite', data);
  return data;
}

// --- PostgreSQL: a server in the cache folder, kept between runs -------------

export interface BenchPg {
  readonly url: string;
  stop(): void;
}

function pgBindir(): string | undefined {
  const fromEnv = process.env.MISTRALRS_TUI_PG_BINDIR;
  if (fromEnv !== undefined) return fromEnv;
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const v = fs.readdirSync(root).sort((a, b) => Number(b) - Number(a))[0];
  return v !== undefined && fs.existsSync(path.join(root, v, 'bin', 'initdb'))
    ? path.join(root, v, 'bin')
    : undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => {
        resolve(typeof a === 'object' && a !== null ? a.port : 0);
      });
    });
  });
}

/** Starts the benchmark's PostgreSQL server, or returns undefined when PostgreSQL is not installed. */
export async function startBenchPostgres(): Promise<BenchPg | undefined> {
  const bindir = pgBindir();
  if (bindir === undefined) return undefined;
  const asRoot = process.getuid?.() === 0;
  // As root the server runs as "postgres", which cannot enter /root.
  const dir =
    process.env.MISTRALRS_TUI_BENCH_PG_DIR ??
    (asRoot ? '/var/tmp/mistralrs-tui-bench-pg' : path.join(CACHE, 'pg'));
  const data = path.join(dir, 'data');
  const run = (cmd: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', path.join(bindir, cmd), ...args], {
          stdio: 'pipe',
        })
      : execFileSync(path.join(bindir, cmd), args, { stdio: 'pipe' });
  fs.mkdirSync(dir, { recursive: true });
  if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  if (!fs.existsSync(path.join(data, 'PG_VERSION'))) {
    run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C']);
  }
  const port = await freePort();
  run('pg_ctl', [
    '-D',
    data,
    '-l',
    path.join(dir, 'server.log'),
    '-w',
    '-t',
    '120',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c shared_buffers=512MB -c maintenance_work_mem=512MB -c max_wal_size=4GB`,
    'start',
  ]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => {
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    },
  };
}

/** The PostgreSQL data set, generated when missing. */
export async function ensurePostgres(url: string, log: (s: string) => void): Promise<DataSet> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const cached = readMeta('postgres');
    const count = await client
      .query<{ n: string }>('SELECT COUNT(*) AS n FROM messages')
      .then((r) => Number(r.rows[0]?.n ?? 0))
      .catch(() => 0);
    if (cached && count >= MESSAGES) return cached;
    await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
    await (await openStore({ kind: 'postgres', url })).close();
    const t0 = performance.now();
    await client.query(
      'DROP INDEX messages_search; DROP INDEX messages_by_session; DROP INDEX messages_by_parent',
    );
    await client.query('BEGIN');
    let bigSessionId = '';
    let batch: unknown[][] = [];
    let n = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const values = batch.map(
        (_, i) =>
          `($${i * 8 + 1}, $${i * 8 + 2}, $${i * 8 + 3}, $${i * 8 + 4}, $${i * 8 + 5}, 'complete', $${i * 8 + 6}, $${i * 8 + 7}, $${i * 8 + 8})`,
      );
      await client.query(
        `INSERT INTO messages (id, session_id, parent_id, role, content, status, token_count, created_at, updated_at) VALUES ${values.join(', ')}`,
        batch.flat(),
      );
      batch = [];
    };
    for (const r of rows()) {
      if (r.kind === 'session') {
        await flush();
        if (bigSessionId === '') bigSessionId = r.id;
        await client.query(
          "INSERT INTO sessions (id, title, model_id, backend, started_at, updated_at, tags, token_count, settings, archived) VALUES ($1, $2, $3, 'local', $4, $5, '[]', $6, '{}', 0)",
          [r.id, r.title, r.model, r.started, r.updated, r.tokens],
        );
      } else {
        batch.push([r.id, r.session, r.parent, r.role, r.content, r.tokens, r.at, r.at]);
        if (batch.length >= 1000) await flush();
        if (++n % 100_000 === 0)
          log(`  postgres: ${n} messages (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
      }
    }
    await flush();
    await client.query('COMMIT');
    log('  postgres: building indexes');
    await client.query('CREATE INDEX messages_by_session ON messages (session_id, id)');
    await client.query('CREATE INDEX messages_by_parent ON messages (parent_id)');
    await client.query('CREATE INDEX messages_search ON messages USING GIN (search)');
    await client.query('VACUUM ANALYZE');
    log(`  postgres: generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const data = { bigSessionId, queries: queries() };
    writeMeta('postgres', data);
    return data;
  } finally {
    await client.end();
  }
}
