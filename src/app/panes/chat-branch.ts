// Messages as a tree: editing a message (it gets a new sibling: a user
// message with a new reply, an assistant or system message with the text
// written; the old version and what followed it stay on their branch),
// moving between the siblings of the selected message (the branch below it
// follows), and forking the session at it. Nothing is overwritten in the store.
import { type Dialog, promptDialog, withError } from './dialog.js';
import type { Effect } from '../types/effects.js';
import { keyOf } from '../types/keymap.js';
import { notify } from './notify.js';
import { type Result, none } from '../types/result.js';
import type { ChatItem, ChatState, State } from '../types/state.js';
import { BUSY, history, replyItem, titleFrom, userItem } from './chat.js';
import { chatModel, heldBack } from './chat-model.js';
import { finalRequest } from './chat-request.js';
import { select, target } from './chat-select.js';
import type { MouseEvent } from '../../tui/index.js';
import { type ChatRowMap, itemAtRow } from '../geometry/chat-rows.js';

/** "← →", or the keys the config gives the version switcher. */
function switchKeys(s: State): string {
  const keys = [keyOf(s.keymap, 'chat.sibling_prev'), keyOf(s.keymap, 'chat.sibling_next')];
  const shown = keys
    .filter((k) => k !== undefined)
    .map((k) => (k === 'Left' ? '←' : k === 'Right' ? '→' : k));
  return shown.length > 0 ? shown.join(' ') : '‹ ›';
}

/** Ctrl+E: opens the selected message's text in a multi-line editor, the cursor at its end. */
export function editSelected(s: State): Result {
  const t = target(s);
  if (t === undefined) return [notify(s, 'info', 'Nothing to edit: the chat is empty'), []];
  const next = select(s, t.index);
  if (s.chat.streaming !== undefined) return [notify(next, 'warn', BUSY), []];
  if (t.item.role === 'tool')
    return [notify(next, 'info', 'Tool results come from the tool and cannot be edited'), []];
  const kept = `the old one is kept: ${switchKeys(s)} switch`;
  const help =
    t.item.role === 'user'
      ? `Enter sends it as a new version (${kept}); Alt+Enter adds a line; Esc changes nothing`
      : `Enter saves it as a new version (${kept}); Alt+Enter adds a line; Esc changes nothing`;
  const dialog = promptDialog(
    t.item.role === 'user' ? 'Edit your message' : `Edit the ${t.item.role} message`,
    { type: 'editMessage', itemId: t.item.id },
    { value: t.item.content, multiline: true, help },
  );
  return none({ ...next, overlay: { kind: 'dialog', dialog } });
}

/** The edit dialog's answer. */
export function applyEdit(s: State, d: Dialog, itemId: string, text: string, now: string): Result {
  const index = s.chat.items.findIndex((i) => i.id === itemId);
  const item = s.chat.items[index];
  if (item === undefined)
    return [notify(s, 'warn', 'That message is no longer shown: the edit was not applied'), []];
  if (text.trim() === '')
    return none({
      ...s,
      overlay: {
        kind: 'dialog',
        dialog: withError(d, 'A message cannot be empty: type its text, or Esc to keep it'),
      },
    });
  if (text === item.content) return none(s);
  if (s.chat.streaming !== undefined)
    return none({ ...s, overlay: { kind: 'dialog', dialog: withError(d, BUSY) } });
  if (item.role === 'user') {
    const held = heldBack(s);
    // The edited text stays in the dialog, which says why.
    if (held !== undefined)
      return [
        { ...s, overlay: { kind: 'dialog', dialog: withError(d, held) } },
        [{ type: 'listServerModels' }],
      ];
    return resend(s, index, text, now);
  }
  if (item.storeId === undefined) {
    // Not in a store (none configured, or saving failed): there is no tree to keep a version in.
    const items = s.chat.items.map((i, k) => (k === index ? { ...i, content: text } : i));
    const msg = 'Message edited here only: it is not saved, so no old version is kept';
    return [notify({ ...s, chat: { ...s.chat, items } }, 'warn', msg), []];
  }
  return newVersion(s, index, item, item.storeId, text, now);
}

/**
 * An edited assistant or system message: a new sibling of the old one with the
 * text written. The transcript ends at it; the old version, and the
 * conversation that followed it (answers to the old text), stay on their
 * branch, shown again with the version switcher.
 */
