// The probe at start-up in a real pseudo-terminal, through the built gallery:
// a key typed while the probe waits is not lost, the replies never show up as
// keys, and the capabilities found decide the protocol (here kitty, whose
// placeholder data then goes out). Needs `npm run build` (npm test builds first).
import path from 'node:path';
import { spawn } from '@lydell/node-pty';
import xterm from '@xterm/headless';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const GALLERY = path.join(ROOT, 'examples', 'tui-gallery', 'gallery.ts');

function screen(out: string): Promise<string[]> {
  const t = new xterm.Terminal({ cols: 100, rows: 30, allowProposedApi: true });
  return new Promise((resolve) => {
    t.write(out, () => {
      const b = t.buffer.active;
      resolve(Array.from({ length: 30 }, (_, y) => b.getLine(y)?.translateToString(true) ?? ''));
    });
  });
}

describe('graphics probe at start-up', () => {
  it('keeps a key typed during the probe, swallows the replies, and draws in the protocol found', async () => {
    // The gallery is TypeScript that Node runs as it is (flag needed before Node 23.6).
    const p = spawn(process.execPath, ['--experimental-strip-types', '--no-warnings', GALLERY], {
      cols: 100,
      rows: 30,
      cwd: ROOT,
      env: { PATH: process.env.PATH, TERM: 'xterm-kitty', LANG: 'C.UTF-8', COLORTERM: 'truecolor' },
    });
    let out = '';
    const waitFor = (check: () => boolean | Promise<boolean>): Promise<void> =>
      new Promise((resolve, reject) => {
        const end = Date.now() + 15_000;
        const tick = async (): Promise<void> => {
          if (await check()) resolve();
          else if (Date.now() > end)
            reject(new Error(`timed out; got ${JSON.stringify(out.slice(-300))}`));
          else setTimeout(() => void tick(), 20);
        };
        void tick();
      });
    const onScreen = async (y: number, text: string): Promise<boolean> =>
      ((await screen(out)).at(y) ?? '').includes(text);
    p.onData((d) => {
      out += d;
    });
    const exit = new Promise<{ exitCode: number }>((resolve) => {
      p.onExit(resolve);
    });
    try {
      await waitFor(() => out.includes('\x1b_Gi=31,'));
      // The user types before the terminal has answered; then the answers come, split.
      p.write('x');
      p.write('\x1b_Gi=31;O');
      p.write('K\x1b\\\x1bP>|kitty(0.35.2)\x1b\\\x1b[6;20;10t');
      p.write('\x1b[?62;22c');
      await waitFor(() => out.includes('\x1b[?2026l'));
      await waitFor(() => onScreen(-1, 'key x'));
      const first = await screen(out);
      expect(first.at(-1)).toContain('key x');
      p.write('6');
      await waitFor(() => out.includes('\x1b_Ga=T,U=1'));
      await waitFor(() => onScreen(-1, 'key 6'));
      const page = await screen(out);
      expect(page[1]).toContain(
        'kitty graphics (Unicode placeholders); kitty(0.35.2), cell 10x20 px',
      );
      // Nothing of the replies arrived as keys.
      expect(out).not.toMatch(/key (G|O|K|\[)/);
      p.write('q');
      expect((await exit).exitCode).toBe(0);
    } finally {
      p.kill();
    }
  });
});
