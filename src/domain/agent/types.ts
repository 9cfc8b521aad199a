// Agent mode (issue 17): the plain types and the port the runtime uses to reach
// MCP servers. The services layer implements `McpClients` over the official
// SDK; nothing here imports it, so the app can show tools, rules and results
// without loading any MCP code.

/** What a rule says about a tool call: run it, ask the user, or refuse it. */
export type ToolRule = 'allow' | 'ask' | 'deny';
export const TOOL_RULES: readonly ToolRule[] = ['allow', 'ask', 'deny'];

/** MCP tool annotations (hints from the server, never trusted for safety). */
export interface ToolAnnotations {
  readonly title?: string;
  readonly readOnlyHint?: boolean;
  readonly destructiveHint?: boolean;
  readonly idempotentHint?: boolean;
  readonly openWorldHint?: boolean;
}

/** A JSON value as it comes off the wire. */
export type Json =
  null | boolean | number | string | readonly Json[] | { readonly [k: string]: Json };
export type JsonObject = Readonly<Record<string, Json>>;

/** One tool a server offers. */
export interface McpTool {
  readonly server: string;
  /** The tool's own name on its server. */
  readonly name: string;
  readonly title?: string;
  readonly description?: string;
  /** JSON Schema of the arguments (an object schema). */
  readonly inputSchema: JsonObject;
  readonly annotations?: ToolAnnotations;
}

export type McpTransportKind = 'stdio' | 'http' | 'sse';

/** Where a server stands: connecting (first time or again), connected, failed (waiting to retry or given up), closed. */
export type McpServerPhase = 'connecting' | 'connected' | 'failed' | 'closed';

export interface McpServerState {
  readonly name: string;
  /** The transport in use; "sse" when a URL server only speaks the old HTTP+SSE protocol. */
  readonly transport: McpTransportKind;
  readonly phase: McpServerPhase;
  readonly tools: readonly McpTool[];
  /** The last error (connect failure, crash, exit), kept after a reconnect for the Tools tab. */
  readonly lastError?: string;
  /** Connection attempts since the last success (0 while connected). */
  readonly attempts: number;
  /** When the next reconnect is due (ms since the epoch), while failed and retrying. */
  readonly retryAt?: number;
  /** The process id of a stdio server while it runs. */
  readonly pid?: number;
  /** The server's own name and version from the handshake. */
  readonly serverInfo?: { readonly name: string; readonly version: string };
}

/** One piece of a tool result, normalized from MCP content. */
export type ToolContent =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'image'; readonly mime: string; readonly data: Uint8Array }
  | { readonly type: 'audio'; readonly mime: string; readonly data: Uint8Array }
  | {
      readonly type: 'resource';
      readonly uri: string;
      readonly mime?: string;
      readonly text?: string;
      readonly data?: Uint8Array;
    }
  | {
      readonly type: 'resource_link';
      readonly uri: string;
      readonly name: string;
      readonly mime?: string;
      readonly description?: string;
    };

export interface ToolResult {
  readonly content: readonly ToolContent[];
  /** The tool reported a failure (MCP `isError`): still a result the model should see. */
  readonly isError: boolean;
  /** MCP `structuredContent`, when the tool gives it. */
  readonly structured?: Json;
}

/** Why a call produced no result. */
export type ToolFailureKind =
  | 'unknown-server'
  | 'unknown-tool'
  | 'not-connected'
  | 'timeout'
  | 'cancelled'
  | 'disconnected'
  | 'protocol';

export interface ToolFailure {
  readonly kind: ToolFailureKind;
  /** One sentence for the user (and the model), naming the server and tool. */
  readonly message: string;
}

export type ToolOutcome =
  | { readonly ok: true; readonly result: ToolResult }
  | { readonly ok: false; readonly failure: ToolFailure };

export interface ToolProgress {
  readonly progress: number;
  readonly total?: number;
  readonly message?: string;
}

export interface ToolCallOptions {
  /** Abort to cancel: the server is sent an MCP cancellation. */
  readonly signal?: AbortSignal;
  /** Progress notifications; each one also restarts the timeout. */
  readonly onProgress?: (p: ToolProgress) => void;
  /** Overrides the server's configured timeout. */
  readonly timeoutMs?: number;
}

export type McpLogLevel = 'debug' | 'info' | 'warn' | 'error';

/** What the clients report, for the logs tab, the Tools tab and notifications. */
export type AgentEvent =
  | { readonly type: 'mcp.state'; readonly server: McpServerState }
  | {
      readonly type: 'mcp.log';
      readonly server: string;
      readonly level: McpLogLevel;
      /** One line, as the server wrote it (not sanitized: the views do that). */
      readonly line: string;
    }
  | { readonly type: 'mcp.tools'; readonly server: string; readonly tools: readonly McpTool[] };

/** The port the runtime uses: MCP servers started in the background. */
export interface McpClients {
  /** Starts connecting every server; returns at once (start-up time unchanged). */
  start(): void;
  servers(): readonly McpServerState[];
  /** Every tool of every connected server, in server order. */
  tools(): readonly McpTool[];
  /** Listens to events; returns the function that stops listening. */
  subscribe(listener: (event: AgentEvent) => void): () => void;
  /** Resolves once every server has connected or failed at least once (or after `timeoutMs`). */
  settled(timeoutMs?: number): Promise<void>;
  callTool(
    server: string,
    tool: string,
    args: JsonObject,
    options?: ToolCallOptions,
  ): Promise<ToolOutcome>;
  /** Drops a server's connection and connects again now (the Tools tab's "reconnect"). */
  reconnect(server: string): void;
  /** Disconnects every server and stops their processes. */
  close(): Promise<void>;
}

/** Writes "always allow" rules to the config file (atomically, keeping its formatting). */
export interface RuleWriter {
  /** Resolves with the file written, or rejects with a message for the user. */
  setRule(key: string, rule: ToolRule): Promise<string>;
}

/** An MCP server as the clients start it: the config entry with `${VAR}` already read. */
export type McpServerSpec =
  | {
      readonly name: string;
      readonly kind: 'stdio';
      readonly command: string;
      readonly args: readonly string[];
      readonly env: Readonly<Record<string, string>>;
      readonly cwd?: string;
      readonly timeoutMs: number;
    }
  | {
      readonly name: string;
      /** "http": Streamable HTTP; "sse": the old HTTP+SSE protocol. */
      readonly kind: 'http' | 'sse';
      readonly url: string;
      readonly headers: Readonly<Record<string, string>>;
      /** Try HTTP+SSE when Streamable HTTP is refused (transport "auto"). */
      readonly sseFallback: boolean;
      readonly timeoutMs: number;
    };
