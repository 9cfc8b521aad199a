// Agent mode end to end (issue 17): the built app in a pseudo-terminal, the
// REAL mistral.rs 0.8.1 server with the SmolLM2 test model (made to call tools
// by a grammar: fixtures/backends/tool-proxy.ts), and real MCP servers from
// node_modules over stdio (server-everything, and the SDK fixture server for
// hanging, crashing and hostile tools). Nothing is mocked.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  EVERYTHING_BIN,
  FILESYSTEM_BIN,
  FIXTURE_BIN,
  startEverythingHttp,
} from '../fixtures/agent/servers.js';
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

/** Apps started by the running test: one that failed before quitting is stopped after it. */
const running = new Set<PtyRun>();

function start(home: string, env: NodeJS.ProcessEnv, url: string, config: string): PtyRun {
  const run = runInPty(process.execPath, [CLI, '--config', config, '--url', url], env, {
    cols: COLS,
    rows: ROWS,
  });
  running.add(run);
  void run.exited.then(() => running.delete(run));
  return run;
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
  // While a reply streams the first Ctrl+C stops it instead of quitting (the
  // text of the answer shows before its stream has ended): wait for the end.
  await see(run, (s) => !s.includes('Esc stops'), 'the reply to end');
  run.pty.write('\x03');
  expect((await run.exited).exitCode).toBe(0);
}

interface Msg {
  role: string;
  content: unknown;
  tool_call_id?: string;
  tool_calls?: unknown[];
}
/** The tool messages the model was sent, in every request so far. */
const toolAnswers = (proxy: ToolProxy): Msg[] =>
  proxy.requests.flatMap((r) => messagesOf(r)).filter((m) => m.role === 'tool');
const messagesOf = (body: Record<string, unknown> | undefined): Msg[] =>
  (body?.messages as Msg[] | undefined) ?? [];

