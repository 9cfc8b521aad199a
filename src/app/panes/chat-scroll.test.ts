// The chat's scroll is settled by the reducers from geometry (issue 15's
// scroll contract): clamped to the content, held still under a growing
// reply, moved to reveal a selection — all in the state, before any frame.
import { describe, expect, it } from 'vitest';
import { DARK_THEME } from '../../tui/index.js';
import { ViewCache, itemRows } from '../geometry/chat-layout.js';
import { chatTextArea, computeLayout } from '../geometry/layout.js';
import { press, testState } from '../testing.js';
import type { Action } from '../types/actions.js';
import type { ChatItem, State } from '../types/state.js';
import { update } from '../update.js';
import { settleChatScroll } from './chat-scroll.js';

const NOW = '2026-01-02T03:04:05.000Z';

const item = (i: number): ChatItem => ({
  id: `m${i}`,
  role: i % 2 === 0 ? 'user' : 'assistant',
  content: Array.from({ length: 1 + (i % 4) }, (_, p) => `message ${i}, paragraph ${p}`).join(
    '\n\n',
  ),
  status: 'complete',
  createdAt: NOW,
});

const ITEMS = Array.from({ length: 30 }, (_, i) => item(i));

function chatState(items: readonly ChatItem[] = ITEMS, w = 100, h = 30): State {
  return { ...testState(w, h), focus: 'chat', chat: { sessionId: 'S', items, scroll: 0 } };
}

/** The largest scroll, from every item rendered (the last item's blank row is not shown). */
function maxScroll(s: State): number {
  const area = chatTextArea(computeLayout(s));
  const cache = new ViewCache(DARK_THEME);
  const rows = s.chat.items.reduce((n, it) => n + itemRows(s, it, area.width, cache).length, 0);
  return Math.max(0, rows - 1 - area.height);
}

function run(s: State, cache: ViewCache | undefined, ...actions: Action[]): State {
  for (const a of actions) s = update(s, a, NOW, cache)[0];
  return s;
}

describe('the chat scroll, settled by the reducers', () => {
  it('Home stores the top of the content, not a number past it; PageDown then moves at once', () => {
    const cache = new ViewCache(DARK_THEME);
    const top = run(chatState(), cache, press('home'));
    const max = maxScroll(top);
    expect(max).toBeGreaterThan(20);
    expect(top.chat.scroll).toBe(max);
    const down = run(top, cache, press('pagedown'));
    expect(down.chat.scroll).toBeLessThan(max);
    expect(down.chat.scroll).toBeGreaterThan(0);
  });

  it('scrolling past the top stops there; without the runtime cache the reducers leave it as asked', () => {
    const cache = new ViewCache(DARK_THEME);
    const ups = Array.from({ length: 40 }, () => press('pageup'));
    const s = run(chatState(), cache, ...ups);
    expect(s.chat.scroll).toBe(maxScroll(s));
    expect(run(chatState(), undefined, press('home')).chat.scroll).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('a chat that fits, or an empty one, has nothing to scroll', () => {
    const cache = new ViewCache(DARK_THEME);
    expect(run(chatState(ITEMS.slice(0, 2)), cache, press('up'), press('up')).chat.scroll).toBe(0);
    expect(run(chatState([]), cache, press('pageup')).chat.scroll).toBe(0);
  });

  it('a taller terminal brings a scroll at the top back within the content', () => {
    const cache = new ViewCache(DARK_THEME);
    const top = run(chatState(), cache, press('home'));
    const taller = run(top, cache, { type: 'resize', width: 100, height: 50 });
    expect(taller.chat.scroll).toBe(maxScroll(taller));
    expect(taller.chat.scroll).toBeLessThan(top.chat.scroll);
  });

  it('selecting a message above the view scrolls to it', () => {
    const cache = new ViewCache(DARK_THEME);
    // Shift+Up from the latest, 25 messages up: far above the bottom screen.
    const ups = Array.from({ length: 25 }, () => press('shift+up'));
    const s = run(chatState(), cache, ...ups);
    expect(s.chat.selected).toBe(5);
    expect(s.chat.scroll).toBeGreaterThan(0);
    // The selected message's first row is in view: the rows below its top fill at most the view.
    const area = chatTextArea(computeLayout(s));
    const below = s.chat.items
      .slice(5)
      .reduce((n, it) => n + itemRows(s, it, area.width, cache).length, 0);
    expect(below - 1 - s.chat.scroll).toBeLessThanOrEqual(area.height);
    expect(below - 1 - s.chat.scroll).toBeGreaterThan(0);
  });

  it('scrolled back, a growing reply at the bottom leaves the same rows in view', () => {
    const cache = new ViewCache(DARK_THEME);
    const reply = (n: number): ChatItem => ({
      ...item(31),
      id: 'r',
      status: 'streaming',
      content: Array.from({ length: n }, (_, i) => `streamed ${i}`).join('\n\n'),
    });
    const at = (n: number, scroll: number): State => ({
      ...chatState([...ITEMS, reply(n)]),
      chat: { sessionId: 'S', items: [...ITEMS, reply(n)], scroll },
    });
    // Two paragraphs more: four rows (a blank between paragraphs).
    expect(settleChatScroll(at(3, 10), at(5, 10), cache).chat.scroll).toBe(14);
    // Following the latest, it stays at the latest.
    expect(settleChatScroll(at(3, 0), at(5, 0), cache).chat.scroll).toBe(0);
  });
});
