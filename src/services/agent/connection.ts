// One MCP server: connects through the official SDK (stdio, Streamable HTTP,
// or HTTP+SSE when a URL server is too old for Streamable HTTP), follows
// `tools/list_changed`, forwards the server's stderr and log notifications as
// log lines, and reconnects with exponential backoff after a failure or a
// crash. Its state is plain data (McpServerState) published on every change.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Readable } from 'node:stream';
import type {
  AgentEvent,
  McpLogLevel,
  McpServerSpec,
  McpServerState,
  McpTool,
} from '../../domain/agent/types.js';
import { toolFromWire } from './normalize.js';

export interface Backoff {
  readonly initialMs: number;
  readonly maxMs: number;
  /** Reconnect attempts after a failure; 0 never retries (`mcp list`). */
  readonly maxRetries: number;
}

export interface ConnectionOptions {
  readonly clientName: string;
  readonly clientVersion: string;
  readonly backoff: Backoff;
  /** How long the handshake (initialize) may take. */
  readonly connectTimeoutMs: number;
  readonly emit: (event: AgentEvent) => void;
}

const LAST_LINES = 5;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Lines from a stream, handed over whole (a partial line waits for its end). */
function eachLine(stream: Readable, onLine: (line: string) => void): void {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split(/\r?\n/);
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') onLine(line);
  });
  stream.on('end', () => {
    if (pending.trim() !== '') onLine(pending);
    pending = '';
  });
}

function levelOf(mcpLevel: string): McpLogLevel {
  if (mcpLevel === 'debug') return 'debug';
  if (mcpLevel === 'info' || mcpLevel === 'notice') return 'info';
  if (mcpLevel === 'warning') return 'warn';
  return 'error';
}

export class ServerConnection {
  private current: McpServerState;
  private client: Client | undefined;
  private generation = 0;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly stderrTail: string[] = [];
  private settledOnce = false;
  private readonly settledWaiters: (() => void)[] = [];

  constructor(
    readonly spec: McpServerSpec,
    private readonly opts: ConnectionOptions,
  ) {
    this.current = {
      name: spec.name,
      transport: spec.kind,
      phase: 'connecting',
      tools: [],
      attempts: 0,
    };
  }

  get state(): McpServerState {
    return this.current;
  }

  /** The connected SDK client, for calls. */
  get connectedClient(): Client | undefined {
    return this.current.phase === 'connected' ? this.client : undefined;
  }

  /** The last lines the server wrote to stderr, to explain a crash. */
  get lastStderr(): readonly string[] {
    return this.stderrTail;
  }

