// Agent mode's MCP clients start after the first frame is out (issue 17: the
// servers connect in the background, start-up does not wait for them), and
// their state reaches the app as actions.
import { describe, expect, it } from 'vitest';
import { defaultKeymap, initialState } from '../../src/app/index.js';
import type { AgentEvent, McpClients, McpServerState } from '../../src/domain/agent/types.js';
import type { ChatBackend } from '../../src/domain/backend.js';
import { silentLogger } from '../../src/domain/log.js';
import { AppLoop } from '../../src/runtime/app-loop.js';
import { ReplyMeter } from '../../src/services/telemetry/reply-meter.js';
import { Buffer, DARK_THEME } from '../../src/tui/index.js';

const unused = (): Promise<never> => Promise.reject(new Error('not used in this test'));
const backend: ChatBackend = {
  name: 'none',
  kind: 'openai',
  capabilities: unused,
  health: () => Promise.resolve({ ok: false, ms: 0 }),
  listModels: unused,
  // eslint-disable-next-line require-yield
  async *streamChat() {
    await unused();
  },
};

/** Clients that record when they were started and let the test report a state. */
function clients(): McpClients & { started: number; emit(s: McpServerState): void } {
  const listeners = new Set<(e: AgentEvent) => void>();
  let servers: McpServerState[] = [];
  return {
    started: 0,
    start() {
      this.started++;
    },
    servers: () => servers,
    tools: () => servers.flatMap((x) => x.tools),
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    settled: () => Promise.resolve(),
    callTool: unused,
    reconnect: () => undefined,
    close: () => Promise.resolve(),
    emit(s) {
      servers = [s];
      for (const l of listeners) l({ type: 'mcp.state', server: s });
    },
  };
}

describe('agent mode in the runtime', () => {
  it('starts the MCP clients after the first frame, and reports their servers to the app', async () => {
    const c = clients();
    const state = initialState({
      width: 100,
      height: 30,
      keymap: defaultKeymap(),
      backend: { name: 'none', kind: 'openai', model: 'm' },
      agent: { rules: {}, maxSteps: 5, resultLimit: 100, servers: [] },
    });
    const loop = new AppLoop(state, () => DARK_THEME, {
      backend,
      startReply: unused,
      meter: () => new ReplyMeter(),
      logger: silentLogger,
      agent: { clients: c, rules: { setRule: unused } },
    });
    loop.start(
      {
        requestFrame: () => undefined,
        requestFrameNow: () => undefined,
        quit: () => undefined,
        suspend: () => undefined,
      },
      false,
    );
    expect(c.started).toBe(0);
    loop.draw({ buffer: Buffer.sized(100, 30), setCursor: () => undefined });
    expect(c.started).toBe(0);
    await new Promise((r) => setImmediate(r));
    expect(c.started).toBe(1);
    c.emit({ name: 'fs', transport: 'stdio', phase: 'connected', tools: [], attempts: 0 });
    expect(loop.state.agent?.servers.map((s) => s.phase)).toEqual(['connected']);
    expect(loop.state.notices.at(-1)?.text).toBe('MCP server fs connected: 0 tools');
    await loop.stop();
  });
});
