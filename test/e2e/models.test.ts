// The models tab end to end, against the REAL mistral.rs server with the
// SmolLM2 test model found on disk by discovery: the tab lists the model with
// its status on the server; Enter switches the chat to it and the reply is
// labelled with it. Without a reachable server the welcome names the model
// and the launch key; launching from the tab starts a real server, switches
// the app to it, chats, and quitting stops it.
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MODEL_FILE,
  mistralrsBinary,
  modelDir,
  useRealServer,
  whenRealServer,
} from '../fixtures/backends/real-server.js';
import { CLI, closedPort, isolatedEnv, runInPty, type PtyRun } from '../helpers.js';
import { COLS, ROWS, replyText, until } from './_tui.js';

const ALT_2 = '\x1b2';

function start(home: string, env: NodeJS.ProcessEnv, url: string, launchPort = 41234): PtyRun {
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
      '[launcher]',
      `binary = ${JSON.stringify(mistralrsBinary())}`,
      'token_source = "none"',
      'cpu = true',
      // One port, so the test knows where the launched server listens.
      `port_min = ${String(launchPort)}`,
      `port_max = ${String(launchPort)}`,
      '',
    ].join('\n'),
  );
  return runInPty(process.execPath, [CLI, '--config', config, '--url', url], env, {
    cols: COLS,
    rows: ROWS,
  });
}

/** Whether something accepts connections on the port. */
function listening(url: string): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const sock = net.connect(Number(u.port), u.hostname);
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => {
      resolve(false);
    });
  });
}

/** The id discovery gives the test model, which every screen names it by. */
const ID = path.parse(MODEL_FILE).name;

whenRealServer('e2e/models.test.ts', it, () => {
  const server = useRealServer();

  describe('the models tab', () => {
    it('lists the model on disk with its server status; Enter switches the chat to it', async () => {
      const { home, env } = isolatedEnv();
      const run = start(home, env, server.url);
      await until(run, (s) => s.includes('● connected'), 'the connected status');
      run.pty.write(ALT_2);
      const tab = await until(
        run,
        (s) => s.includes('1 model · 1 served') && s.includes('server: loaded'),
        'the model listed as loaded on the server',
      );
      expect(tab).toContain('Folders · text');
      // Named by its id, as `models` and `serve` name it (issue 21, items 12
      // and 14c), not by the name inside the GGUF nor by the server's folder id.
      expect(tab).toMatch(/● SmolLM2-135M-I/);
      expect(tab).toContain(`Chatting with ${ID}`);
      expect(tab).toContain('GGUF name:');
      expect(tab).toContain('text · gguf · Q4_1');
      expect(tab).toContain('--format gguf --cpu');

      run.pty.write('\r');
      await until(
        run,
        (s) => s.includes(`This chat now uses ${ID}`),
        'the switch notice naming the model by its id',
      );
      // Back to the composer (Tab, from the sidebar), then chat.
      run.pty.write('\t');
      run.pty.write('Say hi.');
      await until(run, (s) => s.includes('Say hi.'), 'the typed message');
      run.pty.write('\r');
      const done = await until(run, (s) => /tok\/s · \d+ tokens/.test(s), 'the reply figures');
      // The reply and the status bar name the model on disk that the server's
      // folder id is, by its id (not "…/models").
      expect(done).toContain(`assistant  ${ID} ·`);
      expect(done).toContain(`(mistralrs) · ${ID}`);
      expect(replyText(done).length).toBeGreaterThan(0);
      run.pty.write('\x03');
      expect((await run.exited).exitCode).toBe(0);
    }, 180_000);

    it('with no server: the welcome names the model; s launches one, the chat uses it, quitting stops it', async () => {
      const { home, env } = isolatedEnv();
      const down = `http://127.0.0.1:${String(await closedPort())}`;
      const port = await closedPort();
      const run = start(home, env, down, port);
      const welcome = await until(
        run,
        (s) => s.includes('No server answers') && s.includes(path.parse(MODEL_FILE).name),
        'the welcome naming the model found on disk',
      );
      expect(welcome).toContain('mistralrs-tui --url http://HOST:PORT');
      expect(welcome).toContain('Alt+2, select one, s launches it');
      run.pty.write(ALT_2);
      await until(run, (s) => s.includes('text · gguf · Q4_1'), 'the model details');
      run.pty.write('s');
      await until(
        run,
        (s) => s.includes('● connected launched (mistralrs)') && s.includes('launched here'),
        'the app switched to the launched server, its model loaded there',
        120_000,
      );
      expect(await listening(`http://127.0.0.1:${String(port)}`)).toBe(true);
      run.pty.write('\t'); // from the sidebar back to typing
      run.pty.write('Say hi.');
      await until(run, (s) => s.includes('Say hi.'), 'the typed message');
      run.pty.write('\r');
      const done = await until(run, (s) => /tok\/s · \d+ tokens/.test(s), 'the reply figures');
      expect(replyText(done).length).toBeGreaterThan(0);
      expect(done).toContain(`assistant  ${ID} ·`);
      run.pty.write('\x03');
      expect((await run.exited).exitCode).toBe(0);
      expect(await listening(`http://127.0.0.1:${String(port)}`)).toBe(false);
    }, 240_000);
  });
});
