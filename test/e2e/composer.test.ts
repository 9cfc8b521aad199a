// The composer end to end, in a pseudo-terminal against the REAL mistral.rs
// server with the SmolLM2 test model: a sampling preset and a system prompt
// set with slash commands show in the chat's header, the request with them
// gets a reply, and they come back with the session after a restart; a
// template with a {{variable}} is created in the manager, filled in, inserted
// and sent; the command palette runs a command found by typing.
import { describe, expect, it } from 'vitest';
import { useRealServer, whenRealServer } from '../fixtures/backends/real-server.js';
import { isolatedEnv, type PtyRun } from '../helpers.js';
import { app, replyText, until } from './_tui.js';

// A finished reply's figures (tokens/s is left out for a reply of a few tokens).
const FIGURES = /TTFT [^\n]*· \d+ tokens/;

/** Types text, waits until it shows, then presses Enter. */
async function enter(run: PtyRun, text: string, shows = text): Promise<void> {
  run.pty.write(text);
  await until(run, (s) => s.includes(shows), `the typed "${shows}"`);
  run.pty.write('\r');
}

async function quit(run: PtyRun): Promise<void> {
  run.pty.write('\x03');
  expect((await run.exited).exitCode).toBe(0);
}

whenRealServer('e2e/composer.test.ts', it, () => {
  const server = useRealServer();

  describe('the composer with the real server', () => {
    it('/preset and /system apply to the request, show in the header and stay with the session', async () => {
      const { home, env } = isolatedEnv();
      const run = app(home, env, server.url, 12);
      await until(run, (s) => s.includes('● connected'), 'the connected status');
      // The completion list offers the command while it is typed.
      run.pty.write('/pre');
      await until(run, (s) => s.includes('/preset <name>'), 'the completion list');
      run.pty.write('set precise\r');
      await until(run, (s) => s.includes(' precise '), 'the preset in the header');
      await enter(run, '/system Always answer in one short sentence.');
      await until(run, (s) => s.includes('precise · system prompt'), 'the settings in the header');
      // A bad value is refused with the range.
      await enter(run, '/temp 7');
      await until(run, (s) => s.includes('Temperature must be a number from 0 to 2'), 'the error');
      run.pty.write('\x15'); // Ctrl+U clears the line kept for fixing
      await enter(run, 'Name a colour.');
      const done = await until(run, (s) => FIGURES.test(s), 'the reply figures');
      expect(replyText(done).length).toBeGreaterThan(0);
      // The inspector shows the request: the system message first, the preset's sampling.
      run.pty.write('\x0f'); // Ctrl+O
      await until(
        run,
        (s) => s.includes('[system] Always answer') && s.includes('temperature=0.2'),
        'the request in the inspector',
      );
      await quit(run);

      // The session reopens with its settings.
      const again = app(home, env, server.url, 12);
      await until(
        again,
        (s) => s.includes('Name a colour.') && s.includes('precise · system prompt'),
        'the reopened session with its settings',
        30_000,
      );
      await quit(again);
    }, 240_000);

    it('a template with a variable is created, filled in, inserted and sent; the palette runs a command', async () => {
      const { home, env } = isolatedEnv();
      const run = app(home, env, server.url, 12);
      await until(run, (s) => s.includes('● connected'), 'the connected status');
      run.pty.write('\x14'); // Ctrl+T: the template manager
      await until(run, (s) => s.includes('New template…'), 'the template manager');
      run.pty.write('\r');
      await until(run, (s) => s.includes('New template'), 'the name form');
      await enter(run, 'landmark');
      run.pty.write('\r'); // no description
      await until(run, (s) => s.includes('Template text: landmark'), 'the text prompt');
      await enter(run, 'Name one landmark in {{city}}.');
      await until(run, (s) => s.includes('Template "landmark" saved'), 'the saved notice');

      await enter(run, '/template landmark');
      await until(run, (s) => s.includes('Template: landmark'), 'the variable form');
      await enter(run, 'Paris');
      await until(run, (s) => s.includes('Name one landmark in Paris.'), 'the filled-in text');
      run.pty.write('\r');
      const sent = await until(run, (s) => FIGURES.test(s), 'the reply figures');
      expect(sent).toContain(' you ');
      expect(sent).toContain('Name one landmark in Paris.');

      // The palette: filter by typing, run "Layout: chat only"; the sidebar goes.
      // The sidebar is there (its tab titles are short at this width).
      expect(sent).toMatch(/Sessions|Ses {2}Mod/);
      run.pty.write('\x10'); // Ctrl+P
      await until(run, (s) => s.includes('Commands'), 'the palette');
      await enter(run, 'chat only', 'Layout: chat only');
      await until(
        run,
        (s) => !/Sessions|Ses {2}Mod/.test(s) && !s.includes('Commands'),
        'the single layout',
      );
      await quit(run);
    }, 240_000);
  });
});