whenRealServer('e2e/agent.test.ts', it, (build) => {
  const server = useRealServer();
  let proxy: ToolProxy;
  beforeAll(async () => {
    proxy = await startToolProxy(server.url);
  });
  afterAll(async () => {
    await proxy.close();
  });
  afterEach(async () => {
    for (const run of running) {
      run.pty.kill();
      await run.exited;
    }
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

    it('deny with a reason: the call does not run and the model is told why', async () => {
      const { home, env } = isolatedEnv();
      const config = writeConfig(home, {});
      proxy.requests.length = 0;
      proxy.plans.push([{ name: 'everything__echo', arguments: { message: 'secret' } }]);
      const run = start(home, env, proxy.url, config);
      await ask(run, 'Echo a secret.');
      await see(run, (s) => s.includes('Run everything · echo?'), 'the approval dialog');
      run.pty.write('Deny');
      await see(run, (s) => s.includes('› Deny'), 'the filter');
      run.pty.write('\r');
      await see(run, (s) => s.includes('Deny: why?'), 'the reason prompt');
      run.pty.write('not with secrets');
      run.pty.write('\r');
      const done = await see(
        run,
        (s) => s.includes('⊘ denied') && s.includes('The tool has answered.'),
        'the denied card and the answer',
      );
      expect(done).toContain('denied by you');
      expect(done).toContain('not with secrets');
      expect(done).not.toContain('Echo: secret');
      const answer = toolAnswers(proxy).at(-1);
      expect(answer?.content).toBe(
        'The user denied this tool call; it was not run. Reason: not with secrets',
      );
      await quit(run);
    }, 240_000);

    it('always allow writes the rule to the config; after a restart the call runs without a dialog', async () => {
      const { home, env } = isolatedEnv();
      const config = writeConfig(home, {});
      proxy.requests.length = 0;
      proxy.plans.push([{ name: 'everything__echo', arguments: { message: 'one' } }]);
      const run = start(home, env, proxy.url, config);
      await ask(run, 'Echo one.');
      await see(run, (s) => s.includes('Run everything · echo?'), 'the approval dialog');
      run.pty.write('always');
      await see(run, (s) => s.includes('› always'), 'the filter');
      run.pty.write('\r');
      await see(run, (s) => s.includes('Always allow?'), 'the confirmation');
      run.pty.write('\r');
      await see(
        run,
        (s) => s.includes('Echo: one') && s.includes('The tool has answered.'),
        'the result',
      );
      expect(readFileSync(config, 'utf8')).toMatch(/"?everything__echo"? = "allow"/);
      await quit(run);

      proxy.plans.push([{ name: 'everything__echo', arguments: { message: 'two' } }]);
      const again = start(home, env, proxy.url, config);
      await see(again, (s) => s.includes('Echo: one'), 'the reopened session', 30_000);
      again.pty.write('\x0e');
      await ask(again, 'Echo two.');
      const done = await see(
        again,
        (s) => s.includes('Echo: two') && s.includes('The tool has answered.'),
        'the result without a dialog',
      );
      expect(done).toContain('allowed by rule everything__echo');
      expect(again.output()).not.toContain('Run everything · echo?');
      await quit(again);
    }, 240_000);

    it('a deny rule refuses the call without a dialog, and the model is told', async () => {
      const { home, env } = isolatedEnv();
      const config = writeConfig(home, { rules: { everything__echo: 'deny' } });
      proxy.requests.length = 0;
      proxy.plans.push([{ name: 'everything__echo', arguments: { message: 'x' } }]);
      const run = start(home, env, proxy.url, config);
      await ask(run, 'Echo x.');
      if (build.has.dropsUnofferedCalls) {
        // The tool was not offered, so this server drops the model's call to it
        // itself: the reply ends without calls, and nothing runs or asks.
        const ended = await see(run, (s) => s.includes('tok/s'), 'the reply without calls');
        expect(ended).not.toContain('⚙ everything');
        expect(run.output()).not.toContain('Run everything · echo?');
        expect(toolAnswers(proxy)).toEqual([]);
        const names = (proxy.requests[0]?.tools as { function: { name: string } }[]).map(
          (t) => t.function.name,
        );
        expect(names).not.toContain('everything__echo');
        await quit(run);
        return;
      }
      const done = await see(
        run,
        (s) => s.includes('⊘ denied') && s.includes('The tool has answered.'),
        'the refused call',
      );
      expect(done).toContain('denied by rule everything__echo');
      expect(run.output()).not.toContain('Run everything · echo?');
      // A denied tool is not even offered.
      const offered = (proxy.requests[0]?.tools as { function: { name: string } }[]).map(
        (t) => t.function.name,
      );
      expect(offered).not.toContain('everything__echo');
      const answer = toolAnswers(proxy).at(-1);
      expect(answer?.content).toBe(
        "A rule in the user's configuration denied this tool call; it was not run.",
      );
      await quit(run);
    }, 240_000);

    it('progress shows as a bar while a long tool runs', async () => {
      const { home, env } = isolatedEnv();
      const config = writeConfig(home, { rules: { 'everything__*': 'allow' } });
      proxy.requests.length = 0;
      proxy.plans.push([
        {
          name: 'everything__trigger-long-running-operation',
          arguments: { duration: 4, steps: 4 },
        },
      ]);
      const run = start(home, env, proxy.url, config);
      await ask(run, 'Run the long operation.');
      const bar = await see(run, (s) => /█+░*\s+\d\/4/.test(s), 'the progress bar');
      expect(bar).toContain('allowed by rule everything__*');
      await see(
        run,
        (s) =>
          s.includes('Long running operation completed') && s.includes('The tool has answered.'),
        'the result',
      );
      await quit(run);
    }, 240_000);

    it('a hanging tool times out: an error on the card, the model is told, the turn ends', async () => {
      const { home, env } = isolatedEnv();
      const config = writeConfig(home, {
        fixture: true,
        timeoutMs: 1000,
        rules: { 'fixture__*': 'allow' },
      });
      proxy.requests.length = 0;
      proxy.plans.push([{ name: 'fixture__wait', arguments: {} }]);
      const run = start(home, env, proxy.url, config);
      await ask(run, 'Wait for me.');
      const done = await see(
        run,
        (s) => s.includes('✗ failed') && s.includes('The tool has answered.'),
        'the timeout',
      );
      expect(done).toContain('sent no result and no progress');
      const answer = toolAnswers(proxy).at(-1);
      expect(String(answer?.content)).toMatch(
        /^Error: fixture\/wait sent no result and no progress/,
      );
      await quit(run);
    }, 240_000);

    it('Esc cancels a running tool (MCP cancellation) and asks the model nothing more', async () => {
      const { home, env } = isolatedEnv();
      const config = writeConfig(home, { fixture: true, rules: { 'fixture__*': 'allow' } });
      proxy.requests.length = 0;
      proxy.plans.push([{ name: 'fixture__wait', arguments: {} }]);
      const run = start(home, env, proxy.url, config);
      await ask(run, 'Wait again.');
      await see(run, (s) => s.includes('◌ running'), 'the running call');
      run.pty.write('\x1b');
      await see(run, (s) => s.includes('⊘ cancelled'), 'the cancelled card');
      const log = path.join(home, '.local', 'state', 'mistralrs-tui', 'mistralrs-tui.log');
      await expect
        .poll(() => (existsSync(log) ? readFileSync(log, 'utf8') : ''), { timeout: 10_000 })
        .toContain('cancelled: wait');
      expect(proxy.requests.length).toBe(1);
      await quit(run);
    }, 240_000);

    it('the MCP server killed mid-call: a clear error, the session intact, and it reconnects', async () => {
      const { home, env } = isolatedEnv();
      const config = writeConfig(home, { fixture: true, rules: { 'fixture__*': 'allow' } });
      proxy.requests.length = 0;
      proxy.plans.push([{ name: 'fixture__crash', arguments: {} }]);
      const run = start(home, env, proxy.url, config);
      await ask(run, 'Crash the server.');
      const done = await see(
        run,
        (s) => s.includes('✗ failed') && s.includes('The tool has answered.'),
        'the failed call',
      );
      expect(done).toContain('Crash the server.');
      expect(done).toContain('MCP server "fixture" stopped during the call to crash');
      run.pty.write('\x1b5');
      await see(
        run,
        (s) => /● fixture\s+stdio · connected/.test(s),
        'the server connected again',
        60_000,
      );
      await quit(run);
    }, 240_000);

    it('a tool result full of escape sequences is shown inert', async () => {
      const { home, env } = isolatedEnv();
      const config = writeConfig(home, { fixture: true, rules: { 'fixture__*': 'allow' } });
      proxy.requests.length = 0;
      proxy.plans.push([{ name: 'fixture__hostile', arguments: {} }]);
      const run = start(home, env, proxy.url, config);
      await ask(run, 'Be hostile.');
      const done = await see(
        run,
        (s) => s.includes('✓ done') && s.includes('The tool has answered.'),
        'the result',
      );
      expect(done).toMatch(/red .*text/);
      expect(run.output()).not.toContain('\x1b]52;c;cHduZWQ=');
      expect(run.output()).not.toContain('\x1b[31mtext');
      await quit(run);
    }, 240_000);

    it('agent mode off: no tools in the request and no MCP server started', async () => {
      const { home, env } = isolatedEnv();
      const marker = path.join(home, 'marker');
      const config = writeConfig(home, { agent: false, fixture: true, marker });
      proxy.requests.length = 0;
      const run = start(home, env, proxy.url, config);
      await see(run, (s) => s.includes('● connected'), 'the connected status');
      run.pty.write('Hello there.');
      await see(run, (s) => s.includes('Hello there.'), 'the typed message');
      run.pty.write('\r');
      const done = await see(run, (s) => s.includes('tok/s'), 'the reply');
      expect(done).not.toMatch(/agent \d+ tools/);
      expect(proxy.requests[0]?.tools).toBeUndefined();
      expect(existsSync(marker)).toBe(false);
      await quit(run);
    }, 240_000);

    // Its plan calls a tool a rule keeps from being offered, which a server that
    // drops calls to tools it was not offered (0.9.2) never passes on.
    it.skipIf(build.has.dropsUnofferedCalls)(
      'several calls in one reply over Streamable HTTP and a filesystem server: a rule runs one, a rule denies the write, the rest are approved together',
      async () => {
        const { home, env } = isolatedEnv();
        const http = await startEverythingHttp('streamableHttp');
        const folder = mkdtempSync(path.join(os.tmpdir(), 'mrt-agent-fs-'));
        writeFileSync(path.join(folder, 'notes.txt'), 'the notes');
        try {
          const config = path.join(home, 'config.toml');
          writeFileSync(
            config,
            [
              '[chat]',
              // Four calls spelled out take about 120 tokens.
              'max_tokens = 300',
              '[agent]',
              'enabled = true',
              '[agent.rules]',
              '"web__get-tiny-image" = "allow"',
              'fs__write_file = "deny"',
              '[mcp.servers.web]',
              `url = ${q(`http://127.0.0.1:${http.port}/mcp`)}`,
              '[mcp.servers.fs]',
              `command = ${q(process.execPath)}`,
              `args = [${q(FILESYSTEM_BIN)}, ${q(folder)}]`,
              '',
            ].join('\n'),
          );
          proxy.requests.length = 0;
          proxy.plans.push([
            { name: 'web__get-tiny-image', arguments: {} },
            {
              name: 'fs__write_file',
              arguments: { path: path.join(folder, 'x.txt'), content: 'no' },
            },
            { name: 'fs__read_text_file', arguments: { path: path.join(folder, 'notes.txt') } },
            { name: 'fs__list_directory', arguments: { path: folder } },
          ]);
          const run = start(home, env, proxy.url, config);
          await see(run, (s) => /agent (2\d|1\d) tools/.test(s), 'both servers connected');
          await ask(run, 'Look at my notes.');
          const dialog = await see(
            run,
            (s) => s.includes('Run fs · read_text_file?'),
            'the dialog',
          );
          expect(dialog).toContain('Run all 2 waiting calls once');
          run.pty.write('Run all');
          await see(run, (s) => s.includes('› Run all'), 'the filter');
          run.pty.write('\r');
          await see(run, (s) => s.includes('The tool has answered.'), 'the final answer');
          const answers = toolAnswers(proxy).map((m) => String(m.content));
          expect(answers).toHaveLength(4);
          expect(answers[0]).toContain('[image image/png, ');
          expect(answers[1]).toBe(
            "A rule in the user's configuration denied this tool call; it was not run.",
          );
          expect(answers[2]).toBe('the notes');
          expect(answers[3]).toContain('notes.txt');
          // The denied write never ran.
          expect(readdirSync(folder)).toEqual(['notes.txt']);
          await quit(run);
        } finally {
          await http.stop();
          rmSync(folder, { recursive: true, force: true });
        }
      },
      240_000,
    );

    it('agent mode off: a reply that only calls tools shows the calls and says none ran, also when reopened', async () => {
      const { home, env } = isolatedEnv();
      const config = writeConfig(home, { agent: false });
      proxy.requests.length = 0;
      proxy.unasked = [{ name: 'web_search', arguments: { query: 'mistral.rs tools' } }];
      const run = start(home, env, proxy.url, config);
      await see(run, (s) => s.includes('● connected'), 'the connected status');
      run.pty.write('Search for me.');
      await see(run, (s) => s.includes('Search for me.'), 'the typed message');
      run.pty.write('\r');
      const done = await see(
        run,
        (s) => s.includes('→ calls web_search'),
        'the calls in the bubble',
      );
      expect(done).toContain('{"query":"mistral.rs tools"}');
      expect(done).toContain('agent mode is off (--agent), so this app ran');
      await quit(run);
      const again = start(home, env, proxy.url, config);
      const reopened = await see(
        again,
        (s) => s.includes('→ calls web_search'),
        'the reopened session',
        30_000,
      );
      expect(reopened).toContain('so this app ran');
      await quit(again);
    }, 240_000);
  });
});
