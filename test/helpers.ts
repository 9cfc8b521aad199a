// Shared helpers for tests that run the built binary.
import { spawn as spawnPty, type IPty } from '@lydell/node-pty';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(new URL('..', import.meta.url).pathname);
export const CLI = path.join(ROOT, 'dist', 'cli.js');

/** A fresh home folder and an environment that keeps every path inside it. */
export function isolatedEnv(extra: Record<string, string> = {}): {
  home: string;
  env: NodeJS.ProcessEnv;
} {
  const home = mkdtempSync(path.join(os.tmpdir(), 'mrt-test-home-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
    ...extra,
  };
  return { home, env };
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv, cwd = ROOT): RunResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    env,
    cwd,
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface PtyRun {
  readonly pty: IPty;
  output(): string;
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<{ exitCode: number; signal?: number }>;
}

/** Runs a command in a pseudo-terminal and collects everything it writes. */
export function runInPty(
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  size = { cols: 100, rows: 30 },
  cwd = ROOT,
  kitty = false,
): PtyRun {
  const pty = spawnPty(file, args, { ...size, cwd, env });
  let out = '';
  const listeners = new Set<() => void>();
  pty.onData((d) => {
    out += d;
    // Answer primary device attributes as every real terminal does, so the
    // graphics probe at start-up ends at once instead of waiting for its timeout.
    // A kitty terminal (`kitty`) answers the graphics query first, as kitty does.
    if (kitty && d.includes('\x1b_Gi=31,')) pty.write('\x1b_Gi=31;OK\x1b\\');
    if (d.includes('\x1b[c')) pty.write('\x1b[?62;22c');
    for (const l of listeners) l();
  });
  const exited = new Promise<{ exitCode: number; signal?: number }>((resolve) => {
    pty.onExit((e) => {
      resolve(e);
    });
  });
  return {
    pty,
    output: () => out,
    exited,
    waitFor: (text, timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        const matches = () => (typeof text === 'string' ? out.includes(text) : text.test(out));
        if (matches()) {
          resolve();
          return;
        }
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(
            new Error(
              `timed out waiting for ${String(text)}; output so far: ${JSON.stringify(out.slice(-500))}`,
            ),
          );
        }, timeoutMs);
        const check = () => {
          if (matches()) {
            clearTimeout(timer);
            listeners.delete(check);
            resolve();
          }
        };
        listeners.add(check);
      }),
  };
}

/** A loopback port that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
