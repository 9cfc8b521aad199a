// The MCP clients of agent mode: one ServerConnection per configured server,
// started in the background, and tool calls with a timeout, progress and
// cancellation. Implements the domain's McpClients port; the runtime reaches
// it only through that interface, and main.ts loads this module with a
// dynamic import() only when agent mode is on.
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type {
  AgentEvent,
  JsonObject,
  McpClients,
  McpServerSpec,
  McpServerState,
  McpTool,
  ToolCallOptions,
  ToolFailure,
  ToolOutcome,
} from '../../domain/agent/types.js';
import { ServerConnection, type Backoff } from './connection.js';
import { resultFromWire } from './normalize.js';

export interface McpClientsOptions {
  readonly clientName?: string;
  readonly clientVersion?: string;
  readonly backoff?: Partial<Backoff>;
  readonly connectTimeoutMs?: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 1000, maxMs: 60_000, maxRetries: Infinity };

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

class Clients implements McpClients {
  private readonly connections = new Map<string, ServerConnection>();
  private readonly listeners = new Set<(e: AgentEvent) => void>();
  private started = false;

  constructor(specs: readonly McpServerSpec[], opts: McpClientsOptions) {
    for (const spec of specs) {
      this.connections.set(
        spec.name,
        new ServerConnection(spec, {
          clientName: opts.clientName ?? 'mistralrs-tui',
          clientVersion: opts.clientVersion ?? '0.0.0',
          backoff: { ...DEFAULT_BACKOFF, ...opts.backoff },
          connectTimeoutMs: opts.connectTimeoutMs ?? 30_000,
          emit: (e) => {
            for (const l of this.listeners) l(e);
          },
        }),
      );
    }
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const c of this.connections.values()) c.start();
  }

  servers(): readonly McpServerState[] {
    return [...this.connections.values()].map((c) => c.state);
  }

  tools(): readonly McpTool[] {
    return [...this.connections.values()].flatMap((c) =>
      c.state.phase === 'connected' ? c.state.tools : [],
    );
  }

  subscribe(listener: (event: AgentEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async settled(timeoutMs?: number): Promise<void> {
    const all = Promise.all([...this.connections.values()].map((c) => c.settled()));
    if (timeoutMs === undefined) {
      await all;
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      all,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
        timer.unref();
      }),
    ]);
    clearTimeout(timer);
  }

  reconnect(server: string): void {
    this.connections.get(server)?.reconnect();
  }

  async callTool(
    server: string,
    tool: string,
    args: JsonObject,
    options: ToolCallOptions = {},
  ): Promise<ToolOutcome> {
    const fail = (kind: ToolFailure['kind'], message: string): ToolOutcome => ({
      ok: false,
      failure: { kind, message },
    });
    const conn = this.connections.get(server);
    if (!conn) return fail('unknown-server', `there is no MCP server named "${server}"`);
    const client = conn.connectedClient;
    if (!client) {
      const s = conn.state;
      return fail(
        'not-connected',
        `MCP server "${server}" is not connected (${s.phase}${s.lastError !== undefined ? `: ${s.lastError}` : ''})`,
      );
    }
    if (!conn.state.tools.some((t) => t.name === tool))
      return fail('unknown-tool', `MCP server "${server}" has no tool named "${tool}"`);
    const timeoutMs = options.timeoutMs ?? conn.spec.timeoutMs;
    const { signal, onProgress } = options;
    if (signal?.aborted) return fail('cancelled', `the call to ${server}/${tool} was cancelled`);
    try {
      const raw = await client.callTool({ name: tool, arguments: args }, undefined, {
        timeout: timeoutMs,
        // A tool that reports progress is working, not hanging.
        resetTimeoutOnProgress: true,
        ...(signal ? { signal } : {}),
        // Asking for progress makes the SDK send a progressToken; without a listener none is sent.
        ...(onProgress
          ? {
              onprogress: (p: { progress: number; total?: number; message?: string }) => {
                onProgress({
                  progress: p.progress,
                  ...(p.total !== undefined ? { total: p.total } : {}),
                  ...(p.message !== undefined ? { message: p.message } : {}),
                });
              },
            }
          : {}),
      });
      return { ok: true, result: resultFromWire(raw) };
    } catch (e) {
      if (signal?.aborted)
        return fail(
          'cancelled',
          `the call to ${server}/${tool} was cancelled; the server was told to stop`,
        );
      if (e instanceof McpError && e.code === (ErrorCode.RequestTimeout as number))
        return fail(
          'timeout',
          `${server}/${tool} sent no result and no progress for ${seconds(timeoutMs)}; the call was cancelled`,
        );
      if (e instanceof McpError && e.code === (ErrorCode.ConnectionClosed as number)) {
        const tail = conn.lastStderr[conn.lastStderr.length - 1];
        return fail(
          'disconnected',
          `MCP server "${server}" ${conn.spec.kind === 'stdio' ? 'stopped' : 'closed the connection'} during the call to ${tool}${tail !== undefined ? ` (its last words: ${tail})` : ''}; it is being restarted`,
        );
      }
      const text = e instanceof Error ? e.message : String(e);
      const cause = e instanceof Error && e.cause instanceof Error ? ` (${e.cause.message})` : '';
      if (
        conn.spec.kind !== 'stdio' &&
        /fetch failed|ECONNREFUSED|ECONNRESET|socket hang up|terminated/i.test(text + cause)
      ) {
        conn.connectionFailed(`cannot reach ${conn.spec.url}: ${text}${cause}`);
        return fail(
          'disconnected',
          `MCP server "${server}" could not be reached during the call to ${tool} (${text}${cause}); it is being reconnected`,
        );
      }
      return fail(
        'protocol',
        `${server}/${tool} failed: ${text.replace(/^MCP error -?\d+: /, '')}`,
      );
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.connections.values()].map((c) => c.close()));
    this.listeners.clear();
  }
}

/** MCP clients for the given servers; nothing starts until `start()`. */
export function createMcpClients(
  specs: readonly McpServerSpec[],
  opts: McpClientsOptions = {},
): McpClients {
  return new Clients(specs, opts);
}
