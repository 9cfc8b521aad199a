// Keeps a request within the model's context window: the system prompt and
// the new message always go; earlier turns go newest first while they fit,
// leaving room for the reply. Without a tokenizer for every model, tokens are
// estimated from characters on the safe side (3 per token, English is ~4).
import type { ChatMessage } from '../../domain/chat.js';
import type { Effect } from '../types/effects.js';
import { notify } from './notify.js';
import type { State } from '../types/state.js';
import { contextLength } from './metrics.js';

type SendChat = Extract<Effect, { type: 'sendChat' }>;

/** Tokens a message costs beyond its text (role and framing in the chat template). */
const PER_MESSAGE = 8;
/** Tokens kept free for the chat template's own text. */
const MARGIN = 64;

export function estimateTokens(m: ChatMessage): number {
  const text = typeof m.content === 'string' ? m.content : JSON.stringify(m.content);
  return Math.ceil(text.length / 3) + PER_MESSAGE;
}

/**
 * The messages that fit `contextTokens` with `replyTokens` left for the reply,
 * and how many earlier turns were left out. Leading system messages and the
 * last message are always kept (an oversized last message is the server's to refuse).
 */
export function fitToContext(
  messages: readonly ChatMessage[],
  contextTokens: number,
  replyTokens: number,
): { messages: readonly ChatMessage[]; dropped: number } {
  const head = messages.findIndex((m) => m.role !== 'system');
  if (head < 0) return { messages, dropped: 0 };
  const system = messages.slice(0, head);
  const turns = messages.slice(head);
  const last = turns.at(-1);
  if (last === undefined) return { messages, dropped: 0 };
  let budget =
    contextTokens -
    replyTokens -
    MARGIN -
    [...system, last].reduce((n, m) => n + estimateTokens(m), 0);
  let keep = turns.length - 1;
  while (keep > 0) {
    const m = turns[keep - 1];
    if (m === undefined) break;
    const cost = estimateTokens(m);
    if (cost > budget) break;
    budget -= cost;
    keep--;
  }
  // A reply without the question it answers confuses models: start on a user turn.
  while (keep < turns.length - 1 && turns[keep]?.role !== 'user') keep++;
  if (keep === 0) return { messages, dropped: 0 };
  return { messages: [...system, ...turns.slice(keep)], dropped: keep };
}

/** The request trimmed to the model's context when its size is known, with a notice when it was. */
export function fitSend(s: State, e: SendChat): [State, SendChat] {
  const context = contextLength(s, e.model);
  if (context === undefined) return [s, e];
  const reply =
    e.sampling?.maxTokens ?? s.composer.defaults.maxTokens ?? Math.min(1024, context / 4);
  const { messages, dropped } = fitToContext(e.messages, context, Math.min(reply, context / 2));
  if (dropped === 0) return [s, e];
  const text = `Sent the latest messages only: the ${String(dropped)} earliest do not fit the model's ${context.toLocaleString('en')}-token context`;
  return [notify(s, 'info', text), { ...e, messages }];
}
