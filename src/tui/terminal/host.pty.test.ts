// Runs the gallery (examples/tui-gallery, on the built engine) and a crashing
// fixture in a pseudo-terminal and checks that every exit path leaves the
// terminal as it found it: alternate screen left, cursor shown, mouse, paste
// and focus modes off. Needs `npm run build` (npm test builds first).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { spawn } from '@lydell/node-pty';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(new URL('../../..', import.meta.url).pathname);
const ENGINE = path.join(ROOT, 'dist', 'tui', 'index.js');
const GALLERY = path.join(ROOT, 'examples', 'tui-gallery', 'gallery.ts');
const CRASH = path.join(ROOT, 'test', 'fixtures', 'tui', 'crash-host.mjs');

interface Run {
  write(s: string): void;
  kill(sig: string): void;
  /** Resolves once `text` appears in the output at or after offset `from`. */
  waitFor(text: string, from?: number): Promise<void>;
  exit: Promise<{ exitCode: number; signal?: number }>;
  output(): string;
}

function run(args: string[]): Run {
  if (!existsSync(ENGINE))
    throw new Error('dist/ is missing: run `npm run build` before these tests');
  // The gallery is TypeScript that Node runs as it is (flag needed before Node 23.6).
  const p = spawn(process.execPath, ['--experimental-strip-types', '--no-warnings', ...args], {
    cols: 100,
    rows: 30,
    cwd: ROOT,
    env: { PATH: process.env.PATH, TERM: 'xterm-256color', LANG: 'C.UTF-8' },
  });
  let out = '';
  const waiters: (() => void)[] = [];
  p.onData((d) => {
    out += d;
    for (const w of waiters.splice(0)) w();
  });
  const exit = new Promise<{ exitCode: number; signal?: number }>((resolve) => {
    p.onExit(resolve);
  });
  return {
    write: (s) => {
      p.write(s);
    },
    kill: (sig) => {
      p.kill(sig);
    },
    output: () => out,
    exit,
    waitFor: (text, from = 0) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(
            new Error(
              `timed out waiting for ${JSON.stringify(text)}; got ${JSON.stringify(out.slice(-300))}`,
            ),
          );
        }, 15_000);
        const check = (): void => {
          if (out.includes(text, from)) {
            clearTimeout(timer);
            resolve();
          } else waiters.push(check);
        };
        check();
      }),
  };
}

/** The terminal is restored when, after the last frame, every mode is switched back off. */
function expectRestored(out: string): void {
  const lastEnter = out.lastIndexOf('\x1b[?1049h');
  const leave = out.lastIndexOf('\x1b[?1049l');
  expect(lastEnter).toBeGreaterThanOrEqual(0);
  expect(leave).toBeGreaterThan(lastEnter);
  const tail = out.slice(out.lastIndexOf('\x1b[?2026l'));
  for (const off of [
    '\x1b[?1000l',
    '\x1b[?1006l',
    '\x1b[?2004l',
    '\x1b[?1004l',
    '\x1b[?25h',
    '\x1b[0m',
  ]) {
    expect(tail, JSON.stringify(off)).toContain(off);
  }
}

describe('terminal host exit paths', () => {
  it('restores the terminal on q', async () => {
    const r = run([GALLERY]);
    await r.waitFor('mistralrs-tui engine');
    r.write('q');
    expect((await r.exit).exitCode).toBe(0);
    expectRestored(r.output());
  });

  it('restores the terminal on SIGTERM and SIGHUP', async () => {
    for (const [sig, code] of [
      ['SIGTERM', 143],
      ['SIGHUP', 129],
    ] as const) {
      const r = run([GALLERY]);
      await r.waitFor('mistralrs-tui engine');
      r.kill(sig);
      expect((await r.exit).exitCode).toBe(code);
      expectRestored(r.output());
    }
  });

  it('restores the terminal on SIGTSTP and takes it back on SIGCONT', async () => {
    const r = run([GALLERY]);
    await r.waitFor('mistralrs-tui engine');
    const before = r.output().length;
    r.kill('SIGTSTP');
    await r.waitFor('\x1b[?1049l');
    expect(r.output().slice(before)).toContain('\x1b[?25h');
    const stopped = r.output().length;
    // The restore is written just before the process stops itself; give the stop time to land.
    await new Promise((resolve) => setTimeout(resolve, 300));
    r.kill('SIGCONT');
    await r.waitFor('\x1b[?1049h\x1b[?25l', stopped);
    // Back in the alternate screen, the whole frame is painted again.
    await r.waitFor('Markdown', stopped);
    expect(r.output().slice(stopped)).toContain('\x1b[2J');
    r.write('q');
    expect((await r.exit).exitCode).toBe(0);
    expectRestored(r.output());
  });

  it('restores the terminal on an uncaught exception and an unhandled rejection', async () => {
    for (const how of ['throw', 'reject']) {
      const r = run([CRASH, how]);
      await r.waitFor('ready'); // spaces on a blank screen are skipped, so match one word
      const { exitCode } = await r.exit;
      expect(exitCode).toBe(1);
      expectRestored(r.output());
      expect(r.output()).toContain(how === 'throw' ? 'fixture exception' : 'fixture rejection');
    }
  });
});
