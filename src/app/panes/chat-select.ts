// The chat pane's selected message and what acts on it without touching the
// store: moving the selection, copying, folding the reasoning, the mouse
// (click selects, a drag selects text and copies it on release) and the
// inspector's scroll. Commands act on the selected message, or on the latest
// when none is selected (and select it, so the user sees which one).
import type { MouseEvent } from '../../tui/index.js';
import { notify } from './notify.js';
import { type Result, none } from '../types/result.js';
import { type ChatItem, type ChatState, type State, reasoningOpen } from '../types/state.js';
import { type ChatRowMap, clampToArea, itemAtRow, selectedText } from '../geometry/chat-rows.js';
import { inspectorMaxScroll } from '../geometry/inspector-rows.js';

/** The selected item's index, if it still exists. */
export function selectedIndex(s: State): number | undefined {
  const i = s.chat.selected;
  return i !== undefined && i >= 0 && i < s.chat.items.length ? i : undefined;
}

/** The message commands act on: the selected one, else the latest. */
export function target(s: State): { index: number; item: ChatItem } | undefined {
  const index = selectedIndex(s) ?? s.chat.items.length - 1;
  const item = s.chat.items[index];
  return item === undefined ? undefined : { index, item };
}

/** Selects item `index` and asks for it to be scrolled into view (panes/chat-scroll.ts). */
export function select(s: State, index: number): State {
  const chat: ChatState = {
    ...s.chat,
    selected: index,
    reveal: (s.chat.reveal ?? 0) + 1,
    // Another message: the inspector starts at its top.
    ...(index !== s.chat.selected ? { inspectorScroll: 0 } : {}),
  };
  const { mark: _m, ...rest } = chat;
  return { ...s, chat: rest };
}

/** Moves the selection by `delta` messages; with none, starts at the latest. */
export function moveSelection(s: State, delta: number): State {
  const n = s.chat.items.length;
  if (n === 0) return s;
  const cur = selectedIndex(s);
  const next = cur === undefined ? n - 1 : Math.max(0, Math.min(n - 1, cur + delta));
  return select(s, next);
}

export function clearSelection(s: State): State {
  const { selected: _s, mark: _m, ...chat } = s.chat;
  return { ...s, chat };
}

/** Ctrl+Y: copies the selected message's text. */
export function copyMessage(s: State): Result {
  const t = target(s);
  if (t === undefined) return [notify(s, 'info', 'Nothing to copy: the chat is empty'), []];
  const next = select(s, t.index);
  if (t.item.content === '')
    return [notify(next, 'info', 'Nothing to copy: this message has no text yet'), []];
  const what = t.item.role === 'user' ? 'your message' : `the ${t.item.role} message`;
  return [next, [{ type: 'copy', text: t.item.content, what }]];
}

/** Ctrl+G (or a click on "▸ thinking"): folds or unfolds the selected message's reasoning. */
export function toggleReasoning(s: State): Result {
  const t = target(s);
  if (t === undefined) return none(s);
  const next = select(s, t.index);
  if (t.item.tool?.result !== undefined) {
    // A tool call's card: the same key opens and folds its result.
    const items = s.chat.items.map((it, i) =>
      i === t.index ? { ...it, toolOpen: it.toolOpen !== true } : it,
    );
    return none({ ...next, chat: { ...next.chat, items } });
  }
  if (t.item.reasoning === undefined || t.item.reasoning === '')
    return [notify(next, 'info', 'This message has no reasoning to show'), []];
  const open = !reasoningOpen(t.item);
  const items = s.chat.items.map((it, i) => (i === t.index ? { ...it, reasoningOpen: open } : it));
  return none({ ...next, chat: { ...next.chat, items } });
}

/**
 * The mouse in the chat: a press selects the message under it and starts a
 * text selection; a drag extends it (the rows map is the last frame's); the
 * release copies the text when the pointer moved, else it was a click.
 */
export function chatMouse(s: State, e: MouseEvent, rows: ChatRowMap | undefined): Result {
  const mark = s.chat.mark;
  if (e.action === 'press' && e.button === 'left') {
    if (rows === undefined) return none(s);
    const item = itemAtRow(rows, e.y);
    let next: State = item === undefined ? s : { ...s, chat: { ...s.chat, selected: item } };
    if (item !== undefined && item !== s.chat.selected)
      next = { ...next, chat: { ...next.chat, inspectorScroll: 0 } };
    // A click on a reasoning block's "▸ thinking" line folds or unfolds it.
    const drawn = (rows.cells[e.y - rows.area.y] ?? []).join('').trimStart();
    if (item !== undefined && /^[▸▾] (thinking|result)/.test(drawn)) return toggleReasoning(next);
    const p = clampToArea(rows, e.x, e.y);
    next = { ...next, chat: { ...next.chat, mark: { anchor: p, head: p, done: false, rows } } };
    return none(next);
  }
  if (mark === undefined || mark.done) return none(s);
  if (e.action === 'drag') {
    const head = clampToArea(mark.rows, e.x, e.y);
    if (head.x === mark.head.x && head.y === mark.head.y) return none(s);
    return none({ ...s, chat: { ...s.chat, mark: { ...mark, head } } });
  }
  if (e.action === 'release') {
    const { mark: _m, ...chat } = s.chat;
    const head = clampToArea(mark.rows, e.x, e.y);
    if (head.x === mark.anchor.x && head.y === mark.anchor.y) return none({ ...s, chat });
    const text = selectedText(mark.rows, mark.anchor, head);
    const done = { ...s, chat: { ...chat, mark: { ...mark, head, done: true } } };
    if (text.trim() === '') return none(done);
    return [done, [{ type: 'copy', text, what: 'the selected text' }]];
  }
  return none(s);
}

/** Whether a text selection is being dragged (its drag and release belong to the chat). */
export function dragging(s: State): boolean {
  return s.chat.mark !== undefined && !s.chat.mark.done;
}

/** Scrolls the inspector, no further than its last page. */
export function scrollInspector(s: State, delta: number): State {
  const max = inspectorMaxScroll(s);
  const inspectorScroll = Math.max(0, Math.min(max, (s.chat.inspectorScroll ?? 0) + delta));
  return { ...s, chat: { ...s.chat, inspectorScroll } };
}
