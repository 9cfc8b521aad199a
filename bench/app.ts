// App benchmark (`npm run bench -- app`): the built binary in a pseudo-terminal,
// end to end.
// 1. Spawn to the end of the first frame (DEC 2026 `?2026l`) with an empty store
//    and with the store benchmark's 10,000-session SQLite file (target p50 < 250 ms).
// 2. Keypress-to-echo latency while a reply streams at 200 tokens/s from a
//    loopback fake server: time from writing a character to the first output
//    chunk holding it (target p99 < 16 ms).
// 3. CPU time of the TUI per streamed token, from /proc/PID/stat.
// 4. Resident memory: idle after start-up with an empty store (target < 150 MB),
//    and with a 10,000-message session open (target < 250 MB).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { startFakeServer } from './_fake-openai.ts';
import { printTable, summarize, writeResults } from './_table.ts';
import { cpuMs, echoMs, FRAME_END, killAll, rssMb, sleep, startTui } from './_tui-pty.ts';
import { ensureSqlite, SESSIONS, SQLITE_FILE } from './gen-store.ts';

const STARTUP_RUNS = 20;
const RSS_RUNS = 3;
const ECHO_SAMPLES = 240;
const TOKENS_PER_SECOND = 200;
const CPU_WINDOW_MS = 5000;
/** Nothing listens on the discard port: start-up must not wait for a server. */
const NO_SERVER = 'http://127.0.0.1:9';
/** Appended to the big session's last message: seeing it means the session is drawn. */
const BIG_MARKER = 'zqxbenchmarkend';
/** Typed into the composer while the reply streams; the streamed words are lowercase letters. */
const ECHO_CANDIDATES = '#$%&*=^~@!{}<>|`'.split('');

type Summary = ReturnType<typeof summarize>;
const TEN_K = SESSIONS.toLocaleString('en');

function machine(): { cores: number; cpu: string; loadavg: number[] } {
  return {
    cores: os.availableParallelism(),
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/**
 * Spawn to the end of the first frame: wall ms, and the CPU ms the TUI had used
 * by then (on a shared machine the wall time mostly grows with the load, the CPU
 * time with the work). The TUI quits right after.
 */
async function firstFrame(home: string, db: string): Promise<{ wall: number; cpu: number }> {
  const tui = startTui(['--database', db, '--url', NO_SERVER], home);
  try {
    const at = await tui.waitFor(FRAME_END, 'the first frame');
    return { wall: at - tui.started, cpu: cpuMs(tui.pid) };
  } finally {
    await tui.quit();
  }
}

/** A bare `node -e 0`, in ms: on a shared machine, what the load alone costs a start. */
function bareNodeMs(): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`node -e 0 exited ${String(r.status)}`);
  return performance.now() - started;
}

interface StartupSamples {
  frame: Summary;
  cpu: Summary;
  bare: Summary;
}

/** First frames, with a bare node start after each so both see the same load. */
async function startupSamples(home: string, db: string): Promise<StartupSamples> {
  await firstFrame(home, db); // warms the file and compile caches (and migrates a copied store)
  const frame: number[] = [];
  const cpu: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < STARTUP_RUNS; i++) {
    const f = await firstFrame(home, db);
    frame.push(f.wall);
    cpu.push(f.cpu);
    bare.push(bareNodeMs());
  }
  return { frame: summarize(frame), cpu: summarize(cpu), bare: summarize(bare) };
}

/**
 * Resident memory 1 s and 10 s after `text` is drawn (the app measures a long
 * session's message heights in the background meanwhile), and the time from
 * spawn to that drawing.
 */
async function settledRss(
  home: string,
  db: string,
  text: string,
  what: string,
): Promise<{ mb: number; mbLater: number; drawnMs: number }> {
  const tui = startTui(['--database', db, '--url', NO_SERVER], home);
  try {
    const at = await tui.waitFor(text, what, 30_000);
    await sleep(1000);
    const mb = rssMb(tui.pid);
    await sleep(9000);
    return { mb, mbLater: rssMb(tui.pid), drawnMs: at - tui.started };
  } finally {
    await tui.quit();
  }
}

