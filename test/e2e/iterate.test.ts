// Iterating on a chat, end to end: the built app in a pseudo-terminal against
// the REAL mistral.rs server (SmolLM2, short replies). Ctrl+R makes a second
// reply and ←/→ move between the two ("1/2" ↔ "2/2"); editing your message
// makes a new branch, editing a reply a new version of it; the mouse (SGR
// sequences written to the pty) clicks a message to select it, scrolls the
// chat with the wheel and drag-selects text that is copied on release; a
// sentence typed after a click on a reply is the next message and leaves
// every stored message as it was (read back from the SQLite file). Nothing is
// mocked.
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { useRealServer, whenRealServer } from '../fixtures/backends/real-server.js';
import { isolatedEnv } from '../helpers.js';
import { app, until } from './_tui.js';

const SHIFT_UP = '\x1b[1;2A';
const LEFT = '\x1b[D';
const RIGHT = '\x1b[C';
const CTRL_E = '\x05';
const CTRL_U = '\x15';
// A finished reply's figures (tokens/s is left out for a reply of a few tokens).
const FIGURES = /TTFT [^\n]*· \d+ tokens/g;
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

type Row = Record<string, unknown>;

/** Every stored message, every column, in id (creation) order. */
function storedMessages(db: string): Row[] {
  const d = new DatabaseSync(db);
  try {
    return d.prepare('SELECT * FROM messages ORDER BY id').all();
  } finally {
    d.close();
  }
}

/** Polls the database until `test` holds for its messages (a reply is finalized after it shows). */
async function stored(db: string, test: (rows: Row[]) => boolean, what: string): Promise<Row[]> {
  const end = Date.now() + 30_000;
  for (;;) {
    const rows = storedMessages(db);
    if (test(rows)) return rows;
    if (Date.now() > end) throw new Error(`never stored ${what}: ${JSON.stringify(rows, null, 1)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const settled = (n: number) => (rows: Row[]) =>
  rows.length === n && rows.every((r) => r.status !== 'streaming');

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
      run.pty.write(LEFT);
      await until(run, (s) => s.includes('‹ 1/2 ›'), 'the first version');
      run.pty.write(RIGHT);
      await until(run, (s) => s.includes('‹ 2/2 ›'), 'the second version again');

      // Select your message (two up from none: the reply, then yours) and edit it.
      run.pty.write(SHIFT_UP);
      run.pty.write(SHIFT_UP);
      run.pty.write(CTRL_E);
      await until(run, (s) => s.includes('Edit your message'), 'the edit dialog');
      // The cursor is at the end of the text: Ctrl+U clears the line before the new text.
      run.pty.write(`${CTRL_U}Say bye.\r`);
      const edited = await until(
        run,
        (s) => s.includes('Say bye.') && count(s, FIGURES) === 1 && !HI.test(s),
        'the new branch with its reply',
      );
      expect(edited).toMatch(/ you {2}‹ 2\/2 ›/);
      // The old branch is kept: ← on your message shows it, with its two replies.
      run.pty.write(LEFT);
      const old = await until(run, (s) => HI.test(s), 'the old branch');
      expect(old).toMatch(/ you {2}‹ 1\/2 ›/);
      expect(old).toContain('‹ 2/2 ›');
      run.pty.write('\x03');
      expect((await run.exited).exitCode).toBe(0);
    }, 240_000);

    it('a sentence typed after a click on a reply is the next message; no stored message changes', async () => {
      const { home, env } = isolatedEnv();
      const db = path.join(home, 'chat.db');
      const run = app(home, env, server.url, 6, ['--database', db]);
      await until(run, (s) => s.includes('● connected'), 'the connected status');
      run.pty.write('Say hi.\r');
      const shown = await until(run, (s) => count(s, FIGURES) === 1, 'the first reply');
      const before = await stored(db, settled(2), 'the first exchange');

      // Click the reply to read it: it is selected and the chat has the focus.
      const badge = find(shown, ' assistant ');
      run.pty.write(mouse(0, badge.x + 2, badge.y));
      run.pty.write(mouse(0, badge.x + 2, badge.y, true));
      await until(
        run,
        (s) => s.split('\n')[badge.y]?.startsWith('│▌') === true,
        'the reply selected',
      );
      // Then type the next question as in any chat app. Every letter here was
      // a chat command once: q quit, e edit, y copy, d, f fork, t thinking, ? help.
      const sentence = 'quick question? edit yes, delete, fork, think: try q then e';
      run.pty.write(sentence);
      await until(run, (s) => s.includes('try q then e'), 'the sentence in the message box');
      run.pty.write('\r');
      const after = await until(
        run,
        (s) => count(s, FIGURES) === 2 && s.includes('quick question?'),
        'the sentence sent and answered',
      );
      expect(after).not.toContain('Edit the assistant message');
      const rows = await stored(db, settled(4), 'the second exchange');
      // Every message stored before is exactly as it was, every column.
      expect(rows.slice(0, 2)).toEqual(before);
      // The sentence is a new user message answering the reply, and it got a reply.
      expect(rows[2]).toMatchObject({ role: 'user', content: sentence, parent_id: before[1]?.id });
      expect(rows[3]).toMatchObject({ role: 'assistant', parent_id: rows[2]?.id });
      run.pty.write('\x03');
      expect((await run.exited).exitCode).toBe(0);
    }, 240_000);

    it('editing a reply keeps the old text as a version; ← goes back to it', async () => {
      const { home, env } = isolatedEnv();
      const db = path.join(home, 'chat.db');
      const run = app(home, env, server.url, 6, ['--database', db]);
      await until(run, (s) => s.includes('● connected'), 'the connected status');
      run.pty.write('Say hi.\r');
      await until(run, (s) => count(s, FIGURES) === 1, 'the reply');
      const before = await stored(db, settled(2), 'the exchange');
      const [user, reply] = before;
      const old = String(reply?.content);

      // The chat pane, the latest message (the reply), Ctrl+E: the editor opens with the
      // cursor after the text, nothing selected, so what is typed is added to it.
      run.pty.write('\t');
      run.pty.write(CTRL_E);
      await until(run, (s) => s.includes('Edit the assistant message'), 'the edit dialog');
      run.pty.write(' EDITED\r');
      const edited = await until(
        run,
        (s) => s.includes('EDITED') && s.includes('‹ 2/2 ›'),
        'the new version',
      );
      expect(edited).not.toContain('Edit the assistant message');
      const rows = await stored(db, (r) => r.length === 3, 'the new version');
      // The old reply is untouched; the edit is its sibling (same parent) with the old text plus ours.
      expect(rows.slice(0, 2)).toEqual(before);
      expect(rows[2]).toMatchObject({
        role: 'assistant',
        parent_id: user?.id,
        content: `${old} EDITED`,
      });

      // ← shows the old version again, → the edited one.
      run.pty.write(LEFT);
      const back = await until(run, (s) => s.includes('‹ 1/2 ›'), 'the old version');
      expect(back).not.toContain('EDITED');
      run.pty.write(RIGHT);
      await until(run, (s) => s.includes('‹ 2/2 ›') && s.includes('EDITED'), 'the edit again');
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
