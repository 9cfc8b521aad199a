// The MCP clients against real servers through the real SDK:
// server-everything over stdio, Streamable HTTP and (as the fallback) HTTP+SSE,
// server-filesystem on a temporary folder, and a fixture server on the SDK for
// cancellation, tools/list_changed and a crash mid-call.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type {
  AgentEvent,
  McpClients,
  McpServerSpec,
  ToolOutcome,
  ToolResult,
} from '../../src/domain/agent/types.js';
import { createMcpClients } from '../../src/services/agent/index.js';
import {
  EVERYTHING_BIN,
  FILESYSTEM_BIN,
  FIXTURE_BIN,
  startEverythingHttp,
  stdioSpec,
  type HttpServer,
} from '../fixtures/agent/servers.js';

const open: McpClients[] = [];
const servers: HttpServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

function clients(specs: McpServerSpec[], retry = false): { c: McpClients; events: AgentEvent[] } {
  const c = createMcpClients(specs, {
    clientVersion: 'test',
    backoff: retry ? { initialMs: 100, maxMs: 400 } : { maxRetries: 0 },
  });
  const events: AgentEvent[] = [];
  c.subscribe((e) => events.push(e));
  open.push(c);
  c.start();
  return { c, events };
}

function result(outcome: ToolOutcome): ToolResult {
  if (!outcome.ok) throw new Error(`${outcome.failure.kind}: ${outcome.failure.message}`);
  return outcome.result;
}

const text = (r: ToolResult): string =>
  r.content.map((p) => (p.type === 'text' ? p.text : `<${p.type}>`)).join('|');

async function until<T>(f: () => T | undefined, what: string, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('server-everything over stdio', () => {
  it('connects in the background, lists tools with schemas and annotations, echoes, adds', async () => {
    const { c, events } = clients([stdioSpec('everything', [EVERYTHING_BIN, 'stdio'])]);
    // start() returned at once: the server is still connecting.
    expect(c.servers()[0]?.phase).toBe('connecting');
    await c.settled();
    const state = c.servers()[0];
    expect(state?.phase).toBe('connected');
    expect(state?.transport).toBe('stdio');
    expect(state?.pid).toBeGreaterThan(0);
    expect(state?.serverInfo?.name).toMatch(/everything/i);
    const names = c.tools().map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['echo', 'get-sum', 'get-tiny-image']));
    const echo = c.tools().find((t) => t.name === 'echo');
    expect(echo?.inputSchema).toMatchObject({ type: 'object', required: ['message'] });
    const long = c.tools().find((t) => t.name === 'trigger-long-running-operation');
    expect(long?.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
    expect(events.some((e) => e.type === 'mcp.tools' && e.tools.length === names.length)).toBe(
      true,
    );

    expect(text(result(await c.callTool('everything', 'echo', { message: 'héllo' })))).toBe(
      'Echo: héllo',
    );
    expect(text(result(await c.callTool('everything', 'get-sum', { a: 2, b: 40 })))).toMatch(/42/);
  });

  it('returns an image as bytes with its mime type', async () => {
    const { c } = clients([stdioSpec('everything', [EVERYTHING_BIN, 'stdio'])]);
    await c.settled();
    const r = result(await c.callTool('everything', 'get-tiny-image', {}));
    const image = r.content.find((p) => p.type === 'image');
    expect(image?.type === 'image' && image.mime).toBe('image/png');
    // The PNG signature: the base64 payload was decoded.
    expect(image?.type === 'image' && [...image.data.slice(0, 4)]).toEqual([
      0x89, 0x50, 0x4e, 0x47,
    ]);
  });

  it('reports progress of a long-running tool', async () => {
    const { c } = clients([stdioSpec('everything', [EVERYTHING_BIN, 'stdio'])]);
    await c.settled();
    const progress: { progress: number; total?: number }[] = [];
    const r = result(
      await c.callTool(
        'everything',
        'trigger-long-running-operation',
        { duration: 0.6, steps: 3 },
        { onProgress: (p) => progress.push(p) },
      ),
    );
    expect(text(r)).toMatch(/completed/i);
    // The SDK may drop the last notification when it arrives together with the
    // result (it runs notification handlers a tick later and the result removes
    // the listener), so the last step is not required.
    expect(progress.slice(0, 2)).toEqual([
      { progress: 1, total: 3 },
      { progress: 2, total: 3 },
    ]);
    expect(progress.length).toBeLessThanOrEqual(3);
  });

  it('times out a tool that sends nothing, and the server still answers afterwards', async () => {
    const { c } = clients([stdioSpec('everything', [EVERYTHING_BIN, 'stdio'], 300)]);
    await c.settled();
    const outcome = await c.callTool('everything', 'trigger-long-running-operation', {
      duration: 5,
      steps: 1,
    });
    expect(outcome).toEqual({
      ok: false,
      failure: {
        kind: 'timeout',
        message:
          'everything/trigger-long-running-operation sent no result and no progress for 0.3 s; the call was cancelled',
      },
    });
    expect(text(result(await c.callTool('everything', 'echo', { message: 'still here' })))).toBe(
      'Echo: still here',
    );
  });

  it('refuses unknown servers and tools without calling anything', async () => {
    const { c } = clients([stdioSpec('everything', [EVERYTHING_BIN, 'stdio'])]);
    await c.settled();
    expect(await c.callTool('nope', 'echo', {})).toMatchObject({
      ok: false,
      failure: { kind: 'unknown-server' },
    });
    expect(await c.callTool('everything', 'nope', {})).toMatchObject({
      ok: false,
      failure: { kind: 'unknown-tool' },
    });
  });

  it('a tool error (invalid arguments) comes back as an error the model can read', async () => {
    const { c } = clients([stdioSpec('everything', [EVERYTHING_BIN, 'stdio'])]);
    await c.settled();
    const outcome = await c.callTool('everything', 'get-sum', { a: 'x' });
    // Depending on the SDK version this is an isError result or a protocol error; either names the problem.
    const said = outcome.ok ? text(outcome.result) : outcome.failure.message;
    if (outcome.ok) expect(outcome.result.isError).toBe(true);
    expect(said).toMatch(/invalid|expected/i);
  });
});