async function rssSamples(
  home: string,
  db: string,
  text: string,
  what: string,
): Promise<{ rssMb: Summary; rssLaterMb: Summary; drawnMs: Summary }> {
  const runs: { mb: number; mbLater: number; drawnMs: number }[] = [];
  for (let i = 0; i < RSS_RUNS; i++) runs.push(await settledRss(home, db, text, what));
  return {
    rssMb: summarize(runs.map((r) => r.mb)),
    rssLaterMb: summarize(runs.map((r) => r.mbLater)),
    drawnMs: summarize(runs.map((r) => r.drawnMs)),
  };
}

/** A private copy of the cached store: the TUI migrates and recovers in place. */
function copyStore(dir: string): string {
  const copy = path.join(dir, 'store.db');
  for (const suffix of ['', '-wal']) {
    if (existsSync(SQLITE_FILE + suffix)) copyFileSync(SQLITE_FILE + suffix, copy + suffix);
  }
  return copy;
}

/** Makes the 10,000-message session the one the TUI reopens, and marks its last message. */
function promoteBigSession(db: string, sessionId: string): void {
  const sql = new DatabaseSync(db);
  try {
    sql
      .prepare('UPDATE sessions SET updated_at = ? WHERE id = ?')
      .run('2099-01-01T00:00:00.000Z', sessionId);
    sql
      .prepare(
        `UPDATE messages SET content = content || ' ' || ? WHERE id =
           (SELECT id FROM messages WHERE session_id = ? ORDER BY id DESC LIMIT 1)`,
      )
      .run(BIG_MARKER, sessionId);
    // The TUI reopens the session it last quit in before the newest one; the
    // start-up runs above left one behind.
    sql.prepare("DELETE FROM settings WHERE key = 'ui.last_session'").run();
  } finally {
    sql.close();
  }
}

/** Characters the TUI has not written at all so far, so an echo cannot be mistaken. */
function echoChars(output: string): string[] {
  const chars = ECHO_CANDIDATES.filter((c) => !output.includes(c));
  // Two at least: each sample differs from the one before, so a late echo never counts.
  if (chars.length < 2)
    throw new Error(`no characters left to type: the TUI wrote ${ECHO_CANDIDATES.join('')}`);
  return chars;
}

interface StreamResult {
  echoMs: Summary;
  echoChars: string;
  cpu: { tokens: number; wallMs: number; cpuMs: number; usPerToken: number; percentCore: number };
}

async function streaming(home: string): Promise<StreamResult> {
  const server = await startFakeServer(TOKENS_PER_SECOND, 60_000);
  const tui = startTui(['--database', path.join(home, 'stream.db'), '--url', server.url], home);
  try {
    await tui.waitFor('● connected', 'the connected status');
    tui.write('Tell me a long story.');
    await tui.waitFor('long story.', 'the typed message');
    const sentAt = tui.output().length;
    tui.write('\r');
    await tui.waitFor('lighthouses', 'the first streamed words', 10_000, sentAt);

    // CPU while the reply streams and nothing is typed.
    const [c0, n0, t0] = [cpuMs(tui.pid), server.sent, performance.now()];
    await sleep(CPU_WINDOW_MS);
    const [c1, n1, t1] = [cpuMs(tui.pid), server.sent, performance.now()];
    const tokens = n1 - n0;

    const chars = echoChars(tui.output());
    const echo: number[] = [];
    for (let i = 0; i < ECHO_SAMPLES; i++) {
      echo.push(await echoMs(tui, chars[i % chars.length] ?? '#'));
      await sleep(20);
      tui.write('\x7f'); // Backspace: the composer never grows, so no redraw repeats old characters
      await sleep(30);
    }
    if (!server.streaming) throw new Error('the reply ended before the last echo sample');

    const stopAt = tui.output().length;
    tui.write('\x1b');
    await tui.waitFor('cancelled', 'the cancelled reply after Esc', 10_000, stopAt);
    return {
      echoMs: summarize(echo),
      echoChars: chars.join(''),
      cpu: {
        tokens,
        wallMs: t1 - t0,
        cpuMs: c1 - c0,
        usPerToken: ((c1 - c0) * 1000) / tokens,
        percentCore: ((c1 - c0) / (t1 - t0)) * 100,
      },
    };
  } finally {
    await tui.quit();
    await server.close();
  }
}

