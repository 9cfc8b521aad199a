// The chat pane's reducer: sending (a user item and a streaming assistant
// item, and the turn's final request: chat-request.ts), folding streamed
// events into the reply, cancel, scrolling, and opening or starting a session.
import type { ChatEvent, ChatMessage } from '../../domain/chat.js';
import type { Message } from '../../domain/session.js';
import { notify } from './notify.js';
import type { Result } from '../types/result.js';
import type { ChatItem, ChatState, ReplyFigures, ReplyTrace, State } from '../types/state.js';
import type { AttachmentRef } from '../types/attachments.js';
import { finalRequest } from './chat-request.js';
import { chatModel, heldBack } from './chat-model.js';
import { recordFromJson, toolCallsOf } from './agent-items.js';
import { replyText } from '../types/agent.js';

export type { Result } from '../types/result.js';

/** Why an action that needs the chat waits: a reply is streaming. Every pane says it so. */
export const BUSY = 'A reply is being generated: Esc stops it first';

const TITLE_WIDTH = 60;

export function titleFrom(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > TITLE_WIDTH ? `${one.slice(0, TITLE_WIDTH - 1)}…` : one;
}

/** A stored message as a chat item. */
export function itemFromMessage(m: Message): ChatItem {
  const figures: ReplyFigures = {
    ...(m.ttftMs !== null ? { ttftMs: m.ttftMs } : {}),
    ...(m.tokensPerSec !== null ? { tokensPerSec: m.tokensPerSec } : {}),
    ...(m.completionTokens !== null ? { completionTokens: m.completionTokens } : {}),
    ...(m.promptTokens !== null ? { promptTokens: m.promptTokens } : {}),
    ...(m.latencyMs !== null ? { totalMs: m.latencyMs } : {}),
  };
  return {
    id: m.id,
    storeId: m.id,
    role: m.role,
    content: m.content,
    ...(m.reasoning !== null && m.reasoning !== '' ? { reasoning: m.reasoning } : {}),
    status: m.status,
    ...(m.error !== null ? { error: m.error } : {}),
    ...(m.modelId !== null ? { modelId: m.modelId } : {}),
    createdAt: m.createdAt,
    ...(m.role === 'assistant' && Object.keys(figures).length > 0 ? { figures } : {}),
    ...toolFields(m),
  };
}

/** A stored message's tool calls (an assistant's) or call record (a tool message's, agent mode). */
function toolFields(m: Message): Pick<ChatItem, 'toolCalls' | 'tool'> {
  if (m.toolCalls === null) return {};
  if (m.role !== 'tool') return { toolCalls: m.toolCalls };
  const tool = recordFromJson(m.toolCalls);
  return tool === undefined ? { toolCalls: m.toolCalls } : { tool };
}

/** The thread's items with their siblings (store ids sharing a parent), from all of the session's messages. */
export function threadItems(thread: readonly Message[], all: readonly Message[]): ChatItem[] {
  const byParent = new Map<string | null, string[]>();
  for (const m of all) {
    const list = byParent.get(m.parentId) ?? [];
    list.push(m.id);
    byParent.set(m.parentId, list);
  }
  return thread.map((m) => {
    const it = itemFromMessage(m);
    const sibs = byParent.get(m.parentId) ?? [];
    return sibs.length > 1 ? { ...it, siblings: sibs } : it;
  });
}

/** The newest leaf under `id` (itself when it has no children), from the session's messages in id order. */
export function newestLeaf(id: string, all: readonly Message[]): string {
  const children = new Map<string, string[]>();
  for (const m of all) {
    if (m.parentId === null) continue;
    const list = children.get(m.parentId) ?? [];
    list.push(m.id);
    children.set(m.parentId, list);
  }
  // Ids grow with creation: the newest leaf is the last one met walking the subtree.
  const order = new Map(all.map((m, i) => [m.id, i]));
  let best = id;
  const stack = [id];
  for (let cur = stack.pop(); cur !== undefined; cur = stack.pop()) {
    const kids = children.get(cur);
    if (kids === undefined || kids.length === 0) {
      if ((order.get(cur) ?? -1) > (order.get(best) ?? -1) || best === id) best = cur;
    } else stack.push(...kids);
  }
  return best;
}

