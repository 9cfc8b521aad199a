// The chat's scroll, kept by the reducers: after each action the root
// reducer (update.ts) settles it from geometry — clamped to the content,
// held still while the reply at the bottom grows under a scrolled-back view,
// and moved to reveal the selected message when a reducer asked for it
// (`chat.reveal` bumped). The view draws the scroll it is given and writes
// nothing back. Measuring the chat takes the runtime's caches (Markdown per
// item, the row index); without them (reducer tests) the scroll stays as the
// reducers set it and the view clamps it only for drawing.
import { type ViewCache, chatRows, fitScroll, syncChatIndex } from '../geometry/chat-layout.js';
import { chatTextArea, computeLayout } from '../geometry/layout.js';
import type { State } from '../types/state.js';
import { selectedIndex } from './chat-select.js';

/** The chat's text width in `s`'s layout (undefined when the terminal is too small to draw it). */
function chatWidth(s: State): number | undefined {
  const l = computeLayout(s);
  return l.tooSmall ? undefined : chatTextArea(l).width;
}

/** `next` with the chat's scroll settled after the action that led from `prev` to it. */
export function settleChatScroll(prev: State, next: State, cache: ViewCache | undefined): State {
  if (cache === undefined) return next;
  const chat = next.chat;
  const reveal = chat.reveal !== prev.chat.reveal ? selectedIndex(next) : undefined;
  // Following the latest (0) is always in range.
  if (chat.scroll === 0 && reveal === undefined) return next;
  const layout = computeLayout(next);
  if (layout.tooSmall) return next;
  const items = chat.items;
  const area = chatTextArea(layout);
  let scroll = 0;
  if (items.length > 0) {
    const { measure } = chatRows(next, cache, area.width);
    syncChatIndex(next, cache, area.width, measure);
    let wanted = chat.scroll;
    // Scrolled back while the last reply grows: keep the same rows in view
    // (following stops when the user scrolls up; End jumps back).
    const before = prev.chat.items.at(-1);
    const after = items.at(-1);
    if (
      wanted > 0 &&
      before !== undefined &&
      after !== undefined &&
      before !== after &&
      before.id === after.id &&
      chatWidth(prev) === area.width
    ) {
      const grown = cache.index.height(items.length - 1) - cache.index.rowsOfItem(before, measure);
      if (grown > 0) wanted += grown;
    }
    scroll = fitScroll(cache.index, measure, area.height, wanted, reveal);
  }
  return scroll === chat.scroll ? next : { ...next, chat: { ...chat, scroll } };
}
