// Agent mode's slice of the state (issue 17), its actions and the record kept
// with each tool call. The record is what the store keeps in a tool message's
// `tool_calls` column, so a session reopened or exported and imported shows
// the same card: it holds plain JSON only.
import type { Rules } from '../../domain/agent/rules.js';
import type { JsonObject, McpServerState, ToolProgress } from '../../domain/agent/types.js';
import type { ToolCall } from '../../domain/chat.js';

/** Where a call stands: waiting for the user, running, or settled one way or another. */
export type ToolCallState = 'asking' | 'running' | 'done' | 'failed' | 'denied' | 'cancelled';

/** Who decided a call's fate, and how. */
export interface ToolDecision {
  /** "rule": a rule in [agent.rules] (or none: the default); "user": the approval dialog; "session": allowed for this session. */
  readonly by: 'rule' | 'user' | 'session';
  /** run, deny, or the dialog's choice: once, session, always, edit. */
  readonly choice: 'run' | 'deny' | 'once' | 'session' | 'always' | 'edit';
  /** The rule key that applied ("default" when none matched). */
  readonly rule?: string;
  /** ISO time of the decision. */
  readonly at: string;
  /** A deny's reason, sent to the model. */
  readonly reason?: string;
}

/** One piece of a result as the card shows it (images are named, not drawn, until the graphics land here). */
export interface ToolShownPart {
  readonly kind: 'text' | 'image' | 'audio' | 'resource' | 'link';
  readonly text: string;
}

/**
 * A tool call as a card shows it and the store keeps it (JSON in the tool
 * message's `tool_calls` column; the message's content is the text the model got).
 */
export interface ToolRecord {
  /** The model's tool_call_id. */
  readonly callId: string;
  /** The function name the model used (SERVER__TOOL). */
  readonly name: string;
  readonly server?: string;
  readonly tool?: string;
  /** The arguments as run (after an edit) or as the model wrote them. */
  readonly arguments: string;
  readonly hints?: readonly string[];
  readonly state: ToolCallState;
  readonly decision?: ToolDecision;
  readonly progress?: ToolProgress;
  readonly result?: { readonly parts: readonly ToolShownPart[]; readonly isError: boolean };
  /** The model's arguments break the tool's schema: the dialog offers an edit (or tells the model). */
  readonly problems?: readonly string[];
  /** Why the call produced no result (timeout, disconnect, unknown tool, bad arguments). */
  readonly error?: string;
  /** When it started and ended running (ISO). */
  readonly startedAt?: string;
  readonly endedAt?: string;
}

/** One round of tool calls: the calls of one reply, settled before the model is asked again. */
export interface AgentRound {
  /** The reply that made the calls. */
  readonly replyItemId: string;
  /** Item ids of the calls' tool items, in the model's order. */
  readonly items: readonly string[];
  /** Rounds since the user's message (max_steps counts them). */
  readonly step: number;
  /** Esc stopped the round: no further request. */
  readonly stopped?: boolean;
  /** Every call settled; its tool messages are being stored. */
  readonly saving?: boolean;
}

export interface AgentState {
  /** The servers as the clients last reported them. */
  readonly servers: readonly McpServerState[];
  readonly rules: Rules;
  /** SERVER__TOOL keys allowed for this session (the dialog's "allow for this session"). */
  readonly sessionAllowed: readonly string[];
  readonly maxSteps: number;
  readonly resultLimit: number;
  readonly round?: AgentRound;
  /** The step of the round whose results the reply now streaming answers (max_steps counts on). */
  readonly nextStep?: number;
}

/** What the agent's runtime reports. */
export type AgentAction =
  | { readonly kind: 'servers'; readonly servers: readonly McpServerState[] }
  | { readonly kind: 'progress'; readonly itemId: string; readonly progress: ToolProgress }
  /** A call settled: how, what it gave, and the text for the model. */
  | {
      readonly kind: 'finished';
      readonly itemId: string;
      readonly state: 'done' | 'failed' | 'cancelled';
      readonly result?: ToolRecord['result'];
      readonly error?: string;
      readonly content: string;
      readonly at: string;
    }
  /** The round's tool messages are in the store (store ids by item id; none without a store). */
  | {
      readonly kind: 'saved';
      readonly replyItemId: string;
      readonly storeIds: Readonly<Record<string, string>>;
    }
  /** "Always allow" was written (file) or not (error). */
  | {
      readonly kind: 'ruleWritten';
      readonly key: string;
      readonly file?: string;
      readonly error?: string;
    };

/** A tool call and its plan, ready for a `runTool` effect. */
export interface ToolRun {
  readonly itemId: string;
  readonly server: string;
  readonly tool: string;
  readonly args: JsonObject;
  readonly record: ToolRecord;
}

/** A tool message to store: its item, the text the model got, the record. */
export interface ToolMessage {
  readonly itemId: string;
  readonly content: string;
  readonly name: string;
  readonly record: ToolRecord;
}

/** A call no longer waits for anyone. */
export function isSettled(state: ToolCallState): boolean {
  return state !== 'asking' && state !== 'running';
}

/** The calls a reply made (the store keeps them as JSON: checked on the way in). */
export function toolCallsOf(it: { readonly toolCalls?: unknown }): ToolCall[] {
  if (!Array.isArray(it.toolCalls)) return [];
  const out: ToolCall[] = [];
  for (const c of it.toolCalls as unknown[]) {
    if (typeof c !== 'object' || c === null) continue;
    const o = c as Record<string, unknown>;
    if (typeof o.id !== 'string' || typeof o.name !== 'string') continue;
    out.push({
      index: typeof o.index === 'number' ? o.index : out.length,
      id: o.id,
      name: o.name,
      arguments: typeof o.arguments === 'string' ? o.arguments : '',
    });
  }
  return out;
}

const STATES = new Set(['asking', 'running', 'done', 'failed', 'denied', 'cancelled']);

/**
 * A tool message's record as the store keeps it (JSON), checked enough to draw:
 * a call still asking or running when the app stopped reads as cancelled.
 */
export function recordFromJson(v: unknown): ToolRecord | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const o = v as Partial<ToolRecord>;
  if (typeof o.callId !== 'string' || typeof o.name !== 'string') return undefined;
  if (typeof o.arguments !== 'string' || typeof o.state !== 'string' || !STATES.has(o.state))
    return undefined;
  const r = v as ToolRecord;
  return isSettled(r.state) ? r : { ...r, state: 'cancelled' };
}

/**
 * A reply's text without the `<tool_call>` marker mistral.rs streams as
 * content before the calls it parses (its non-streamed reply has none): the
 * bubble and the history leave it out once the calls are known.
 */
export function replyText(it: { readonly content: string; readonly toolCalls?: unknown }): string {
  if (toolCallsOf(it).length === 0) return it.content;
  return it.content.replace(/\s*<tool_call>\s*$/, '');
}