/**
 * The conversation the model sees: finished turns with text, in order; in
 * agent mode also the calls a reply made and the tool messages answering
 * them (a call without an answer is left out: servers refuse it).
 */
export function history(items: readonly ChatItem[]): ChatMessage[] {
  const answered = new Set<string>();
  for (const i of items) if (i.role === 'tool' && i.tool !== undefined) answered.add(i.tool.callId);
  const out: ChatMessage[] = [];
  for (const i of items) {
    if (i.status === 'streaming') continue;
    if (i.role === 'tool') {
      if (i.tool !== undefined)
        out.push({ role: 'tool', content: i.content, toolCallId: i.tool.callId });
      continue;
    }
    const calls = i.role === 'assistant' ? toolCallsOf(i).filter((c) => answered.has(c.id)) : [];
    const content = i.role === 'assistant' ? replyText(i) : i.content;
    if (content === '' && calls.length === 0 && (i.attachments?.length ?? 0) === 0) continue;
    out.push({
      role: i.role,
      content,
      ...(calls.length > 0 ? { toolCalls: calls } : {}),
    });
  }
  return out;
}

/** A user message as sent, before the store has it. */
export function userItem(id: string, text: string, now: string): ChatItem {
  return { id, role: 'user', content: text, status: 'complete', createdAt: now };
}

/** The empty assistant item a reply streams into. */
export function replyItem(id: string, model: string, now: string): ChatItem {
  return {
    id,
    role: 'assistant',
    content: '',
    status: 'streaming',
    modelId: model,
    createdAt: now,
  };
}

/**
 * A message the chat's model cannot take now stays where it is (the composer,
 * the edit dialog): the notice says why; the server's list is asked again in
 * case the model was loaded elsewhere.
 */
export function holdBack(s: State, why: string): Result {
  return [notify(s, 'warn', why), [{ type: 'listServerModels' }]];
}

/** Sends `text` with `attachments` (their bytes go as content parts: runtime/attachment-effects.ts). */
export function send(
  s: State,
  text: string,
  now: string,
  attachments: readonly AttachmentRef[] = [],
): Result {
  if (text.trim() === '' && attachments.length === 0) return [s, []];
  const seq = s.seq;
  const userId = `local-${seq}`;
  const replyId = `local-${seq + 1}`;
  const requestId = `request-${seq + 2}`;
  const model = chatModel(s);
  const user: ChatItem = {
    ...userItem(userId, text, now),
    ...(attachments.length > 0 ? { attachments } : {}),
  };
  const reply = replyItem(replyId, model, now);
  const parent = [...s.chat.items].reverse().find((i) => i.storeId !== undefined);
  const title =
    s.chat.title ?? titleFrom(text !== '' ? text : (attachments[0]?.name ?? 'attachment'));
  // A new exchange: the selection goes (the inspector follows the latest reply).
  const { selected: _sel, mark: _m, ...rest } = s.chat;
  const chat: ChatState = {
    ...rest,
    title,
    items: [...s.chat.items, user, reply],
    scroll: 0,
    streaming: { requestId, itemId: replyId },
  };
  const [next, request] = finalRequest(
    { ...s, seq: seq + 3, chat },
    {
      requestId,
      sessionId: s.chat.sessionId,
      title,
      model,
      messages: [...history(s.chat.items), { role: 'user', content: text }],
      parentStoreId: parent?.storeId,
      userItemId: userId,
      assistantItemId: replyId,
    },
  );
  // The new message is the request's last whatever the context fit left out before it.
  const media =
    attachments.length > 0 ? [{ index: request.messages.length - 1, refs: attachments }] : [];
  return [next, [media.length > 0 ? { ...request, media } : request]];
}

