// The built TUI (dist/cli.js) in a pseudo-terminal, for the app benchmark:
// start it with a fresh home, wait for text in what it writes (with a timeout
// that shows the tail of the output), read its CPU time and resident memory
// from /proc, and make sure no TUI outlives the benchmark.
import { spawn as spawnPty, type IPty } from '@lydell/node-pty';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const CLI = path.join(root, 'dist', 'cli.js');
/** The end of a synchronized update: every frame ends with it. */
export const FRAME_END = '\x1b[?2026l';

const live = new Set<IPty>();
// A benchmark that throws (or Ctrl+C on it) must not leave TUIs behind.
process.once('exit', () => {
  killAll();
});

export function killAll(): void {
  for (const p of live) {
    try {
      p.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}

export interface Tui {
  readonly pid: number;
  /** performance.now() just before the spawn. */
  readonly started: number;
  /** Everything written so far. */
  output(): string;
  write(data: string): void;
  /** Resolves with performance.now() of the chunk that completes `text` (searched from `from`). */
  waitFor(text: string, what: string, timeoutMs?: number, from?: number): Promise<number>;
  /** Calls `fn` with each chunk and its arrival time until it returns true. */
  onChunk(fn: (chunk: string, at: number) => boolean): void;
  /** Ctrl+C, then SIGKILL if it has not exited within `timeoutMs`. */
  quit(timeoutMs?: number): Promise<void>;
}

/**
 * Time from writing `ch` to the first output chunk that holds it: the
 * benchmarks' echo measure (the character must not be on screen already).
 */
export function echoMs(tui: Tui, ch: string, timeoutMs = 2000): Promise<number> {
  return new Promise((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      reject(
        new Error(
          `no echo of ${ch} within ${timeoutMs / 1000} s; output ends: ${JSON.stringify(tui.output().slice(-600))}`,
        ),
      );
    }, timeoutMs);
    const sent = performance.now();
    tui.onChunk((chunk, at) => {
      if (done) return true;
      if (!chunk.includes(ch)) return false;
      clearTimeout(timer);
      resolve(at - sent);
      return true;
    });
    tui.write(ch);
  });
}

export function startTui(args: readonly string[], home: string): Tui {
  const started = performance.now();
  const pty = spawnPty(process.execPath, [CLI, ...args], {
    cols: 120,
    rows: 40,
    cwd: home,
    // Only the home folder: no user config, log or data leaks in.
    env: { PATH: process.env.PATH ?? '', HOME: home, TERM: 'xterm-256color', LANG: 'C.UTF-8' },
  });
  live.add(pty);
  let out = '';
  let exited = false;
  const watchers = new Set<(chunk: string, at: number) => boolean>();
  pty.onData((d) => {
    const at = performance.now();
    out += d;
    // Answer primary device attributes as real terminals do (the graphics probe waits for it).
    if (d.includes('\x1b[c')) pty.write('\x1b[?62;22c');
    for (const w of watchers) if (w(d, at)) watchers.delete(w);
  });
  const exit = new Promise<void>((resolve) => {
    pty.onExit(() => {
      exited = true;
      live.delete(pty);
      resolve();
    });
  });
  const tail = (): string => JSON.stringify(out.slice(-600));

  return {
    pid: pty.pid,
    started,
    output: () => out,
    write: (data) => {
      pty.write(data);
    },
    onChunk: (fn) => {
      watchers.add(fn);
    },
    waitFor: (text, what, timeoutMs = 10_000, from = 0) =>
      new Promise<number>((resolve, reject) => {
        // Search only new output (plus an overlap for a split match): a long
        // stream makes `out` megabytes long.
        let offset = from;
        const found = (): boolean => {
          const hit = out.includes(text, offset);
          offset = Math.max(offset, out.length - text.length);
          return hit;
        };
        if (found()) {
          resolve(performance.now());
          return;
        }
        const check = (_: string, at: number): boolean => {
          if (!found()) return false;
          clearTimeout(timer);
          resolve(at);
          return true;
        };
        const timer = setTimeout(() => {
          watchers.delete(check);
          const why = exited ? 'the TUI exited' : `not within ${timeoutMs / 1000} s`;
          reject(new Error(`never saw ${what} (${why}); output ends: ${tail()}`));
        }, timeoutMs);
        watchers.add(check);
      }),
    quit: async (timeoutMs = 5000) => {
      if (exited) return;
      pty.write('\x03'); // Ctrl+C quits from any pane (q would type in the composer)
      const timer = setTimeout(() => {
        pty.kill('SIGKILL');
      }, timeoutMs);
      await exit;
      clearTimeout(timer);
    },
  };
}

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU time of a process, in milliseconds. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which may hold spaces; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLK_TCK;
}

/** Resident memory of a process, in MB. */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb) / 1024;
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));
