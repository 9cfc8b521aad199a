// Helpers for the web host's tests in a real browser: Debian's chromium
// (scripts/ci-deps.d/50-chromium.sh installs it) driven by playwright-core,
// with no browser download; the built app runs as `dist/cli.js web`.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { inCi } from '../fixtures/backends/real-server.js';
import { CLI, ROOT } from '../helpers.js';

export function chromiumPath(): string | undefined {
  const candidates = [
    process.env.MISTRALRS_TUI_TEST_CHROMIUM,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
  ];
  return candidates.find((c) => c !== undefined && c !== '' && existsSync(c));
}

/**
 * Declares suites that need chromium: skipped with a visible warning where it
 * is missing, failed with the fix under CI.
 */
export function whenChromium(
  file: string,
  it: { (name: string, fn: () => void): void; skip: (name: string, fn: () => void) => void },
  define: () => void,
): void {
  if (chromiumPath() !== undefined) {
    define();
    return;
  }
  const problem =
    'missing chromium (Debian package `chromium`) — run scripts/ci-deps.d/50-chromium.sh';
  if (inCi)
    it('has chromium', () => {
      throw new Error(problem);
    });
  else {
    console.warn(`\n[${file}] SKIPPED: ${problem}\n`);
    it.skip(`browser suites (${problem})`, () => undefined);
  }
}

/** Headless chromium; WebGL comes from SwiftShader where there is no GPU. */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  const executablePath = chromiumPath();
  if (executablePath === undefined) throw new Error('no chromium');
  return chromium.launch({
    executablePath,
    args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', ...extraArgs],
  });
}

export interface WebRun {
  readonly child: ChildProcess;
  /** The address with the token, as printed. */
  readonly url: string;
  /** The address without the token. */
  readonly base: string;
  output(): string;
  readonly exited: Promise<number | null>;
  readonly logFile: string;
}

/** Starts `mistralrs-tui web` against `backendUrl` and waits for the printed address. */
export async function startWeb(
  home: string,
  env: NodeJS.ProcessEnv,
  backendUrl: string,
  maxTokens = 12,
  args: readonly string[] = [],
): Promise<WebRun> {
  const config = path.join(home, `config-${maxTokens}.toml`);
  writeFileSync(config, `[chat]\nmax_tokens = ${maxTokens}\n`);
  const logFile = path.join(home, 'web.log');
  const child = spawn(
    process.execPath,
    [CLI, '--config', config, '--url', backendUrl, '--log-file', logFile, 'web', ...args],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (d: string) => (out += d));
  child.stderr.on('data', (d: string) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const end = Date.now() + 20_000;
  for (;;) {
    const m = /(https?:\/\/\S+\/)\?token=[0-9a-f]+/.exec(out);
    if (m !== null) {
      return { child, url: m[0], base: m[1]!, output: () => out, exited, logFile };
    }
    if (child.exitCode !== null || Date.now() > end) {
      child.kill('SIGKILL');
      throw new Error(`mistralrs-tui web did not print its address:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What web/client.ts puts on the page for tests (the DOM types are not in this tsconfig). */
export interface Probe {
  readonly term: {
    readonly cols: number;
    readonly rows: number;
    readonly element?: {
      querySelector(s: string): {
        getBoundingClientRect(): { left: number; top: number; width: number; height: number };
      } | null;
    };
    paste(text: string): void;
  };
  renderer: string;
  readonly copied: string[];
  screen(): string[];
  state: string;
  readonly renders: number[];
  messages: number;
  bytes: number;
}
export type PageGlobals = { mistralrsTui?: Probe } & Record<string, unknown>;

/** The page's screen rows, read from xterm.js's buffer. */
export async function screenOf(page: Page): Promise<string> {
  return (
    await page.evaluate(() => (globalThis as unknown as PageGlobals).mistralrsTui?.screen() ?? [])
  ).join('\n');
}

/** Waits until the page's screen satisfies `pred`; the error shows the screen. */
export async function untilScreen(
  page: Page,
  pred: (s: string) => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const s = await screenOf(page);
    if (pred(s)) return s;
    if (Date.now() > end) throw new Error(`never saw ${what}; the page's screen:\n${s}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The page's pixel position of the middle of cell (x, y), 0-based. */
export async function cellCenter(
  page: Page,
  x: number,
  y: number,
): Promise<{ x: number; y: number }> {
  const box = await page.evaluate(() => {
    const t = (globalThis as unknown as PageGlobals).mistralrsTui!.term;
    const r = t.element!.querySelector('.xterm-screen')!.getBoundingClientRect();
    return { left: r.left, top: r.top, w: r.width / t.cols, h: r.height / t.rows };
  });
  return { x: box.left + (x + 0.5) * box.w, y: box.top + (y + 0.5) * box.h };
}

/** The 0-based cell where `text` first shows on the screen. */
export function find(screen: string, text: string): { x: number; y: number } {
  const rows = screen.split('\n');
  const y = rows.findIndex((r) => r.includes(text));
  if (y < 0) throw new Error(`"${text}" is not on the screen:\n${screen}`);
  // Columns count cells; the app's frame characters are one code point and one cell each.
  return { x: Array.from(rows[y]!.slice(0, rows[y]!.indexOf(text))).length, y };
}