function mapItem(chat: ChatState, id: string, f: (i: ChatItem) => ChatItem): ChatState {
  // The streaming reply is the last item: replace it without walking a long session.
  const last = chat.items.at(-1);
  if (last?.id === id) return { ...chat, items: [...chat.items.slice(0, -1), f(last)] };
  return { ...chat, items: chat.items.map((i) => (i.id === id ? f(i) : i)) };
}

function activityOf(e: ChatEvent, prev: string | undefined): string | undefined {
  switch (e.type) {
    case 'loading':
      return `loading the model: ${e.message}`;
    case 'toolActivity':
      return e.phase === 'started' ? `running tool ${e.name ?? ''}`.trim() : undefined;
    case 'webSearch':
      return e.phase === 'started' ? 'searching the web' : undefined;
    case 'content':
    case 'reasoning':
      return prev?.startsWith('loading') === true ? undefined : prev;
    default:
      return prev;
  }
}

/** Asks the model again for the last reply; the old reply stays in the store as a sibling. */
export function retry(s: State, now: string): Result {
  if (s.chat.streaming !== undefined) return [notify(s, 'warn', BUSY), []];
  const items = s.chat.items;
  // The selected reply when one is selected (the branch below it is left in the store), else the latest.
  const sel = s.chat.selected;
  const at = sel !== undefined && items[sel]?.role === 'assistant' ? sel : items.length - 1;
  const last = items[at];
  const user = items[at - 1];
  if (last?.role !== 'assistant' || user?.role !== 'user')
    return [notify(s, 'info', 'Nothing to retry: send a message first'), []];
  const held = heldBack(s);
  if (held !== undefined) return holdBack(s, held);
  const seq = s.seq;
  const replyId = `local-${seq}`;
  const requestId = `request-${seq + 1}`;
  const model = chatModel(s);
  const reply = replyItem(replyId, model, now);
  const before = items.slice(0, at);
  const chat: ChatState = {
    ...s.chat,
    items: [...before, reply],
    ...(sel !== undefined ? { selected: at } : {}),
    scroll: 0,
    streaming: { requestId, itemId: replyId },
  };
  const [next, request] = finalRequest(
    { ...s, seq: seq + 2, chat },
    {
      requestId,
      sessionId: s.chat.sessionId,
      title: s.chat.title ?? titleFrom(user.content),
      model,
      messages: history(before),
      parentStoreId: undefined,
      userItemId: user.id,
      assistantItemId: replyId,
      ...(user.storeId !== undefined ? { retryOfUser: user.storeId } : {}),
    },
  );
  // The message asked again carries its attachments again.
  const refs = user.attachments ?? [];
  const media = refs.length > 0 ? [{ index: request.messages.length - 1, refs }] : [];
  return [next, [media.length > 0 ? { ...request, media } : request]];
}

export function onChatEvent(s: State, requestId: string, e: ChatEvent): State {
  const st = s.chat.streaming;
  if (st?.requestId !== requestId) return s;
  let chat: ChatState = { ...s.chat };
  const activity = activityOf(e, s.chat.activity);
  if (activity === undefined) delete (chat as { activity?: string }).activity;
  else chat = { ...chat, activity };
  let backend = s.backend;
  switch (e.type) {
    case 'content':
      chat = mapItem(chat, st.itemId, (i) => ({ ...i, content: i.content + e.text }));
      if (backend.connection !== 'ok') backend = { ...backend, connection: 'ok' };
      break;
    case 'reasoning':
      chat = mapItem(chat, st.itemId, (i) => ({ ...i, reasoning: (i.reasoning ?? '') + e.text }));
      break;
    case 'toolCall':
      // Shown by the inspector; the store keeps the calls the reply made.
      chat = mapItem(chat, st.itemId, (i) => ({
        ...i,
        toolCalls: [...(Array.isArray(i.toolCalls) ? (i.toolCalls as unknown[]) : []), e.call],
      }));
      break;
    case 'finish':
      chat = mapItem(chat, st.itemId, (i) =>
        i.status !== 'streaming'
          ? i
          : { ...i, status: e.reason === 'cancelled' ? 'cancelled' : 'complete' },
      );
      break;
    case 'error':
      chat = mapItem(chat, st.itemId, (i) => ({ ...i, status: 'error', error: e.error.message }));
      if (e.error.code === 'unreachable' || e.error.code === 'connect_timeout')
        backend = { ...backend, connection: 'down', message: e.error.message };
      break;
    default:
      break;
  }
  return { ...s, chat, backend };
}

