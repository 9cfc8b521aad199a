// Agent mode end to end (issue 17): the built app in a pseudo-terminal, the
// REAL mistral.rs 0.8.1 server with the SmolLM2 test model (made to call tools
// by a grammar: fixtures/backends/tool-proxy.ts), and real MCP servers from
// node_modules over stdio (server-everything, and the SDK fixture server for
// hanging, crashing and hostile tools). Nothing is mocked.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVERYTHING_BIN, FIXTURE_BIN } from '../fixtures/agent/servers.js';
import { useRealServer, whenRealServer } from '../fixtures/backends/real-server.js';
import { startToolProxy, type ToolProxy } from '../fixtures/backends/tool-proxy.js';
import { CLI, isolatedEnv, runInPty, type PtyRun } from '../helpers.js';
import { until } from './_tui.js';

const COLS = 120;
const ROWS = 40;
const SIZE = [COLS, ROWS] as const;
const q = (s: string): string => JSON.stringify(s);

interface Setup {
  readonly agent?: boolean;
  readonly rules?: Readonly<Record<string, string>>;
  readonly fixture?: boolean;
  readonly timeoutMs?: number;
  readonly marker?: string;
}

function writeConfig(home: string, o: Setup): string {
  const file = path.join(home, 'config.toml');
  const lines = ['[chat]', 'max_tokens = 60', '', '[agent]', `enabled = ${o.agent !== false}`];
  if (o.rules !== undefined) {
    lines.push('', '[agent.rules]');
    for (const [k, v] of Object.entries(o.rules)) lines.push(`${q(k)} = ${q(v)}`);
  }
  lines.push(
    '',
    '[mcp.servers.everything]',
    `command = ${q(process.execPath)}`,
    `args = [${q(EVERYTHING_BIN)}, "stdio"]`,
  );
  if (o.fixture === true) {
    lines.push(
      '',
      '[mcp.servers.fixture]',
      `command = ${q(process.execPath)}`,
      `args = [${q(FIXTURE_BIN)}]`,
    );
    if (o.timeoutMs !== undefined) lines.push(`timeout_ms = ${o.timeoutMs}`);
    if (o.marker !== undefined) lines.push(`env = { MRT_MARKER = ${q(o.marker)} }`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function start(home: string, env: NodeJS.ProcessEnv, url: string, config: string): PtyRun {
  return runInPty(process.execPath, [CLI, '--config', config, '--url', url], env, {
    cols: COLS,
    rows: ROWS,
  });
}

const see = (run: PtyRun, test: (s: string) => boolean, what: string, ms = 90_000) =>
  until(run, test, what, ms, SIZE);

async function ask(run: PtyRun, text: string): Promise<void> {
  await see(run, (s) => /agent [1-9]\d* tools/.test(s), 'the tools connected');
  run.pty.write(text);
  await see(run, (s) => s.includes(text), 'the typed message');
  run.pty.write('\r');
}

async function quit(run: PtyRun): Promise<void> {
  run.pty.write('\x03');
  expect((await run.exited).exitCode).toBe(0);
}

interface Msg {
  role: string;
  content: unknown;
  tool_call_id?: string;
  tool_calls?: unknown[];
}
const messagesOf = (body: Record<string, unknown> | undefined): Msg[] =>
  (body?.messages as Msg[] | undefined) ?? [];

whenRealServer('e2e/agent.test.ts', it, () => {
  const server = useRealServer();
  let proxy: ToolProxy;
  beforeAll(async () => {
    proxy = await startToolProxy(server.url);
  });
  afterAll(async () => {
    await proxy.close();
  });

  describe('agent mode with the real server and real MCP servers', () => {
    it('a call opens the dialog with the full arguments; run once gives the result and the final answer, kept after a restart', async () => {
      const { home, env } = isolatedEnv();
      const config = writeConfig(home, {});
      proxy.requests.length = 0;
      proxy.plans.push([
        { name: 'everything__echo', arguments: { message: 'hello from the model' } },
      ]);
      const run = start(home, env, proxy.url, config);
      await ask(run, 'Echo something for me.');
      const dialog = await see(
        run,
        (s) => s.includes('Run everything · echo?'),
        'the approval dialog',
      );
      expect(dialog).toContain('"message": "hello from the model"');
      expect(dialog).toContain('Run once');
      expect(dialog).toContain('Always allow');
      writeFileSync(path.join(home, 'dialog.txt'), dialog);
      run.pty.write('\r');
      const done = await see(
        run,
        (s) => s.includes('✓ done') && s.includes('The tool has answered.'),
        'the result and the final answer',
      );
      expect(done).toContain('Echo: hello from the model');
      expect(done).toContain('run once, approved by you');
      writeFileSync(path.join(home, 'card.txt'), done);
      // The model was offered the tools, then sent the call and its result.
      const first = proxy.requests[0];
      const offered = (first?.tools as { function: { name: string } }[]).map(
        (t) => t.function.name,
      );
      expect(offered).toContain('everything__echo');
      const second = messagesOf(proxy.requests[1]);
      const asked = second.find((m) => m.role === 'assistant' && Array.isArray(m.tool_calls));
      const answer = second.find((m) => m.role === 'tool');
      expect(asked).toBeDefined();
      expect(answer?.content).toBe('Echo: hello from the model');
      expect(typeof answer?.tool_call_id).toBe('string');
      await quit(run);

      const again = start(home, env, proxy.url, config);
      const reopened = await see(
        again,
        (s) => s.includes('The tool has answered.') && s.includes('✓ done'),
        'the reopened session',
        30_000,
      );
      expect(reopened).toContain('run once, approved by you');
      expect(reopened).toContain('→ calls everything__echo');
      await quit(again);
    }, 240_000);
  });
});