function newVersion(
  s: State,
  index: number,
  old: ChatItem,
  storeId: string,
  text: string,
  now: string,
): Result {
  const id = `local-${s.seq}`;
  const edited: ChatItem = {
    id,
    role: old.role,
    content: text,
    status: 'complete',
    createdAt: now,
    ...(old.modelId !== undefined ? { modelId: old.modelId } : {}),
    ...(old.reasoning !== undefined ? { reasoning: old.reasoning } : {}),
  };
  const after = s.chat.items.length - index - 1;
  const chat: ChatState = {
    ...s.chat,
    items: [...s.chat.items.slice(0, index), edited],
    scroll: 0,
  };
  const followed = after > 0 ? ' and the conversation after it are' : ' is';
  const next = notify(
    select({ ...s, seq: s.seq + 1, chat }, index),
    'info',
    `Edited as a new version: the old one${followed} kept (${switchKeys(s)} switch)`,
  );
  const effect: Effect = { type: 'newVersion', storeId, content: text, itemId: id };
  return [next, [effect]];
}

/** A new version of the user message at `index`: a sibling in the store and a new reply. */
function resend(s: State, index: number, text: string, now: string): Result {
  const before = s.chat.items.slice(0, index);
  const seq = s.seq;
  const userId = `local-${seq}`;
  const replyId = `local-${seq + 1}`;
  const requestId = `request-${seq + 2}`;
  const model = chatModel(s);
  const user = userItem(userId, text, now);
  const reply = replyItem(replyId, model, now);
  const title = s.chat.title ?? titleFrom(text);
  const chat: ChatState = {
    ...s.chat,
    title,
    items: [...before, user, reply],
    selected: index,
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
      messages: [...history(before), { role: 'user', content: text }],
      parentStoreId: before.at(-1)?.storeId,
      userItemId: userId,
      assistantItemId: replyId,
    },
  );
  return [next, [request]];
}

/** ← / →: shows the previous or next sibling of the selected message and its branch. */
export function moveSibling(s: State, delta: number): Result {
  const t = target(s);
  if (t === undefined) return none(s);
  const next = select(s, t.index);
  const sibs = t.item.siblings ?? [];
  const at = t.item.storeId === undefined ? -1 : sibs.indexOf(t.item.storeId);
  if (sibs.length < 2 || at < 0)
    return [
      notify(
        next,
        'info',
        `This message has one version: editing it (${keyOf(s.keymap, 'chat.edit') ?? 'Ctrl+P: edit'}) or asking again for a reply (${keyOf(s.keymap, 'chat.retry') ?? 'Ctrl+P: retry'}) makes another`,
      ),
      [],
    ];
  if (s.chat.streaming !== undefined) return [notify(next, 'warn', BUSY), []];
  const to = at + delta;
  const storeId = sibs[to];
  const sessionId = s.chat.sessionId;
  if (storeId === undefined || sessionId === undefined) return none(next);
  return [next, [{ type: 'openBranch', sessionId, storeId, selected: t.index }]];
}

/** A click on "‹" or "›" of a message header's "‹ 2/3 ›" shows the previous or next version. */
export function versionClick(
  s: State,
  e: MouseEvent,
  rows: ChatRowMap | undefined,
): Result | undefined {
  if (e.action !== 'press' || e.button !== 'left' || rows === undefined) return undefined;
  const item = itemAtRow(rows, e.y);
  const cells = rows.cells[e.y - rows.area.y] ?? [];
  const c = cells[e.x - rows.area.x];
  if (item === undefined || (c !== '‹' && c !== '›')) return undefined;
  if (!/‹ \d+\/\d+ ›/.test(cells.join(''))) return undefined;
  return moveSibling(select(s, item), c === '‹' ? -1 : 1);
}

/** The thread through another sibling arrived: it replaces the transcript. */
export function branchOpened(
  s: State,
  sessionId: string,
  items: readonly ChatItem[],
  selected: number,
): State {
  if (s.chat.sessionId !== sessionId || s.chat.streaming !== undefined) return s;
  const index = Math.max(0, Math.min(items.length - 1, selected));
  return select({ ...s, chat: { ...s.chat, items } }, index);
}

/** A saved item's siblings (several once a retry or an edit added one). */
export function siblingsLoaded(s: State, itemId: string, ids: readonly string[]): State {
  if (!s.chat.items.some((i) => i.id === itemId)) return s;
  const items = s.chat.items.map((i) => {
    if (i.id !== itemId) return i;
    if (ids.length > 1) return { ...i, siblings: ids };
    const { siblings: _s, ...rest } = i;
    return rest;
  });
  return { ...s, chat: { ...s.chat, items } };
}

/** Ctrl+F: a new session with the thread up to the selected message, opened. */
export function forkSelected(s: State): Result {
  const t = target(s);
  if (t === undefined) return [notify(s, 'info', 'Nothing to fork: the chat is empty'), []];
  const next = select(s, t.index);
  if (t.item.storeId === undefined)
    return [
      notify(next, 'warn', 'This message is not saved (no session store, or not yet): cannot fork'),
      [],
    ];
  if (t.item.status === 'streaming') return [notify(next, 'warn', BUSY), []];
  const title = `${s.chat.title ?? titleFrom(t.item.content)} (fork)`;
  return [next, [{ type: 'forkAt', storeId: t.item.storeId, title }]];
}
