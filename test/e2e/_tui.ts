// Helpers for end-to-end tests of the built app in a pseudo-terminal: the
// replayed screen (@xterm/headless), polling it until something shows, the
// app started with a config, and the text of the last reply.
import { Terminal } from '@xterm/headless';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLI, runInPty, type PtyRun } from '../helpers.js';

export const COLS = 100;
export const ROWS = 30;

export async function screen(run: PtyRun, cols = COLS, rows = ROWS): Promise<string> {
  const term = new Terminal({ cols, rows, allowProposedApi: true });
  await new Promise<void>((resolve) => {
    term.write(run.output(), resolve);
  });
  const buf = term.buffer.active;
  const lines: string[] = [];
  for (let y = 0; y < rows; y++) lines.push(buf.getLine(y)?.translateToString(true) ?? '');
  term.dispose();
  return lines.join('\n');
}

/** Polls the replayed screen until `test` holds; fails with the screen after `ms`. */
export async function until(
  run: PtyRun,
  test: (s: string) => boolean,
  what: string,
  ms = 90_000,
  size: readonly [number, number] = [COLS, ROWS],
): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    const s = await screen(run, size[0], size[1]);
    if (test(s)) return s;
    if (Date.now() > end) throw new Error(`never saw ${what}; the screen:\n${s}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function app(
  home: string,
  env: NodeJS.ProcessEnv,
  url: string,
  maxTokens: number,
  args: readonly string[] = [],
): PtyRun {
  const config = path.join(home, `config-${maxTokens}.toml`);
  writeFileSync(config, `[chat]\nmax_tokens = ${maxTokens}\n`);
  return runInPty(process.execPath, [CLI, '--config', config, '--url', url, ...args], env, {
    cols: COLS,
    rows: ROWS,
  });
}

/** The assistant's reply body: the indented rows under the last assistant badge, up to the figures. */
export function replyText(s: string): string {
  const rows = s.split('\n').map((r) => r.replace(/│[^│]*│\s*$/, '').replace(/^│/, ''));
  const start = rows.findLastIndex((r) => r.includes(' assistant '));
  const out: string[] = [];
  for (const r of rows.slice(start + 1)) {
    // Stop at the reply's footer: metrics, a cancelled or error line, a blank row, the border.
    const text = r.replace(/│\s*$/, '').trim();
    if (/tok\/s|cancelled|^$|^✗|^╰/.test(text)) break;
    out.push(text);
  }
  return out.join(' ');
}
