// Agent mode (issue 17). (1) Start-up to the first frame with agent mode off
// and with --agent and three stdio MCP servers configured (target: within
// 10 % — the servers connect in the background). (2) The clients' overhead per
// tool round trip: `echo` on server-everything through our McpClients against
// the same call on a bare SDK Client (target: < 5 ms).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { printTable, summarize, writeResults } from './_table.ts';
import { firstFrameMs as startupFirstFrameMs } from './startup.ts';
import type * as AgentServices from '../src/services/agent/index.ts';

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

export default async function run(): Promise<void> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'mrt-bench-agent-'));
  try {
    const { off, on } = await startup(home);
    const { ours, sdk } = await roundTrips();
    const s = {
      off: summarize(off),
      on: summarize(on),
      ours: summarize(ours),
      sdk: summarize(sdk),
    };
    printTable([
      ['measure (ms)', 'p50', 'p95', 'max'],
      ['first frame, agent mode off', s.off.p50, s.off.p95, s.off.max],
      ['first frame, --agent, 3 stdio servers', s.on.p50, s.on.p95, s.on.max],
      ['echo round trip, our McpClients', s.ours.p50, s.ours.p95, s.ours.max],
      ['echo round trip, bare SDK Client', s.sdk.p50, s.sdk.p95, s.sdk.max],
    ]);
    console.log(
      `start-up with agent mode: ${(((s.on.p50 - s.off.p50) / s.off.p50) * 100).toFixed(1)} % (p50); our overhead per call: ${(s.ours.p50 - s.sdk.p50).toFixed(3)} ms (p50)`,
    );
    console.log(`results: ${writeResults('agent', { runs: RUNS, calls: CALLS, ...s })}`);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