/**
 * A frame's worth of streamed events (the runtime batches them). Neighbouring
 * text deltas of one kind are joined first: folding them one by one would copy
 * the reply and the transcript's list once per token.
 */
export function onChatEvents(s: State, requestId: string, events: readonly ChatEvent[]): State {
  if (s.chat.streaming?.requestId !== requestId) return s;
  let next = s;
  for (const e of joinDeltas(events)) next = onChatEvent(next, requestId, e);
  return next;
}

function joinDeltas(events: readonly ChatEvent[]): ChatEvent[] {
  const out: ChatEvent[] = [];
  for (const e of events) {
    const prev = out.at(-1);
    if (e.type === 'content' && prev?.type === 'content')
      out[out.length - 1] = { type: 'content', text: prev.text + e.text };
    else if (e.type === 'reasoning' && prev?.type === 'reasoning')
      out[out.length - 1] = { type: 'reasoning', text: prev.text + e.text };
    else out.push(e);
  }
  return out;
}

export function onStreamEnded(s: State, requestId: string, figures: ReplyFigures): State {
  const st = s.chat.streaming;
  if (st?.requestId !== requestId) return s;
  const chat = mapItem(s.chat, st.itemId, (i) => ({
    ...i,
    status: i.status === 'streaming' ? 'interrupted' : i.status,
    ...(i.status === 'error' && i.content === '' ? {} : { figures }),
  }));
  const { streaming: _done, activity: _a, ...rest } = chat;
  return { ...s, chat: rest };
}

/** Esc: stops the reply being generated; with none, goes back to the composer. */
export function cancel(s: State): Result {
  const st = s.chat.streaming;
  if (st !== undefined) return [s, [{ type: 'cancelChat', requestId: st.requestId }]];
  // A highlighted text selection goes away too.
  const { mark: _m, ...chat } = s.chat;
  const next = s.chat.mark === undefined ? s : { ...s, chat };
  return [next.focus === 'composer' ? next : { ...next, focus: 'composer' }, []];
}

export function scrollBy(s: State, delta: number): State {
  const scroll = Math.max(0, Math.min(Number.MAX_SAFE_INTEGER, s.chat.scroll + delta));
  // A highlighted text selection is of screen cells: it would no longer match the text.
  const { mark: _m, ...chat } = s.chat;
  return { ...s, chat: { ...(s.chat.mark?.done === true ? chat : s.chat), scroll } };
}

export function scrollTo(s: State, where: 'top' | 'bottom'): State {
  return { ...s, chat: { ...s.chat, scroll: where === 'top' ? Number.MAX_SAFE_INTEGER : 0 } };
}

export function newChat(s: State): Result {
  if (s.chat.streaming !== undefined) return [notify(s, 'warn', BUSY), []];
  const traces = s.chat.traces;
  return [
    { ...s, chat: { items: [], scroll: 0, ...(traces ? { traces } : {}) }, focus: 'composer' },
    [],
  ];
}

/** Replies whose request and events the inspector keeps (the oldest go first). */
const TRACES_KEPT = 50;

/** Keeps the runtime's record of a reply, under its store id (or local id when unsaved). */
export function traced(s: State, key: string, trace: ReplyTrace): State {
  const all = Object.entries({ ...s.chat.traces, [key]: trace });
  const traces = Object.fromEntries(all.slice(Math.max(0, all.length - TRACES_KEPT)));
  return { ...s, chat: { ...s.chat, traces } };
}
