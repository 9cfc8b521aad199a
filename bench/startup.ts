// Start-up: time from spawning `node dist/cli.js` in a pseudo-terminal to the
// end of its first frame (the first DEC 2026 "end synchronized update"), next
// to a bare `node -e 0` and `--version` for reference.
import { spawn as spawnPty } from '@lydell/node-pty';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { printTable, summarize, writeResults } from './_table.ts';

const root = new URL('..', import.meta.url).pathname;
const cli = path.join(root, 'dist', 'cli.js');
const RUNS = 20;

/**
 * Milliseconds from spawning the TUI (with `args` after `--url`) in a pty to
 * the end of its first frame; Ctrl+C then quits it. Also used by bench/agent.ts.
 */
export function firstFrameMs(home: string, args: readonly string[] = []): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const pty = spawnPty(process.execPath, [cli, '--url', 'http://127.0.0.1:9', ...args], {
      cols: 120,
      rows: 40,
      cwd: home,
      env: {
        ...process.env,
        HOME: home,
        XDG_CONFIG_HOME: '',
        XDG_STATE_HOME: '',
        TERM: 'xterm-256color',
      },
    });
    let seen = '';
    let ms: number | undefined;
    const timer = setTimeout(() => {
      pty.kill();
      const what = ms === undefined ? 'no frame' : 'no exit after Ctrl+C';
      reject(new Error(`${what} within 10 s; output ends: ${JSON.stringify(seen.slice(-300))}`));
    }, 10_000);
    pty.onData((d) => {
      seen += d;
      // Answer primary device attributes as real terminals do: the graphics probe at
      // start-up ends on it (without an answer it waits its 400 ms timeout).
      if (d.includes('\x1b[c')) pty.write('\x1b[?62;22c');
      if (ms === undefined && seen.includes('\x1b[?2026l')) {
        ms = performance.now() - started;
        pty.write('\x03'); // Ctrl+C quits from any pane (q would type in the composer)
      }
    });
    pty.onExit(() => {
      clearTimeout(timer);
      if (ms === undefined)
        reject(new Error(`exited before a frame: ${JSON.stringify(seen.slice(0, 300))}`));
      else resolve(ms);
    });
  });
}

function commandMs(args: string[]): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${String(r.status)}`);
  return performance.now() - started;
}

export default async function run(): Promise<void> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'mrt-bench-startup-'));
  try {
    const frame: number[] = [];
    const bare: number[] = [];
    const version: number[] = [];
    await firstFrameMs(home); // warm the file cache
    for (let i = 0; i < RUNS; i++) {
      frame.push(await firstFrameMs(home));
      bare.push(commandMs(['-e', '0']));
      version.push(commandMs([cli, '--version']));
    }
    const f = summarize(frame);
    const b = summarize(bare);
    const v = summarize(version);
    printTable([
      ['measure (ms)', 'p50', 'p95', 'max'],
      ['node -e 0 (process start + exit)', b.p50, b.p95, b.max],
      ['mistralrs-tui --version', v.p50, v.p95, v.max],
      ['spawn to first frame (pty)', f.p50, f.p95, f.max],
    ]);
    const file = writeResults('startup', { runs: RUNS, bareNode: b, version: v, firstFrame: f });
    console.log(`results: ${file}`);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
