// Agent mode (issue 17). (1) Start-up to the first frame with agent mode off
// and with --agent and three stdio MCP servers configured (target: within
// 10 % — the servers connect in the background). (2) The clients' overhead per
// tool round trip: `echo` on server-everything through our McpClients against
// the same call on a bare SDK Client (target: < 5 ms). (3) The app's own work
// per round trip: the reducer steps of one call (the reply's call planned and
// its card added, the result folded in, the round stored, the next request
// built with the results) in a 200-message chat, and storing the tool message
// in SQLite. Our total per round trip excluding the tool's own time is
// (2) + (3).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { printTable, summarize, writeResults } from './_table.ts';
import { firstFrameMs as startupFirstFrameMs } from './startup.ts';
import type * as AgentServices from '../src/services/agent/index.ts';
import type * as AppIndex from '../src/app/index.ts';
import type * as StoreIndex from '../src/services/store/index.ts';

type AgentModule = typeof AgentServices;

const root = new URL('..', import.meta.url).pathname;
const modules = path.join(root, 'node_modules', '@modelcontextprotocol');
const everything = path.join(modules, 'server-everything', 'dist', 'index.js');
const filesystem = path.join(modules, 'server-filesystem', 'dist', 'index.js');
const RUNS = 12;
const CALLS = 300;

const firstFrameMs = (home: string, config: string, agent: boolean): Promise<number> =>
  startupFirstFrameMs(home, ['--config', config, ...(agent ? ['--agent'] : [])]);

async function startup(home: string): Promise<{ off: number[]; on: number[] }> {
  const q = JSON.stringify;
  const config = path.join(home, 'config.toml');
  writeFileSync(
    config,
    `[mcp.servers.e1]\ncommand = ${q(process.execPath)}\nargs = [${q(everything)}, "stdio"]\n` +
      `[mcp.servers.e2]\ncommand = ${q(process.execPath)}\nargs = [${q(everything)}, "stdio"]\n` +
      `[mcp.servers.fs]\ncommand = ${q(process.execPath)}\nargs = [${q(filesystem)}, ${q(home)}]\n`,
  );
  const off: number[] = [];
  const on: number[] = [];
  await firstFrameMs(home, config, false); // warm the file cache
  await firstFrameMs(home, config, true);
  for (let i = 0; i < RUNS; i++) {
    off.push(await firstFrameMs(home, config, false));
    on.push(await firstFrameMs(home, config, true));
  }
  return { off, on };
}

async function roundTrips(): Promise<{ ours: number[]; sdk: number[] }> {
  const { createMcpClients } = (await import(
    new URL('../dist/services/agent/index.js', import.meta.url).href
  )) as AgentModule;
  const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
  const clients = createMcpClients([
    {
      name: 'e',
      kind: 'stdio',
      command: process.execPath,
      args: [everything, 'stdio'],
      env: {},
      timeoutMs: 30_000,
    },
  ]);
  clients.start();
  await clients.settled();
  const bare = new Client({ name: 'bench', version: '1' });
  await bare.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [everything, 'stdio'],
      stderr: 'ignore',
    }),
  );
  const ours: number[] = [];
  const sdk: number[] = [];
  for (let i = 0; i < 30; i++) {
    await clients.callTool('e', 'echo', { message: 'warm' });
    await bare.callTool({ name: 'echo', arguments: { message: 'warm' } });
  }
  for (let i = 0; i < CALLS; i++) {
    let t = performance.now();
    const r = await clients.callTool('e', 'echo', { message: `m${i}` });
    ours.push(performance.now() - t);
    if (!r.ok) throw new Error(r.failure.message);
    t = performance.now();
    await bare.callTool({ name: 'echo', arguments: { message: `m${i}` } });
    sdk.push(performance.now() - t);
  }
  await clients.close();
  await bare.close();
  return { ours, sdk };
}

type AppModule = typeof AppIndex;
type StoreModule = typeof StoreIndex;