describe('server-everything over HTTP', () => {
  it('Streamable HTTP on 127.0.0.1: echo, add, progress', async () => {
    const http = await startEverythingHttp('streamableHttp');
    servers.push(http);
    const { c } = clients([
      {
        name: 'web',
        kind: 'http',
        url: `http://127.0.0.1:${http.port}/mcp`,
        headers: { 'X-Test': 'yes' },
        sseFallback: true,
        timeoutMs: 20_000,
      },
    ]);
    await c.settled();
    expect(c.servers()[0]).toMatchObject({ phase: 'connected', transport: 'http' });
    expect(text(result(await c.callTool('web', 'echo', { message: 'over http' })))).toBe(
      'Echo: over http',
    );
    expect(text(result(await c.callTool('web', 'get-sum', { a: 1.5, b: 2 })))).toMatch(/3\.5/);
    const seen: number[] = [];
    await c.callTool(
      'web',
      'trigger-long-running-operation',
      { duration: 0.6, steps: 3 },
      { onProgress: (p) => seen.push(p.progress) },
    );
    expect(seen[0]).toBe(1); // the last one may be dropped (see the stdio test)
  });

  it('falls back to HTTP+SSE for a server that only speaks the old protocol', async () => {
    const sse = await startEverythingHttp('sse');
    servers.push(sse);
    const { c, events } = clients([
      {
        name: 'old',
        kind: 'http',
        url: `http://127.0.0.1:${sse.port}/sse`,
        headers: {},
        sseFallback: true,
        timeoutMs: 20_000,
      },
    ]);
    await c.settled();
    expect(c.servers()[0]).toMatchObject({ phase: 'connected', transport: 'sse' });
    expect(
      events.some((e) => e.type === 'mcp.log' && e.line.includes('connected with HTTP+SSE')),
    ).toBe(true);
    expect(text(result(await c.callTool('old', 'echo', { message: 'sse' })))).toBe('Echo: sse');
  });

  it('an HTTP server that stops: a clear error on the next call, then a reconnect when it is back', async () => {
    const http = await startEverythingHttp('streamableHttp');
    const { c } = clients(
      [
        {
          name: 'web',
          kind: 'http',
          url: `http://127.0.0.1:${http.port}/mcp`,
          headers: {},
          sseFallback: false,
          timeoutMs: 5000,
        },
      ],
      true,
    );
    await c.settled();
    expect(c.servers()[0]?.phase).toBe('connected');
    await http.stop();
    const outcome = await c.callTool('web', 'echo', { message: 'anyone?' });
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'disconnected' } });
    if (!outcome.ok)
      expect(outcome.failure.message).toMatch(
        /^MCP server "web" could not be reached during the call to echo .*; it is being reconnected$/,
      );
    expect(c.servers()[0]?.phase).not.toBe('connected');
    const again = await startEverythingHttp('streamableHttp', http.port);
    servers.push(again);
    await until(() => c.servers()[0]?.phase === 'connected', 'the reconnect');
    expect(text(result(await c.callTool('web', 'echo', { message: 'back' })))).toBe('Echo: back');
  });

  it('a server that is not there fails with a clear error', async () => {
    const { closedPort } = await import('../helpers.js');
    const port = await closedPort();
    const { c } = clients([
      {
        name: 'gone',
        kind: 'http',
        url: `http://127.0.0.1:${port}/mcp`,
        headers: {},
        sseFallback: false,
        timeoutMs: 1000,
      },
    ]);
    await c.settled();
    expect(c.servers()[0]).toMatchObject({ phase: 'failed', attempts: 1 });
    expect(c.servers()[0]?.lastError).toMatch(`cannot connect to http://127.0.0.1:${port}/mcp`);
    expect(await c.callTool('gone', 'echo', {})).toMatchObject({
      ok: false,
      failure: { kind: 'not-connected' },
    });
  });
});

