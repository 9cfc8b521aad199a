// Chat requests and the events a backend streams back: plain data shared by
// every backend (mistral.rs over HTTP, other OpenAI-compatible servers, the
// embedded engine). Imports nothing.

export type ChatRole = 'system' | 'user' | 'assistant' | 'tool';

/** Images and audio travel as base64 data (sent as `data:` URLs over HTTP). */
export type ContentPart =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'image'; readonly mime: string; readonly base64: string }
  | { readonly type: 'audio'; readonly mime: string; readonly base64: string };

export interface ToolCall {
  /** Position of the call in the reply (OpenAI's `index`). */
  readonly index: number;
  readonly id: string;
  readonly name: string;
  /** JSON text as the model wrote it; may be invalid JSON. */
  readonly arguments: string;
}

export interface ChatMessage {
  readonly role: ChatRole;
  readonly content: string | readonly ContentPart[];
  /** Calls an assistant turn made (sent back so the model sees its own calls). */
  readonly toolCalls?: readonly ToolCall[];
  /** For role "tool": the call this message answers. */
  readonly toolCallId?: string;
}

export interface ToolSpec {
  readonly name: string;
  readonly description?: string;
  /** JSON Schema of the arguments. */
  readonly parameters: Readonly<Record<string, unknown>>;
}

export interface SamplingSettings {
  readonly maxTokens?: number;
  readonly temperature?: number;
  readonly topP?: number;
  readonly topK?: number;
  readonly minP?: number;
  readonly stop?: readonly string[];
  readonly presencePenalty?: number;
  readonly frequencyPenalty?: number;
  readonly repetitionPenalty?: number;
  readonly seed?: number;
}

export interface WebSearchOptions {
  readonly searchContextSize?: 'low' | 'medium' | 'high';
  readonly userLocation?: string;
}

export interface ChatRequest {
  /** "default" means the server's default model. */
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly tools?: readonly ToolSpec[];
  /** "auto", "none", "required" or a tool name. */
  readonly toolChoice?: string;
  readonly webSearch?: WebSearchOptions;
  readonly sampling?: SamplingSettings;
  readonly enableThinking?: boolean;
}

/** Token counts and timings of one reply. */
export interface ChatUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly totalTokens: number;
  /** "server": reported by the server; "client": counted by us. */
  readonly source: 'server' | 'client';
  // mistral.rs timings (absent on other servers)
  readonly avgTokPerSec?: number;
  readonly avgPromptTokPerSec?: number;
  readonly avgComplTokPerSec?: number;
  readonly totalTimeSec?: number;
  readonly totalPromptTimeSec?: number;
  readonly totalCompletionTimeSec?: number;
}

export type FinishReason =
  'stop' | 'length' | 'tool_calls' | 'content_filter' | 'cancelled' | (string & {});

export type BackendErrorCode =
  /** Connection refused, reset, DNS or TLS failure before any answer. */
  | 'unreachable'
  | 'connect_timeout'
  | 'first_byte_timeout'
  /** No data event for longer than the idle timeout. */
  | 'stalled'
  /** The connection closed before the reply was complete. */
  | 'cut'
  /** A chunk that is neither JSON nor an error line we can read. */
  | 'malformed'
  /** The server answered with an HTTP error status. */
  | 'http'
  /**
   * mistral.rs has no engine for the model the request names ("EnginePoisoned";
   * 0.9.2: "engine state lock is poisoned"): "default" after an unload, until
   * the server restarts, while the model's own id still works.
   */
  | 'engine_poisoned'
  /**
   * The model cannot take this request: image or audio parts sent to a
   * text-only model, an image or speech request to a model of another kind
   * (mistral.rs: 422 "incompatible for this model's category"). The message
   * names the model and what it accepts; the user's message should be kept.
   */
  | 'incompatible'
  /** The server reported an error inside the stream. */
  | 'server'
  | 'auth'
  | 'unsupported';

export interface BackendErrorInfo {
  readonly code: BackendErrorCode;
  /** One line, readable, with a hint where one helps. */
  readonly message: string;
  readonly status?: number;
}

export type ChatEvent =
  | { readonly type: 'content'; readonly text: string }
  | { readonly type: 'reasoning'; readonly text: string }
  | { readonly type: 'toolCall'; readonly call: ToolCall }
  /** Server-side tools (MCP) running; mistral.rs hides their turns in a stream. */
  | {
      readonly type: 'toolActivity';
      readonly phase: 'started' | 'finished';
      readonly name?: string;
    }
  | { readonly type: 'webSearch'; readonly phase: 'started' | 'finished' }
  /** The server is loading the model (HTTP 503, or a reload); the request waits. */
  | { readonly type: 'loading'; readonly message: string }
  | { readonly type: 'usage'; readonly usage: ChatUsage }
  | { readonly type: 'finish'; readonly reason: FinishReason }
  | { readonly type: 'error'; readonly error: BackendErrorInfo };