/** Reducer time and SQLite time of one round trip, per call (ms). */
async function appRoundTrips(home: string): Promise<{ reduce: number[]; store: number[] }> {
  const app = (await import(new URL('../dist/app/index.js', import.meta.url).href)) as AppModule;
  const { openStore } = (await import(
    new URL('../dist/services/store/index.js', import.meta.url).href
  )) as StoreModule;
  const echo = {
    server: 'e',
    name: 'echo',
    description: 'Echoes back the input',
    inputSchema: {
      type: 'object',
      properties: { message: { type: 'string' } },
      required: ['message'],
    },
  } as const;
  const now = new Date().toISOString();
  const items = Array.from({ length: 200 }, (_, i) => ({
    id: `old-${i}`,
    storeId: `old-${i}`,
    role: i % 2 === 0 ? ('user' as const) : ('assistant' as const),
    content: `message ${i} `.repeat(20),
    status: 'complete' as const,
    createdAt: now,
  }));
  const base = app.initialState({
    width: 120,
    height: 40,
    keymap: app.defaultKeymap(),
    backend: { name: 'b', kind: 'mistralrs', model: 'm' },
    agent: {
      rules: { 'e__*': 'allow' },
      maxSteps: 1000,
      resultLimit: 20_000,
      servers: [{ name: 'e', transport: 'stdio', phase: 'connected', tools: [echo], attempts: 0 }],
    },
  });
  const store = await openStore({ kind: 'sqlite', path: path.join(home, 'bench.db') });
  const session = await store.createSession({ title: 'bench', modelId: 'm', backend: 'b' });
  let parent = (await store.appendMessage({ sessionId: session.id, role: 'user', content: 'go' }))
    .id;
  const reduce: number[] = [];
  const stored: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const requestId = `r${i}`;
    let s: AppIndex.State = {
      ...base,
      seq: 1000,
      chat: {
        items: [
          ...items,
          {
            id: 'reply',
            storeId: 'reply',
            role: 'assistant' as const,
            content: '',
            status: 'streaming' as const,
            createdAt: now,
          },
        ],
        scroll: 0,
        sessionId: session.id,
        streaming: { requestId, itemId: 'reply' },
      },
    };
    const call = { index: 0, id: `call-${i}`, name: 'e__echo', arguments: `{"message":"m${i}"}` };
    const t = performance.now();
    const step = (a: Parameters<typeof app.update>[1]) => {
      const [next, fx] = app.update(s, a, now);
      s = next;
      return fx;
    };
    step({
      type: 'chatEvents',
      requestId,
      events: [
        { type: 'toolCall', call },
        { type: 'finish', reason: 'tool_calls' },
      ],
    });
    const fx = step({
      type: 'turnEnded',
      requestId,
      figures: {},
      traceKey: 'reply',
      trace: { model: 'm', messages: [], sentAt: now, first: [], last: [], counts: {}, total: 0 },
    });
    const runTool = fx.find((e) => e.type === 'runTool');
    if (runTool?.type !== 'runTool') throw new Error('the call did not run');
    const saveFx = step({
      type: 'agent',
      event: {
        kind: 'finished',
        itemId: runTool.itemId,
        state: 'done',
        result: { parts: [{ kind: 'text', text: `Echo: m${i}` }], isError: false },
        content: `Echo: m${i}`,
        at: now,
      },
    });
    const save = saveFx.find((e) => e.type === 'saveToolMessages');
    if (save?.type !== 'saveToolMessages') throw new Error('the round was not stored');
    const mid = performance.now();
    const m = save.messages[0];
    if (m === undefined) throw new Error('no tool message');
    const saved = await store.appendMessage({
      sessionId: session.id,
      parentId: parent,
      role: 'tool',
      content: m.content,
      name: m.name,
      toolCalls: m.record as never,
    });
    parent = saved.id;
    const mid2 = performance.now();
    const next = step({
      type: 'agent',
      event: { kind: 'saved', replyItemId: 'reply', storeIds: { [m.itemId]: saved.id } },
    });
    if (!next.some((e) => e.type === 'sendChat')) throw new Error('the model was not asked again');
    const end = performance.now();
    reduce.push(mid - t + (end - mid2));
    stored.push(mid2 - mid);
  }
  await store.close();
  return { reduce, store: stored };
}

export default async function run(): Promise<void> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'mrt-bench-agent-'));
  try {
    const { off, on } = await startup(home);
    const { ours, sdk } = await roundTrips();
    const { reduce, store } = await appRoundTrips(home);
    const s = {
      off: summarize(off),
      on: summarize(on),
      ours: summarize(ours),
      sdk: summarize(sdk),
      reduce: summarize(reduce),
      store: summarize(store),
    };
    printTable([
      ['measure (ms)', 'p50', 'p95', 'max'],
      ['first frame, agent mode off', s.off.p50, s.off.p95, s.off.max],
      ['first frame, --agent, 3 stdio servers', s.on.p50, s.on.p95, s.on.max],
      ['echo round trip, our McpClients', s.ours.p50, s.ours.p95, s.ours.max],
      ['echo round trip, bare SDK Client', s.sdk.p50, s.sdk.p95, s.sdk.max],
      [
        'app reducers per call (plan, card, result, next request)',
        s.reduce.p50,
        s.reduce.p95,
        s.reduce.max,
      ],
      ['storing the tool message (SQLite)', s.store.p50, s.store.p95, s.store.max],
    ]);
    console.log(
      `start-up with agent mode: ${(((s.on.p50 - s.off.p50) / s.off.p50) * 100).toFixed(1)} % (p50); our overhead per call: ${(s.ours.p50 - s.sdk.p50).toFixed(3)} ms (p50); per round trip in all (clients + reducers + store, the tool's own time excluded): ${(s.ours.p50 - s.sdk.p50 + s.reduce.p50 + s.store.p50).toFixed(3)} ms (p50)`,
    );
    console.log(`results: ${writeResults('agent', { runs: RUNS, calls: CALLS, ...s })}`);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