const row = (name: string, s: Summary, target: string): (string | number)[] => [
  name,
  s.p50,
  s.p95,
  s.p99,
  s.max,
  target,
];

export default async function run(): Promise<void> {
  const before = machine();
  console.log(
    `node ${process.version}; ${before.cores} cores (${before.cpu}), load average ${before.loadavg.join(' ')}`,
  );
  const data = await ensureSqlite((s) => {
    console.log(s);
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mrt-bench-app-'));
  const cleanUp = (): void => {
    killAll();
    rmSync(dir, { recursive: true, force: true });
  };
  const interrupted = (): void => {
    cleanUp();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  try {
    const home = path.join(dir, 'home');
    mkdirSync(home);
    const empty = path.join(dir, 'empty.db');
    const store = copyStore(dir);

    const startEmpty = await startupSamples(home, empty);
    const startStore = await startupSamples(home, store);
    const idle = await rssSamples(home, empty, FRAME_END, 'the first frame');
    promoteBigSession(store, data.bigSessionId);
    const big = await rssSamples(home, store, BIG_MARKER, 'the 10,000-message session');
    const stream = await streaming(home);
    const after = machine();

    printTable([
      ['measure', 'p50', 'p95', 'p99', 'max', 'target'],
      row('node -e 0, for reference (ms)', startEmpty.bare, ''),
      row('first frame, empty store (ms)', startEmpty.frame, ''),
      row(`first frame, ${TEN_K} sessions (ms)`, startStore.frame, 'p50 < 250'),
      row('CPU time to first frame, empty store (ms)', startEmpty.cpu, ''),
      row(`CPU time to first frame, ${TEN_K} sessions (ms)`, startStore.cpu, ''),
      row(`keypress to echo, ${TOKENS_PER_SECOND} tok/s (ms)`, stream.echoMs, 'p99 < 16'),
      row('RSS idle, empty store (MB)', idle.rssMb, '< 150'),
      row('RSS, 10,000-message session (MB)', big.rssMb, '< 250'),
      row('RSS, 10,000-message session, 10 s later (MB)', big.rssLaterMb, '< 250'),
      row('spawn to 10,000-message session drawn (ms)', big.drawnMs, ''),
    ]);
    const c = stream.cpu;
    console.log(
      `CPU while streaming: ${c.usPerToken.toFixed(0)} µs per token, ${c.percentCore.toFixed(1)}% of one core (${c.tokens} tokens in ${(c.wallMs / 1000).toFixed(1)} s)`,
    );
    console.log(`load average after: ${after.loadavg.join(' ')}`);
    const file = writeResults('app', {
      machine: { ...before, loadavgAfter: after.loadavg },
      runs: { startup: STARTUP_RUNS, rss: RSS_RUNS, echo: ECHO_SAMPLES },
      firstFrameMs: { emptyStore: startEmpty.frame, sessions10k: startStore.frame },
      firstFrameCpuMs: { emptyStore: startEmpty.cpu, sessions10k: startStore.cpu },
      // Taken between the first-frame runs of each case, under the same load.
      bareNodeMs: { emptyStoreRuns: startEmpty.bare, sessions10kRuns: startStore.bare },
      stream: { tokensPerSecond: TOKENS_PER_SECOND, ...stream },
      rssMb: {
        idleEmptyStore: idle.rssMb,
        bigSession: big.rssMb,
        bigSessionTenSecondsLater: big.rssLaterMb,
      },
      bigSessionDrawnMs: big.drawnMs,
    });
    console.log(`results: ${file}`);
  } finally {
    process.off('SIGINT', interrupted);
    cleanUp();
  }
}