  /** Resolves once the first attempt has connected or failed. */
  settled(): Promise<void> {
    if (this.settledOnce) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  start(): void {
    if (!this.closed) void this.connect();
  }

  /**
   * A call found the server gone. A stdio server's exit closes the transport by
   * itself; an HTTP server that stopped answering does not (there is no open
   * connection to lose between requests), so a failed call reports it here.
   */
  connectionFailed(error: string): void {
    if (this.current.phase === 'connected') {
      const old = this.client;
      this.lost(this.generation, error);
      void old?.close().catch(() => undefined);
    }
  }

  reconnect(): void {
    if (this.closed) return;
    clearTimeout(this.retryTimer);
    const old = this.client;
    this.client = undefined;
    this.generation++;
    void old?.close().catch(() => undefined);
    void this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.generation++;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    this.update({ phase: 'closed', tools: [] });
    await client?.close().catch(() => undefined);
  }

  private update(change: Partial<McpServerState>): void {
    // A key set to undefined in `change` is dropped, so states stay exact-optional.
    const merged: Record<string, unknown> = { ...this.current, ...change };
    this.current = Object.fromEntries(
      Object.entries(merged).filter(([, v]) => v !== undefined),
    ) as unknown as McpServerState;
    this.opts.emit({ type: 'mcp.state', server: this.current });
    if (this.current.phase !== 'connecting' && !this.settledOnce) {
      this.settledOnce = true;
      for (const w of this.settledWaiters.splice(0)) w();
    }
  }

  private log(level: McpLogLevel, line: string): void {
    this.opts.emit({ type: 'mcp.log', server: this.spec.name, level, line });
  }

  private newClient(gen: number): Client {
    const client = new Client(
      { name: this.opts.clientName, version: this.opts.clientVersion },
      {
        capabilities: {},
        listChanged: {
          tools: {
            autoRefresh: false,
            onChanged: () => {
              if (gen === this.generation) void this.refreshTools(gen);
            },
          },
        },
      },
    );
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      const data = n.params.data;
      this.log(
        levelOf(n.params.level),
        `${n.params.logger !== undefined ? `${n.params.logger}: ` : ''}${typeof data === 'string' ? data : JSON.stringify(data)}`,
      );
    });
    return client;
  }

  private stdioTransport(spec: Extract<McpServerSpec, { kind: 'stdio' }>): StdioClientTransport {
    const transport = new StdioClientTransport({
      command: spec.command,
      args: [...spec.args],
      env: { ...spec.env },
      ...(spec.cwd !== undefined ? { cwd: spec.cwd } : {}),
      stderr: 'pipe',
    });
    const stderr = transport.stderr as Readable | null;
    if (stderr)
      eachLine(stderr, (line) => {
        this.stderrTail.push(line);
        if (this.stderrTail.length > LAST_LINES) this.stderrTail.shift();
        this.log(/\b(error|fatal|exception|panic)\b/i.test(line) ? 'warn' : 'info', line);
      });
    return transport;
  }

  /** Opens a client on the spec's transport; for "auto" URL servers, HTTP+SSE after Streamable HTTP fails. */
  private async open(
    gen: number,
  ): Promise<{ client: Client; kind: McpServerState['transport']; pid?: number }> {
    const spec = this.spec;
    const options = { timeout: this.opts.connectTimeoutMs };
    if (spec.kind === 'stdio') {
      const client = this.newClient(gen);
      const transport = this.stdioTransport(spec);
      await client.connect(transport, options);
      const pid = transport.pid ?? undefined;
      return { client, kind: 'stdio', ...(pid !== undefined ? { pid } : {}) };
    }
    const url = new URL(spec.url);
    const requestInit = { headers: { ...spec.headers } };
    if (spec.kind === 'http') {
      const client = this.newClient(gen);
      try {
        await client.connect(new StreamableHTTPClientTransport(url, { requestInit }), options);
        return { client, kind: 'http' };
      } catch (e) {
        await client.close().catch(() => undefined);
        if (!spec.sseFallback) throw e;
        const sse = this.newClient(gen);
        try {
          // Deprecated in the SDK, and still what older servers speak (the issue asks for the fallback).
          // eslint-disable-next-line @typescript-eslint/no-deprecated
          await sse.connect(new SSEClientTransport(url, { requestInit }), options);
        } catch (e2) {
          await sse.close().catch(() => undefined);
          throw new Error(`Streamable HTTP: ${message(e)}; HTTP+SSE: ${message(e2)}`, {
            cause: e2,
          });
        }
        this.log('info', 'the server does not speak Streamable HTTP; connected with HTTP+SSE');
        return { client: sse, kind: 'sse' };
      }
    }
    const client = this.newClient(gen);
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    await client.connect(new SSEClientTransport(url, { requestInit }), options);
    return { client, kind: 'sse' };
  }

  private async connect(): Promise<void> {
    const gen = ++this.generation;
    this.update({ phase: 'connecting', retryAt: undefined, pid: undefined });
    let client: Client | undefined;
    try {
      const opened = await this.open(gen);
      client = opened.client;
      if (gen !== this.generation || this.closed) {
        await client.close().catch(() => undefined);
        return;
      }
      this.client = client;
      const connected = client;
      connected.onclose = () => {
        if (gen === this.generation && !this.closed) this.lost(gen, this.exitText());
      };
      connected.onerror = (e) => {
        if (gen === this.generation) this.log('warn', `transport error: ${message(e)}`);
      };
      const tools = await this.listTools(connected);
      if (gen !== this.generation) return;
      const info = connected.getServerVersion();
      this.update({
        phase: 'connected',
        transport: opened.kind,
        tools,
        attempts: 0,
        pid: opened.pid,
        ...(info ? { serverInfo: { name: info.name, version: info.version } } : {}),
      });
      this.opts.emit({ type: 'mcp.tools', server: this.spec.name, tools });
    } catch (e) {
      if (gen !== this.generation || this.closed) return;
      this.client = undefined;
      await client?.close().catch(() => undefined);
      this.lost(gen, this.explain(e));
    }
  }

  private exitText(): string {
    const tail = this.stderrTail[this.stderrTail.length - 1];
    const what =
      this.spec.kind === 'stdio' ? 'the server process exited' : 'the server closed the connection';
    return tail !== undefined ? `${what} (its last words: ${tail})` : what;
  }

  private explain(e: unknown): string {
    const text = message(e);
    if (this.spec.kind === 'stdio' && text.includes('ENOENT'))
      return `cannot start "${this.spec.command}": no such program (check command and PATH)`;
    if (/ECONNREFUSED|fetch failed/.test(text) && this.spec.kind !== 'stdio')
      return `cannot connect to ${this.spec.url}: ${text}`;
    if (this.spec.kind === 'stdio' && text.includes('Connection closed')) {
      // The process exited during the handshake; what it said on stderr is the reason.
      const said = this.stderrTail.slice(-2).join(' / ');
      return `the server process exited while starting${said !== '' ? ` (its last words: ${said})` : ''}`;
    }
    return text;
  }

  private lost(gen: number, error: string): void {
    if (gen !== this.generation || this.closed) return;
    this.client = undefined;
    this.generation++;
    const attempts = this.current.attempts + 1;
    const { initialMs, maxMs, maxRetries } = this.opts.backoff;
    if (attempts > maxRetries) {
      this.update({
        phase: 'failed',
        lastError: error,
        attempts,
        tools: [],
        retryAt: undefined,
        pid: undefined,
      });
      return;
    }
    const base = Math.min(maxMs, initialMs * 2 ** (attempts - 1));
    const delay = Math.round(base * (0.9 + Math.random() * 0.2));
    this.update({
      phase: 'failed',
      lastError: error,
      attempts,
      tools: [],
      retryAt: Date.now() + delay,
    });
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    this.retryTimer.unref();
  }

  private async listTools(client: Client): Promise<McpTool[]> {
    if (client.getServerCapabilities()?.tools === undefined) return [];
    const tools: McpTool[] = [];
    let cursor: string | undefined;
    // A server that pages forever is cut off: 100 pages is far more than any has.
    for (let page = 0; page < 100; page++) {
      const res = await client.listTools(cursor !== undefined ? { cursor } : {});
      for (const raw of res.tools) {
        const tool = toolFromWire(this.spec.name, raw);
        if (tool) tools.push(tool);
      }
      cursor = res.nextCursor;
      if (cursor === undefined) break;
    }
    return tools;
  }

  private async refreshTools(gen: number): Promise<void> {
    const client = this.client;
    if (!client || gen !== this.generation) return;
    try {
      const tools = await this.listTools(client);
      if (gen !== this.generation) return;
      this.update({ tools });
      this.opts.emit({ type: 'mcp.tools', server: this.spec.name, tools });
    } catch (e) {
      this.log('warn', `tools/list after tools/list_changed failed: ${message(e)}`);
    }
  }
}
