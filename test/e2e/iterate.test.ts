// Iterating on a chat, end to end: the built app in a pseudo-terminal against
// the REAL mistral.rs server (SmolLM2, short replies). Ctrl+R makes a second
// reply and ←/→ move between the two ("1/2" ↔ "2/2"); editing your message
// makes a new branch; the mouse (SGR sequences written to the pty) clicks a
// message to select it, scrolls the chat with the wheel and drag-selects text
// that is copied on release. Nothing is mocked.
import { describe, expect, it } from 'vitest';
import { useRealServer, whenRealServer } from '../fixtures/backends/real-server.js';
import { isolatedEnv } from '../helpers.js';
import { app, until } from './_tui.js';

const SHIFT_UP = '\x1b[1;2A';
const FIGURES = /TTFT .* tok\/s · \d+ tokens/g;
/** The first message in the transcript (the chat's title says it too). */
const HI = /^│[▌ ] {2}Say hi\./m;

/** SGR mouse report: `button` at 0-based cell (x, y); `up` for a release. */
const mouse = (button: number, x: number, y: number, up = false) =>
  `\x1b[<${button};${x + 1};${y + 1}${up ? 'm' : 'M'}`;

/** The 0-based row and column where `text` is on the screen. */
function find(screen: string, text: string): { x: number; y: number } {
  const rows = screen.split('\n');
  const y = rows.findIndex((r) => r.includes(text));
  if (y < 0) throw new Error(`"${text}" is not on the screen:\n${screen}`);
  return { x: rows[y]?.indexOf(text) ?? 0, y };
}

const count = (s: string, re: RegExp) => s.match(re)?.length ?? 0;

whenRealServer('e2e/iterate.test.ts', it, () => {
  const server = useRealServer();

  describe('iterating on a chat', () => {
    it('retry makes a second version; ←/→ switch; editing your message makes a new branch', async () => {
      const { home, env } = isolatedEnv();
      const run = app(home, env, server.url, 6);
      await until(run, (s) => s.includes('● connected'), 'the connected status');
      run.pty.write('Say hi.\r');
      await until(run, (s) => count(s, FIGURES) === 1, 'the first reply');
      run.pty.write('\x12'); // Ctrl+R
      await until(
        run,
        (s) => s.includes('‹ 2/2 ›') && count(s, FIGURES) === 1,
        'the second version',
      );
      // In the chat pane, ← shows the first reply again and → the second.
      run.pty.write('\t');
      run.pty.write('h');
      await until(run, (s) => s.includes('‹ 1/2 ›'), 'the first version');
      run.pty.write('l');
      await until(run, (s) => s.includes('‹ 2/2 ›'), 'the second version again');

      // Select your message (two up from none: the reply, then yours) and edit it.
      run.pty.write(SHIFT_UP);
      run.pty.write(SHIFT_UP);
      run.pty.write('e');
      await until(run, (s) => s.includes('Edit your message'), 'the edit dialog');
      run.pty.write('Say bye.\r');
      const edited = await until(
        run,
        (s) => s.includes('Say bye.') && count(s, FIGURES) === 1 && !HI.test(s),
        'the new branch with its reply',
      );
      expect(edited).toMatch(/ you {2}‹ 2\/2 ›/);
      // The old branch is kept: ← on your message shows it, with its two replies.
      run.pty.write('h');
      const old = await until(run, (s) => HI.test(s), 'the old branch');
      expect(old).toMatch(/ you {2}‹ 1\/2 ›/);
      expect(old).toContain('‹ 2/2 ›');
      run.pty.write('\x03');
      expect((await run.exited).exitCode).toBe(0);
    }, 240_000);

    it('a click selects a message, the wheel scrolls the chat, a drag copies text', async () => {
      const { home, env } = isolatedEnv();
      const run = app(home, env, server.url, 4);
      await until(run, (s) => s.includes('● connected'), 'the connected status');
      // A message taller than the chat, pasted (bracketed paste keeps its lines).
      const lines = Array.from({ length: 40 }, (_, i) => `row ${i + 1}`).join('\n');
      run.pty.write(`\x1b[200~${lines}\x1b[201~`);
      await until(run, (s) => s.includes('row 3'), 'the pasted text');
      run.pty.write('\r');
      const done = await until(run, (s) => count(s, FIGURES) === 1, 'the reply');
      expect(done).not.toContain('more ');

      // Wheel up over the chat: scrolled back, the rows below are counted.
      run.pty.write(mouse(64, 10, 5));
      run.pty.write(mouse(64, 10, 5));
      const up = await until(run, (s) => /↓ \d+ more/.test(s), 'the scrolled-back chat');
      expect(up).not.toMatch(/TTFT/);

      // A click on one of the rows selects your message: the margin bar shows on its rows.
      const target = find(up, 'row 30');
      run.pty.write(mouse(0, target.x, target.y));
      run.pty.write(mouse(0, target.x, target.y, true));
      await until(
        run,
        (s) => s.split('\n')[find(s, 'row 30').y]?.startsWith('│▌') === true,
        'the selection bar',
      );

      // A drag across "row 30" copies it on release (to the terminal's clipboard here).
      run.pty.write(mouse(0, target.x, target.y));
      run.pty.write(mouse(32, target.x + 5, target.y));
      run.pty.write(mouse(0, target.x + 5, target.y, true));
      await until(
        run,
        (s) => /(Sent|Copied) 6 characters/.test(s),
        'the copied toast for the dragged text',
      );

      // Wheel down back to the latest.
      for (let i = 0; i < 20; i++) run.pty.write(mouse(65, 10, target.y));
      await until(run, (s) => !/↓ \d+ more/.test(s) && count(s, FIGURES) === 1, 'the latest again');
      run.pty.write('\x03');
      expect((await run.exited).exitCode).toBe(0);
    }, 240_000);
  });
});
