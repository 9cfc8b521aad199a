// The sessions tab end to end: the built app in a pseudo-terminal against the
// REAL mistral.rs server (SmolLM2). Two chats; the search finds one by a word
// of its message and opens it; it is renamed (the chat title follows),
// exported from the UI to a file whose content is checked, and deleted after
// the confirmation. The command line then sees the one session left.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { useRealServer, whenRealServer } from '../fixtures/backends/real-server.js';
import { isolatedEnv, runCli } from '../helpers.js';
import { app, until } from './_tui.js';

const ALT_1 = '\x1b1';
const CTRL_N = '\x0e';

whenRealServer('e2e/sessions.test.ts', it, () => {
  const server = useRealServer();

  it('search finds a chat and opens it; rename, export and delete it from the sessions tab', async () => {
    const { home, env } = isolatedEnv();
    const run = app(home, env, server.url, 8);
    const type = (text: string) => {
      run.pty.write(text);
    };
    await until(run, (s) => s.includes('● connected'), 'the connected status');

    type('Tell me about penguins.');
    await until(run, (s) => s.includes('penguins.'), 'the first message typed');
    type('\r');
    await until(run, (s) => s.includes('tok/s') && s.includes('1 saved'), 'the first reply');
    type(CTRL_N);
    await until(run, (s) => s.includes('╭ New chat'), 'a new chat');
    type('What is the capital of France?');
    await until(run, (s) => s.includes('France?'), 'the second message typed');
    type('\r');
    await until(run, (s) => s.includes('tok/s') && s.includes('2 saved'), 'the second reply');

    // Search: '/' in the sessions tab, then a word of the first chat's message.
    // Keys are read in order: Alt+1 focuses the tab before '/' arrives.
    type(ALT_1);
    type('/');
    await until(run, (s) => s.includes('search sessions'), 'the search line');
    type('penguins');
    const found = await until(run, (s) => /\d+ match/.test(s), 'the search results');
    expect(found).toContain('Tell me about penguins.');
    type('\r');
    await until(run, (s) => s.includes('╭ Tell me about penguins.'), 'the found chat opened');

    // Back to the list (Esc leaves the search); the opened chat is selected.
    type(ALT_1);
    await until(run, (s) => s.includes('/ penguins'), 'the search still shown');
    type('\x1b');
    await until(run, (s) => s.includes('2 saved'), 'the list again');

    type('e');
    await until(run, (s) => s.includes('Rename session'), 'the rename dialog');
    type('Penguin facts');
    type('\r');
    const renamed = await until(
      run,
      (s) => s.includes('╭ Penguin facts') && s.includes('Renamed to'),
      'the new title on the chat',
    );
    expect(renamed).toMatch(/•Penguin facts/);

    type('x');
    await until(run, (s) => s.includes('~/penguin-facts.md'), 'the export path prompt');
    type('\r');
    await until(run, (s) => s.includes('Exported to'), 'the export toast');
    const file = path.join(home, 'penguin-facts.md');
    const md = readFileSync(file, 'utf8');
    expect(md).toMatch(/^# Penguin facts\n/);
    expect(md).toContain('Tell me about penguins.');
    expect(md).toMatch(/### 2\. Assistant/);
    expect(md).not.toContain('capital of France');

    type('d');
    const asked = await until(run, (s) => s.includes('Delete session'), 'the confirmation');
    expect(asked).toContain('Delete “Penguin facts”');
    // The dialog starts on Cancel: Right chooses Delete, Enter does it.
    type('\x1b[C');
    type('\r');
    const after = await until(
      run,
      (s) => s.includes('Deleted “Penguin facts”') && s.includes('1 saved'),
      'the session deleted',
    );
    expect(after).toContain('╭ New chat');
    type('\x03');
    expect((await run.exited).exitCode).toBe(0);

    const list = runCli(['sessions', 'list', '--json'], env);
    expect(list.code).toBe(0);
    const titles = (JSON.parse(list.stdout) as { sessions: { title: string }[] }).sessions.map(
      (s) => s.title,
    );
    expect(titles).toEqual(['What is the capital of France?']);
  }, 300_000);
});
