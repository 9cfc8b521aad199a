// `ask` and `doctor` run as the built binary against the REAL mistral.rs
// server, with pipes and in a pseudo-terminal.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/services/store/index.js';
import { CLI, ROOT, closedPort, isolatedEnv, runInPty } from '../helpers.js';
import {
  startRealServer,
  whenRealServer,
  type RealServer,
} from '../fixtures/backends/real-server.js';

function run(args: string[], env: NodeJS.ProcessEnv, input?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    env,
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 170_000,
    ...(input !== undefined ? { input } : { stdio: ['ignore', 'pipe', 'pipe'] }),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('ask without a server', () => {
  it('fails with one line naming the port, and exit code 1', async () => {
    const { env, home } = isolatedEnv();
    const port = await closedPort();
    const r = run(
      [
        'ask',
        'hi',
        '--url',
        `http://127.0.0.1:${port}`,
        '--database',
        path.join(home, 'db.sqlite'),
      ],
      env,
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `mistralrs-tui: connection refused at http://127.0.0.1:${port} — is mistralrs serve running on port ${port}?\n`,
    );
  });

  it('without a prompt and with a terminal-less empty stdin: usage error', () => {
    const { env } = isolatedEnv();
    const r = run(['ask'], env, '');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no prompt');
  });
});

whenRealServer('cli.test.ts', it, (build) => {
  let server: RealServer;
  beforeAll(async () => {
    server = await startRealServer(build);
  }, 120_000);
  afterAll(async () => {
    await server.stop();
  });

  describe('ask and doctor against the real server', { timeout: 180_000 }, () => {
    it('ask streams a real reply, prints labelled stats and saves the exchange', async () => {
      const { env, home } = isolatedEnv();
      const db = path.join(home, 'sessions.db');
      const r = run(
        [
          'ask',
          'Say',
          'hi',
          '--url',
          server.url,
          '--stats',
          '--max-tokens',
          '16',
          '--database',
          db,
        ],
        env,
      );
      expect(r.stderr).toContain('time to first token:');
      expect(r.code).toBe(0);
      expect(r.stdout.trim().length).toBeGreaterThan(0);
      expect(r.stderr).toMatch(/tokens: \d+ prompt \+ \d+ completion \(server usage\)/);
      expect(r.stderr).toMatch(/decode: [\d.]+ tokens\/s \(server\)/);
      const store = await openStore({ kind: 'sqlite', path: db });
      try {
        const page = await store.listSessions();
        expect(page.items).toHaveLength(1);
        const session = page.items[0];
        if (session === undefined) return;
        const messages = await store.listMessages(session.id);
        expect(messages.map((m) => m.role)).toEqual(['user', 'assistant']);
        expect(messages[0]?.content).toBe('Say hi');
        expect(messages[1]?.content.trim()).toBe(r.stdout.trim());
        expect(messages[1]?.completionTokens).toBeGreaterThan(0);
      } finally {
        await store.close();
      }
    });

    it('ask reads the prompt from a pipe and prints one JSON object with --json', () => {
      const { env } = isolatedEnv();
      const r = run(
        [
          'ask',
          '--url',
          server.url,
          '--json',
          '--no-save',
          '--max-tokens',
          '8',
          '--system',
          'Answer briefly.',
        ],
        env,
        'Say hi\n',
      );
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout) as {
        text: string;
        finish: string;
        error: unknown;
        metrics: { tokenSource: string };
      };
      expect(doc.text.length).toBeGreaterThan(0);
      expect(['stop', 'length']).toContain(doc.finish);
      expect(doc.error).toBeNull();
      expect(doc.metrics.tokenSource).toBe('server');
    });

    it('ask with an unknown model: the server message, exit 1', () => {
      const { env } = isolatedEnv();
      const r = run(['ask', 'hi', '--url', server.url, '--model', 'nope', '--no-save'], env);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("Requested model 'nope' is not available");
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    });

    it('SIGINT cancels a streaming ask cleanly (pipes): partial text, exit 130', async () => {
      const { env } = isolatedEnv();
      const child = spawn(
        process.execPath,
        [
          CLI,
          'ask',
          'Write a long story about a dragon.',
          '--url',
          server.url,
          '--no-save',
          '--max-tokens',
          '500',
        ],
        {
          env,
          cwd: ROOT,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        if (out === '') child.kill('SIGINT');
        out += d;
      });
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(130);
      expect(out.length).toBeGreaterThan(0);
      expect(err).toBe('mistralrs-tui: cancelled\n');
    });

    it('Ctrl+C in a terminal cancels the reply', async () => {
      const { env } = isolatedEnv();
      const p = runInPty(
        process.execPath,
        [
          CLI,
          'ask',
          'Write a long story about a dragon.',
          '--url',
          server.url,
          '--no-save',
          '--max-tokens',
          '500',
        ],
        env,
      );
      await p.waitFor(/\w{3}/, 60_000);
      p.pty.write('\x03');
      const e = await p.exited;
      expect(e.exitCode).toBe(130);
      expect(p.output()).toContain('mistralrs-tui: cancelled');
    });

    it('doctor reports the server, its model and features; and a dead one with a fix', async () => {
      const { env } = isolatedEnv();
      const r = run(['doctor', '--url', server.url], env);
      expect(r.stdout).toMatch(
        /^ok +backend local \(mistralrs http:\/\/127\.0\.0\.1:\d+\): answers in \d+ ms; models: .*\[loaded\]/m,
      );
      expect(r.stdout).toContain('model management, system info');
      // The server's version where it states it (0.9.2 in its system info), and
      // what /metrics tells, or in words that it is missing; details in one column.
      expect(r.stdout).toMatch(
        build.has.metrics
          ? /^ok {6}version: +mistral\.rs \d+\.\d+\.\d+$/m
          : /^ok {6}version: +not stated by the server$/m,
      );
      if (build.has.metrics)
        expect(r.stdout).toMatch(
          /^ok {6}server metrics: +from its \/metrics: \d+ running, \d+ waiting.*tokens processed; TTFT p50 \d+ ms, p95 \d+ ms/m,
        );
      else expect(r.stdout).toMatch(/^ok {6}features: .*; no \/metrics route \(queue only from/m);
      // No "? threads": the count the server gives.
      expect(r.stdout).toMatch(/^ok {6}server host: +\S.* \(\d+ threads\)/m);
      const detailAt = (l: string) => l.indexOf(':') + 1 + l.slice(l.indexOf(':') + 1).search(/\S/);
      const aligned = r.stdout
        .split('\n')
        .filter((l) => /^ok {4}( {2})?(version|features|server host|server metrics|web):/.test(l))
        .map(detailAt);
      expect(aligned.length).toBeGreaterThanOrEqual(4);
      expect(new Set(aligned).size).toBe(1);
      expect(r.code).toBe(0);
      const port = await closedPort();
      const dead = run(['doctor', '--url', `http://127.0.0.1:${port}`], env);
      expect(dead.code).toBe(1);
      expect(dead.stdout).toContain(
        `FAIL  backend local (mistralrs http://127.0.0.1:${port}): connection refused`,
      );
      expect(dead.stdout).toContain('fix: start one with `mistralrs-tui serve MODEL`');
      const json = JSON.parse(run(['doctor', '--url', server.url, '--json'], env).stdout) as {
        ok: boolean;
      };
      expect(json.ok).toBe(true);
    });

    it('doctor in a terminal', async () => {
      const { env } = isolatedEnv();
      const p = runInPty(process.execPath, [CLI, 'doctor', '--url', server.url], env);
      expect((await p.exited).exitCode).toBe(0);
      expect(p.output()).toContain('all checks passed');
    });
  });
});
