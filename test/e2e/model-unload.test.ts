// Regression (issue 14.6), end to end against the REAL mistral.rs 0.8.1
// server: unloading the chat's model in the models tab and loading it again
// used to leave every message failing with "HTTP 500: EnginePoisoned" (the
// app sent "default", which 0.8.1 refuses after an unload, even once the
// model is back). Now: u on the chat's model asks first; while it is unloaded
// a message is held back in the composer with "unloaded — l loads it"; after
// l the same message gets a real reply. Where the app cannot learn the
// model's id, the server's EnginePoisoned is explained in words, with the fix.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFaultProxy } from '../fixtures/backends/fault-proxy.js';
import {
  MODEL_FILE,
  modelDir,
  useRealServer,
  whenRealServer,
} from '../fixtures/backends/real-server.js';
import { CLI, isolatedEnv, runInPty } from '../helpers.js';
import { COLS, ROWS, app, replyText, until } from './_tui.js';

const ALT_2 = '\x1b2';

/** The chat pane's text as one line (the sidebar's column and the borders left out). */
function chatText(screen: string): string {
  return screen
    .split('\n')
    .map((row) => (row.split('││')[0] ?? '').replace(/^│/, '').trim())
    .join(' ')
    .replace(/\s+/g, ' ');
}

whenRealServer('e2e/model-unload.test.ts', it, () => {
  const server = useRealServer();

  describe("unloading and loading the chat's model", () => {
    it('asks first, holds the message back while unloaded, and replies after l (no EnginePoisoned)', async () => {
      const { home, env } = isolatedEnv();
      const config = path.join(home, 'config.toml');
      writeFileSync(
        config,
        [
          '[chat]',
          'max_tokens = 12',
          '[inventory]',
          `directories = [${JSON.stringify(modelDir())}]`,
          'include_hf_cache = false',
          'include_dot_models = false',
          '',
        ].join('\n'),
      );
      const run = runInPty(process.execPath, [CLI, '--config', config, '--url', server.url], env, {
        cols: COLS,
        rows: ROWS,
      });
      // The server names the model after its folder; the app names it by the
      // id of the model on disk there (issue 21, item 14c).
      const label = path.parse(MODEL_FILE).name;
      // No model was named: the status bar shows the one the server serves, by its id.
      await until(
        run,
        (s) => s.includes('● connected') && s.includes(`(mistralrs) · ${label}`),
        "the server's model in the status bar",
      );

      run.pty.write(ALT_2);
      await until(run, (s) => s.includes('server: loaded'), 'the model loaded on the server');
      run.pty.write('u');
      const asked = await until(
        run,
        (s) => s.includes("Unload the chat's model"),
        'the confirmation to unload the model the chat uses',
      );
      expect(asked).toContain('Messages wait until l loads it again');
      run.pty.write('\r');
      await until(
        run,
        (s) => s.includes('server: unloaded') && s.includes(`${label} unloaded`),
        'the model unloaded, in the tab and the status bar',
      );

      // Back to the composer (Tab, from the sidebar); the message is held back.
      run.pty.write('\t');
      run.pty.write('Say hi.');
      await until(run, (s) => s.includes('Say hi.'), 'the typed message');
      run.pty.write('\r');
      const held = await until(
        run,
        (s) => s.includes(`${label} is unloaded — l loads it`),
        'the notice that the model is unloaded',
      );
      expect(held).toContain('Say hi.');
      expect(held).not.toContain(' assistant ');

      run.pty.write(ALT_2);
      run.pty.write('l');
      await until(
        run,
        (s) => s.includes('server: loaded') && !s.includes(`${label} unloaded`),
        'the model loaded again',
        120_000,
      );
      run.pty.write('\t');
      run.pty.write('\r');
      const done = await until(
        run,
        (s) => /tok\/s · \d+ tokens/.test(s) || s.includes('✗'),
        'the reply',
      );
      expect(done).not.toMatch(/EnginePoisoned|poisoned/);
      expect(done).toMatch(/tok\/s · \d+ tokens/);
      expect(done).toContain(`assistant  ${label} ·`);
      expect(replyText(done).length).toBeGreaterThan(0);
      run.pty.write('\x03');
      expect((await run.exited).exitCode).toBe(0);
    }, 240_000);

    it('EnginePoisoned, when the model list cannot be read, is explained in words with the fix', async () => {
      // Another client unloads and reloads the model: the server now refuses "default".
      for (const route of ['unload', 'reload']) {
        const r = await fetch(`${server.url}/v1/models/${route}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model_id: server.modelId }),
        });
        expect(r.status).toBe(200);
      }
      // A gateway that passes chats but not the model list: the app cannot learn the id.
      const proxy = await startFaultProxy(server.url);
      proxy.blocked.add('/v1/models');
      try {
        const { home, env } = isolatedEnv();
        const run = app(home, env, proxy.url, 12);
        await until(run, (s) => s.includes('(mistralrs) · default'), 'the connected status');
        run.pty.write('Say hi.');
        await until(run, (s) => s.includes('Say hi.'), 'the typed message');
        run.pty.write('\r');
        const failed = await until(
          run,
          (s) => chatText(s).includes('restart the server'),
          'the refusal explained',
        );
        // The server's word stays (to search for), inside a sentence that says what to do.
        // 0.8.1 says "EnginePoisoned", 0.9.2 "engine state lock is poisoned": the same case.
        expect(chatText(failed)).toMatch(
          /✗ the server lost its "default" model after an unload or reload \(mistral\.rs: HTTP 500 (EnginePoisoned|engine state lock is poisoned)\) — choose the model by its id \(models tab, Enter\) or restart the server/,
        );
        run.pty.write('\x03');
        expect((await run.exited).exitCode).toBe(0);
      } finally {
        await proxy.close();
      }
    }, 120_000);
  });
});
