// In real tmux (3.3+, allow-passthrough on): kitty placeholder pictures are
// text to tmux, so they survive a scroll and a pane and window switch without
// leftovers; capture-pane shows the placeholder cells where they belong.
// Runs the built engine: `npm run build` first.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DIACRITICS, PLACEHOLDER } from '../../src/tui/graphics/kitty.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const APP = path.join(import.meta.dirname, 'tmux-app.mjs');
const SOCKET = `mistralrs-tui-gfx-${process.pid}`;

function tmuxVersion(): number | undefined {
  try {
    const v = execFileSync('tmux', ['-V'], { encoding: 'utf8' });
    const m = /(\d+)\.(\d+)/.exec(v);
    return m ? Number(m[1]) + Number(m[2]) / 10 : undefined;
  } catch {
    return undefined;
  }
}

const version = tmuxVersion();
const usable =
  version !== undefined && version >= 3.3 && existsSync(path.join(ROOT, 'dist/tui/index.js'));
const tmux = (...args: string[]): string =>
  execFileSync('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], { encoding: 'utf8' });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Rows of the pane as tmux holds them. */
function capture(target: string): string[] {
  return tmux('capture-pane', '-p', '-t', target).split('\n');
}

/** The (row, col) diacritic pairs of the placeholder cells on one captured line, with their columns. */
function placeholders(line: string): { x: number; row: number; col: number }[] {
  const out: { x: number; row: number; col: number }[] = [];
  const cps = Array.from(line);
  let x = 0;
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i] ?? '';
    if (c === PLACEHOLDER) {
      out.push({
        x,
        row: DIACRITICS.indexOf(cps[i + 1] ?? ''),
        col: DIACRITICS.indexOf(cps[i + 2] ?? ''),
      });
      i += 2;
    }
    if (!/\p{M}/u.test(c)) x++;
  }
  return out;
}

/** Asserts that the picture's 20x5 placeholder cells start at screen row `top` (clipped above) and nothing else shows. */
function expectPicture(lines: string[], top: number): void {
  lines.forEach((l, y) => {
    const cells = placeholders(l);
    const row = y - top;
    if (row < 0 || row >= 5) {
      expect(cells, `row ${y}`).toEqual([]);
      return;
    }
    expect(cells, `row ${y}`).toEqual(
      Array.from({ length: 20 }, (_, col) => ({ x: 4 + col, row, col })),
    );
  });
}

async function waitFor(what: string, check: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) {
      let screen: string;
      try {
        screen = capture('gfx:app').join('\n');
      } catch {
        screen = '(no pane)';
      }
      throw new Error(`timed out waiting for ${what}; the pane shows:\n${screen}`);
    }
    await sleep(50);
  }
}

describe.skipIf(!usable)(`real tmux ${String(version)}`, () => {
  afterAll(() => {
    try {
      tmux('kill-server');
    } catch {
      // already gone
    }
  });

  it(
    'placeholder pictures survive a scroll, a pane switch and a window switch',
    { timeout: 90_000 },
    async () => {
      tmux('new-session', '-d', '-s', 'gfx', '-x', '80', '-y', '24', 'sleep 600');
      tmux('set-option', '-g', 'allow-passthrough', 'on');
      tmux('new-window', '-t', 'gfx', '-n', 'app', `${process.execPath} ${APP}`);
      const pane = 'gfx:app';
      await waitFor('the picture', () => capture(pane).some((l) => l.includes(PLACEHOLDER)));
      expectPicture(capture(pane), 6);
      // Scroll by two lines, twice (the renderer uses a scroll region for this).
      tmux('send-keys', '-t', pane, 'j');
      await waitFor('line 2 on top', () => capture(pane)[0]?.startsWith('line 2') === true);
      tmux('send-keys', '-t', pane, 'j');
      await waitFor('line 4 on top', () => capture(pane)[0]?.startsWith('line 4') === true);
      expectPicture(capture(pane), 2);
      // Split the window and move to the new pane and back.
      tmux('split-window', '-t', pane, '-h', 'sleep 600');
      tmux('select-pane', '-t', `${pane}.0`);
      await sleep(200);
      // Let the app repaint at its new width.
      tmux('send-keys', '-t', `${pane}.0`, 'r');
      await sleep(300);
      const narrow = capture(`${pane}.0`);
      expectPicture(narrow, 2);
      tmux('kill-pane', '-t', `${pane}.1`);
      // Another window in front, then back.
      tmux('new-window', '-t', 'gfx', 'sleep 600');
      await sleep(100);
      tmux('select-window', '-t', pane);
      await sleep(200);
      expectPicture(capture(pane), 2);
      // Scrolled off the top: no placeholder left anywhere.
      for (let k = 0; k < 4; k++) tmux('send-keys', '-t', pane, 'j');
      await waitFor('line 12 on top', () => capture(pane)[0]?.startsWith('line 12') === true);
      expectPicture(capture(pane), -6);
      tmux('send-keys', '-t', pane, 'q');
    },
  );
});
