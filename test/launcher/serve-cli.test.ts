// `mistralrs-tui serve MODEL_ID` launches the real binary for the discovered
// SmolLM2 file; `ask` then chats with it; Ctrl+C stops it and leaves nothing.
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it, onTestFinished } from 'vitest';
import { CLI, ROOT, isolatedEnv } from '../helpers.js';
import { mistralrsBinary, modelDir, whenRealServer } from '../fixtures/backends/real-server.js';

whenRealServer('serve-cli.test.ts', it, () => {
  it('serves the discovered model in the foreground, answers ask, stops on SIGINT', async () => {
    const { env, home } = isolatedEnv();
    const config = path.join(home, 'config.toml');
    writeFileSync(
      config,
      `[launcher]\nbinary = "${mistralrsBinary()}"\ntoken_source = "none"\ncpu = true\nport_min = 20000\nport_max = 40000\n[inventory]\ninclude_hf_cache = false\n`,
    );
    const list = spawnSync(
      process.execPath,
      [CLI, '--config', config, 'models', '--json', '--dir', modelDir()],
      {
        env,
        cwd: home,
        encoding: 'utf8',
      },
    );
    const models = (JSON.parse(list.stdout) as { models: { id: string; path: string }[] }).models;
    const smol = models.find((m) => m.path.includes('SmolLM2'));
    expect(smol, list.stderr).toBeDefined();
    if (smol === undefined) return;

    const child = spawn(
      process.execPath,
      [CLI, '--config', config, 'serve', smol.id, '--dir', modelDir()],
      {
        env,
        cwd: home,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    // However the test ends, the foreground server must not outlive it (killing the
    // CLI closes the supervisor's pipe, which stops mistralrs too).
    onTestFinished(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    let out = '';
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        // It says how to connect the chat (issue 21, item 14d).
        const m = /mistralrs-tui --url (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
        if (m?.[1] !== undefined) resolve(m[1]);
      });
      child.once('exit', (code) => {
        reject(new Error(`serve exited (${String(code)}): ${err.slice(-2000)}`));
      });
    });
    expect(out).toContain(`serving ${smol.id} at ${url} (OpenAI-compatible: ${url}/v1)`);
    expect(err).toContain('mistralrs-tui: starting');
    expect(err).toContain('--host 127.0.0.1');

    const ask = spawnSync(
      process.execPath,
      [CLI, 'ask', 'Say hi', '--url', url, '--no-save', '--max-tokens', '8'],
      {
        env,
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 170_000,
      },
    );
    expect(ask.status, ask.stderr).toBe(0);
    expect(ask.stdout.trim().length).toBeGreaterThan(0);

    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    const health = await fetch(`${url}/health`).then(
      () => 'up',
      () => 'down',
    );
    expect(health).toBe('down');
  }, 180_000);
});
