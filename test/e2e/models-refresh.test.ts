// Regression (issue 21, item 14f), end to end against the REAL mistral.rs
// 0.8.1 server: the models tab showed the statuses it read when it came into
// view, and kept them until a key asked again. Now, while the tab is on
// screen, it asks the server again on its own: a model unloaded and loaded
// again by another client (here: the test, over HTTP) shows so without a key.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelDir, useRealServer, whenRealServer } from '../fixtures/backends/real-server.js';
import { CLI, isolatedEnv, runInPty } from '../helpers.js';
import { COLS, ROWS, until } from './_tui.js';

const ALT_2 = '\x1b2';

async function post(url: string, route: string, modelId: string): Promise<unknown> {
  const res = await fetch(`${url}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model_id: modelId }),
  });
  return res.json();
}

whenRealServer('e2e/models-refresh.test.ts', it, () => {
  const server = useRealServer();

  describe('the models tab', () => {
    it("follows the server's statuses on its own while it is on screen", async () => {
      const { home, env } = isolatedEnv();
      const config = path.join(home, 'config.toml');
      writeFileSync(
        config,
        [
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
      try {
        await until(run, (s) => s.includes('● connected'), 'the connected status');
        run.pty.write(ALT_2);
        await until(run, (s) => s.includes('server: loaded'), 'the model loaded on the server');
        // Another client unloads it: no key is pressed here.
        expect(await post(server.url, '/v1/models/unload', server.modelId)).toMatchObject({
          status: 'unloaded',
        });
        const unloaded = await until(
          run,
          (s) => s.includes('server: unloaded'),
          'the tab showing the model unloaded, with no key pressed',
          30_000,
        );
        expect(unloaded).toMatch(/○ SmolLM2/);
        await post(server.url, '/v1/models/reload', server.modelId);
        await until(
          run,
          (s) => s.includes('server: loaded'),
          'the tab showing the model loaded again, with no key pressed',
          60_000,
        );
      } finally {
        run.pty.kill();
      }
    }, 180_000);
  });
});
