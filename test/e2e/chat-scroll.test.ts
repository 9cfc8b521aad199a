// A 10,000-message session end to end: the built app in a pseudo-terminal
// against the REAL mistral.rs server (SmolLM2). The session is imported from
// JSONL, opened, scrolled to its first message (Home) and back to the latest
// (End); a message typed in the chat pane goes to the message box, and it and
// its reply show at the bottom, and the top still shows the
// first message afterwards (the row index takes the grown tail).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { useRealServer, whenRealServer } from '../fixtures/backends/real-server.js';
import { isolatedEnv, runCli } from '../helpers.js';
import { app, screen, until } from './_tui.js';

const MESSAGES = 10_000;
const HOME = '\x1b[H';
const END = '\x1b[F';

/** A session of alternating questions and Markdown answers, as an import file. */
function sessionFile(dir: string): string {
  const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 8, 0, 0, i)).toISOString();
  const lines = [
    JSON.stringify({
      type: 'session',
      id: 'long',
      title: 'Ten thousand messages',
      started_at: at(0),
      updated_at: at(MESSAGES),
      message_count: MESSAGES,
    }),
  ];
  for (let i = 0; i < MESSAGES; i++) {
    const id = `m${String(i).padStart(5, '0')}`;
    const parent = i === 0 ? null : `m${String(i - 1).padStart(5, '0')}`;
    const content =
      i % 2 === 0
        ? `question ${i}: what does the server do with a long prompt?`
        : `answer ${i}: it **streams** tokens.\n\n\`\`\`ts\nconst n = ${i};\n\`\`\`\n\nThe end of answer ${i}.`;
    lines.push(
      JSON.stringify({
        type: 'message',
        id,
        parent_id: parent,
        role: i % 2 === 0 ? 'user' : 'assistant',
        content,
        created_at: at(i),
      }),
    );
  }
  const file = path.join(dir, 'long.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

whenRealServer('e2e/chat-scroll.test.ts', it, () => {
  const server = useRealServer();

  it('a 10,000-message session shows its first message at the top, and a new reply at the bottom', async () => {
    const { home, env } = isolatedEnv();
    const imported = runCli(['sessions', 'import', sessionFile(home)], env);
    expect(imported.code, imported.stderr).toBe(0);
    const run = app(home, env, server.url, 8);
    const type = (text: string) => {
      run.pty.write(text);
    };
    /** Tab until the chat has the focus (the hints on the last row name each pane's keys). */
    const hints = (s: string) => s.split('\n').at(-1) ?? '';
    const focusChat = async () => {
      // A few rounds: under load a Tab can land while the long session is still
      // opening, which puts the focus back on the message box.
      for (let i = 0; i < 8; i++) {
        const before = hints(await screen(run));
        if (before.includes('Shift+Up select')) return;
        type('\t');
        await until(run, (s) => hints(s) !== before, 'the focus moving', 10_000);
      }
      await until(run, (s) => s.includes('Shift+Up select'), 'the chat focused');
    };
    // The app reopens the last session at start; Enter on it in the sessions
    // tab then only brings the focus back to the composer.
    await until(
      run,
      (s) => s.includes('● connected') && s.includes('The end of answer 9999.'),
      'the session reopened',
    );
    type('\x1b1'); // Alt+1: the sessions tab
    // Wait for the focus to be on the list (its hints), not only for the title:
    // the title is on screen before Alt+1 is read, and a screen from before it
    // would let the waits below pass while the keys are still queued.
    await until(
      run,
      (s) => s.includes('Ten thousand') && hints(s).includes('Enter open'),
      'the session listed',
    );
    type('\r');
    // Opening it (10,000 messages) ends with the focus in the composer; keys
    // pressed before that would land in the sessions tab.
    await until(
      run,
      (s) => s.includes('The end of answer 9999.') && hints(s).includes('Enter send'),
      'the session opened',
    );

    await focusChat();
    type(HOME);
    const top = await until(run, (s) => s.includes('question 0:'), 'the first message');
    expect(top).toMatch(/↓ \d+ more/);
    expect(top).not.toContain('question 9998');
    type(END);
    await until(
      run,
      (s) => s.includes('The end of answer 9999.') && !/↓ \d+ more/.test(s),
      'the latest again',
    );

    // Typed in the chat pane: the text goes to the message box.
    type('Say hello.');
    await until(run, (s) => s.includes('Say hello.'), 'the question typed');
    type('\r');
    // The reply ends at the bottom: figures, or (the whole history sent
    // exceeds SmolLM2's context) the server's error with the retry hint.
    const replied = await until(
      run,
      (s) => s.includes('tok/s') || s.includes('Ctrl+R asks again.'),
      'the reply',
    );
    const rows = replied.split('\n');
    const asked = rows.findIndex((r) => r.includes('Say hello.'));
    expect(asked).toBeGreaterThan(0);
    expect(rows.slice(asked).some((r) => r.includes(' assistant '))).toBe(true);
    expect(replied).not.toContain('question 0:');

    await focusChat();
    type(HOME);
    await until(run, (s) => s.includes('question 0:'), 'the first message again');
    run.pty.kill();
  }, 180_000);
});