describe('server-filesystem on a temporary folder', () => {
  it('lists and reads files', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mrt-mcp-fs-'));
    writeFileSync(path.join(dir, 'notes.txt'), 'first line\nsecond line\n');
    const { c, events } = clients([stdioSpec('files', [FILESYSTEM_BIN, dir])]);
    await c.settled();
    expect(c.servers()[0]?.phase).toBe('connected');
    // Its start-up banner arrives on stderr and is forwarded as a log line.
    await until(
      () => events.some((e) => e.type === 'mcp.log' && e.server === 'files'),
      'a stderr line',
    );
    const names = c.tools().map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['list_directory', 'read_text_file']));
    const list = text(result(await c.callTool('files', 'list_directory', { path: dir })));
    expect(list).toContain('[FILE] notes.txt');
    const read = text(
      result(await c.callTool('files', 'read_text_file', { path: path.join(dir, 'notes.txt') })),
    );
    expect(read).toContain('second line');
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });
});

describe('the fixture server (real SDK)', () => {
  it('cancels through the AbortSignal: the server is told and stops', async () => {
    const { c, events } = clients([stdioSpec('fx', [FIXTURE_BIN])]);
    await c.settled();
    const controller = new AbortController();
    const call = c.callTool('fx', 'wait', {}, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 200));
    controller.abort();
    expect(await call).toMatchObject({ ok: false, failure: { kind: 'cancelled' } });
    await until(
      () => events.some((e) => e.type === 'mcp.log' && e.line.startsWith('cancelled: wait')),
      'the server to report the cancellation',
    );
  });

  it('a timeout sends the cancellation too', async () => {
    const { c, events } = clients([stdioSpec('fx', [FIXTURE_BIN], 300)]);
    await c.settled();
    expect(await c.callTool('fx', 'wait', {})).toMatchObject({
      ok: false,
      failure: { kind: 'timeout' },
    });
    await until(
      () => events.some((e) => e.type === 'mcp.log' && e.line.startsWith('cancelled: wait')),
      'the server to report the cancellation',
    );
  });

  it('follows tools/list_changed', async () => {
    const { c, events } = clients([stdioSpec('fx', [FIXTURE_BIN])]);
    await c.settled();
    expect(c.tools().map((t) => t.name)).not.toContain('extra');
    result(await c.callTool('fx', 'add_tool', {}));
    await until(() => c.tools().some((t) => t.name === 'extra'), 'the new tool');
    expect(events.filter((e) => e.type === 'mcp.tools').length).toBeGreaterThanOrEqual(2);
    expect(text(result(await c.callTool('fx', 'extra', {})))).toBe('extra ran');
  });

  it('the server dying mid-call gives a clear error, then it reconnects', async () => {
    const { c, events } = clients([stdioSpec('fx', [FIXTURE_BIN])], true);
    await c.settled();
    const firstPid = c.servers()[0]?.pid;
    const outcome = await c.callTool('fx', 'crash', {});
    expect(outcome).toEqual({
      ok: false,
      failure: {
        kind: 'disconnected',
        message:
          'MCP server "fx" stopped during the call to crash (its last words: dying now); it is being restarted',
      },
    });
    const failed = await until(
      () => events.find((e) => e.type === 'mcp.state' && e.server.phase === 'failed'),
      'the failed state',
    );
    expect(failed.type === 'mcp.state' && failed.server.lastError).toMatch(/exited/);
    await until(
      () => c.servers()[0]?.phase === 'connected' && c.servers()[0]?.pid !== firstPid,
      'the reconnect',
    );
    expect(c.servers()[0]?.lastError).toMatch(/dying now/);
    const r = result(await c.callTool('fx', 'hostile', {}));
    // Results are passed on as the server sent them; the views make them inert.
    expect(text(r)).toContain('\x1b[31m');
  });

  it('a server that exits while starting: its stderr is the error', async () => {
    const { c } = clients([
      stdioSpec('dies', ['-e', 'console.error("GITHUB_TOKEN is not set"); process.exit(2)']),
    ]);
    await c.settled();
    expect(c.servers()[0]).toMatchObject({
      phase: 'failed',
      lastError:
        'the server process exited while starting (its last words: GITHUB_TOKEN is not set)',
    });
  });

  it('a command that does not exist fails with a clear error and retries with backoff', async () => {
    const { c, events } = clients(
      [
        {
          name: 'x',
          kind: 'stdio',
          command: 'no-such-mcp-server-here',
          args: [],
          env: {},
          timeoutMs: 1000,
        },
      ],
      true,
    );
    await c.settled();
    expect(c.servers()[0]?.lastError).toBe(
      'cannot start "no-such-mcp-server-here": no such program (check command and PATH)',
    );
    await until(() => (c.servers()[0]?.attempts ?? 0) >= 3, 'three attempts');
    const retries = events.filter((e) => e.type === 'mcp.state' && e.server.phase === 'failed');
    const gaps = retries.map((e) => (e.type === 'mcp.state' ? (e.server.retryAt ?? 0) : 0));
    expect(gaps.every((t) => t > 0)).toBe(true);
  });
});
