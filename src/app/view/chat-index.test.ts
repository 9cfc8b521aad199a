import { describe, expect, it } from 'vitest';
import { Buffer, DARK_THEME, type Rect, rect } from '../../tui/index.js';
import type { ChatItem, State } from '../types/state.js';
import { testState } from '../testing.js';
import { DOCS_KEPT, ViewCache, itemRows } from '../geometry/chat-layout.js';
import { settleChatScroll } from '../panes/chat-scroll.js';
import { drawChat } from './chat-view.js';

const T = '2026-01-02T03:04:05.000Z';
const AREA = rect(2, 1, 60, 20);

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Items of varied heights: short and long questions, Markdown replies with code, reasoning, errors. */
function session(n: number, seed = 1): ChatItem[] {
  const r = prng(seed);
  const words = (k: number) =>
    Array.from({ length: k }, (_, i) => `w${String(Math.floor(r() * 1000))}x${i}`).join(' ');
  return Array.from({ length: n }, (_, i): ChatItem => {
    if (i % 2 === 0)
      return {
        id: `m${i}`,
        role: 'user',
        content: `message ${i}: ${words(Math.floor(r() * 40))}`,
        status: 'complete',
        createdAt: T,
      };
    const parts = [`reply ${i}: ${words(5 + Math.floor(r() * 60))}`];
    if (r() < 0.4) parts.push('```ts\nconst x = 1;\nconst y = x + 1;\n```');
    if (r() < 0.3) parts.push(`- ${words(8)}\n- ${words(3)}`);
    return {
      id: `m${i}`,
      role: 'assistant',
      content: parts.join('\n\n'),
      status: r() < 0.1 ? 'error' : 'complete',
      ...(r() < 0.2 ? { reasoning: words(30), reasoningOpen: r() < 0.5 } : {}),
      error: 'the server closed the connection',
      modelId: 'smollm2',
      createdAt: T,
    };
  });
}

function chatState(items: readonly ChatItem[], scroll: number, over: Partial<State['chat']> = {}) {
  // One column of chat whose text area is AREA, so the reducers measure it as it is drawn.
  const s = testState(64, 26, { layout: 'single' });
  return { ...s, chat: { items, scroll, ...over } };
}

interface Shown {
  readonly scroll: number;
  readonly items: readonly (number | undefined)[];
  readonly text: readonly string[];
}

/** The text of the area's first `n` rows (the selection margin left of it is not compared). */
function rowsText(buf: Buffer, area: Rect, n: number): string[] {
  return Array.from({ length: n }, (_, y) => buf.rowText(area.y + y).slice(area.x));
}

/** What drawChat shows, with the given cache. */
function drawn(s: State, cache: ViewCache, area = AREA): Shown {
  const buf = Buffer.sized(area.x + area.width, area.y + area.height);
  const d = drawChat(buf, area, s, cache);
  return { scroll: d.scroll, items: d.rows.items, text: rowsText(buf, area, d.rows.items.length) };
}

/** The reference: every item rendered, the rows in view picked from all of them. */
function naive(s: State, area = AREA): Shown {
  const cache = new ViewCache(DARK_THEME);
  const all = s.chat.items.flatMap((it, item) =>
    itemRows(s, it, area.width, cache).map((r) => ({ ...r, item })),
  );
  all.pop(); // the last item's blank row
  const scroll = Math.min(s.chat.scroll, Math.max(0, all.length - area.height));
  const start = Math.max(0, all.length - area.height - scroll);
  const rows = all.slice(start, start + area.height);
  const buf = Buffer.sized(area.x + area.width, area.y + area.height);
  rows.forEach((r, y) => {
    buf.setLine(area.x + r.indent, area.y + y, r.line, area.width - r.indent);
  });
  if (scroll > 0) {
    const tag = ` ↓ ${scroll} more `;
    buf.setString(area.x + area.width - tag.length, area.y + area.height - 1, tag, {});
  }
  return { scroll, items: rows.map((r) => r.item), text: rowsText(buf, area, rows.length) };
}

describe('the chat row index', () => {
  const items = session(300);

  it('maps any scroll offset to the same rows as rendering everything', () => {
    const cache = new ViewCache(DARK_THEME);
    const r = prng(42);
    const total = naive(chatState(items, Number.MAX_SAFE_INTEGER)).scroll;
    expect(total).toBeGreaterThan(1000);
    const offsets = [0, 1, 19, 20, 21, total - 1, total, total + 5, Number.MAX_SAFE_INTEGER];
    for (let i = 0; i < 60; i++) offsets.push(Math.floor(r() * (total + 10)));
    for (const scroll of offsets) {
      const s = chatState(items, scroll);
      expect(drawn(s, cache), `scroll ${String(scroll)}`).toEqual(naive(s));
    }
  });

  it('a fresh cache measures only what the scroll needs', () => {
    const cache = new ViewCache(DARK_THEME);
    drawn(chatState(items, 0), cache);
    expect(cache.index.measured).toBeLessThan(20);
    drawn(chatState(items, 200), cache);
    expect(cache.index.measured).toBeLessThan(60);
  });

  it('heights follow a width change', () => {
    const cache = new ViewCache(DARK_THEME);
    const narrow = rect(2, 1, 34, 20);
    for (const scroll of [0, 150, 900]) {
      const s = chatState(items, scroll);
      expect(drawn(s, cache)).toEqual(naive(s));
      expect(drawn(s, cache, narrow)).toEqual(naive(s, narrow));
    }
  });

  it('a streaming update of the last item re-measures only that item', () => {
    const cache = new ViewCache(DARK_THEME);
    const reply = (n: number): ChatItem => ({
      id: 'r',
      role: 'assistant',
      content: Array.from({ length: n }, (_, i) => `streamed ${i}`).join('\n\n'),
      status: 'streaming',
      createdAt: T,
    });
    const at = (n: number, scroll: number) => chatState([...items, reply(n)], scroll);
    // Scrolled far up, so everything below the view has been measured.
    drawn(at(1, 2000), cache);
    for (const n of [2, 5, 9]) {
      const before = cache.index.measured;
      const s = at(n, 0);
      expect(drawn(s, cache)).toEqual(naive(s));
      expect(cache.index.measured - before).toBe(1);
    }
    // The reducers settle the scroll as the reply grows (panes/chat-scroll.ts).
    const s = settleChatScroll(at(9, 700), at(12, 700), cache);
    const shown = drawn(s, cache);
    // The view holds still as the reply grows (3 paragraphs: 6 rows more).
    expect(shown.scroll).toBe(706);
    expect(shown).toEqual(naive({ ...s, chat: { ...s.chat, scroll: 706 } }));
  });

  it('a message sent and a reply started are measured at the tail', () => {
    const cache = new ViewCache(DARK_THEME);
    drawn(chatState(items, 0), cache);
    const more = session(4, 9).map((it) => ({ ...it, id: `new-${it.id}` }));
    const s = chatState([...items, ...more], 0);
    expect(drawn(s, cache)).toEqual(naive(s));
    // Another session (every item new) is measured afresh, as far as needed.
    const other = session(300, 5).map((it) => ({ ...it, id: `o-${it.id}` }));
    const o = chatState(other, 40);
    const before = cache.index.measured;
    expect(drawn(o, cache)).toEqual(naive(o));
    expect(cache.index.measured - before).toBeLessThan(30);
  });

  it('a selection far up is scrolled into view, and folding its reasoning changes its height', () => {
    const cache = new ViewCache(DARK_THEME);
    const k = items.findIndex((it, i) => i < 100 && it.reasoning !== undefined);
    expect(k).toBeGreaterThan(0);
    // Selecting asks the reducers to reveal it (panes/chat-scroll.ts).
    const s = settleChatScroll(
      chatState(items, 0),
      chatState(items, 0, { selected: k, reveal: 1 }),
      cache,
    );
    const shown = drawn(s, cache);
    expect(shown.items).toContain(k);
    // The scroll it chose shows what a full render shows there.
    expect(shown).toEqual(naive({ ...s, chat: { ...s.chat, scroll: shown.scroll } }));
    const toggled = items.map((it, i) =>
      i === k ? { ...it, reasoningOpen: it.reasoningOpen !== true } : it,
    );
    const t = settleChatScroll(
      s,
      chatState(toggled, shown.scroll, { selected: k, reveal: 1 }),
      cache,
    );
    expect(drawn(t, cache)).toEqual(naive(t));
    // The same reveal is not honoured twice: the user may scroll away.
    const away = settleChatScroll(t, chatState(toggled, 0, { selected: k, reveal: 1 }), cache);
    expect(drawn(away, cache)).toEqual(naive(away));
  });

  it('the top of a 10,000-message session shows the first message, and the Markdown kept stays bounded', () => {
    const many = session(10_000, 3);
    const cache = new ViewCache(DARK_THEME);
    const top = drawn(chatState(many, Number.MAX_SAFE_INTEGER), cache);
    expect(top.text[0]).toContain(' you ');
    expect(top.text[1]).toContain('message 0:');
    expect(top.items[0]).toBe(0);
    expect(cache.docCount).toBeLessThanOrEqual(DOCS_KEPT);
    // Once measured, frames at the top or in the middle measure nothing more.
    const measured = cache.index.measured;
    const mid = chatState(many, Math.floor(top.scroll / 2));
    expect(drawn(mid, cache).items.length).toBe(AREA.height);
    drawn(chatState(many, top.scroll), cache);
    expect(cache.index.measured).toBe(measured);
  });
});

describe('measuring ahead between frames', () => {
  it('measures the rest of a long session in slices, so the jump to the top measures nothing more', async () => {
    const { measureAhead } = await import('../geometry/chat-layout.js');
    const items = session(2000, 7);
    const cache = new ViewCache(DARK_THEME);
    const buf = Buffer.sized(80, 24);
    const s = chatState(items, 0);
    drawChat(buf, AREA, s, cache);
    expect(cache.index.first).toBeGreaterThan(1000);
    let slices = 0;
    // Each slice stops at its deadline (an already-passed one measures nothing).
    expect(measureAhead(s, cache, 0)).toBe(true);
    while (measureAhead(s, cache, performance.now() + 5)) slices++;
    expect(cache.index.first).toBe(0);
    const measured = cache.index.measured;
    const top = drawChat(buf, AREA, chatState(items, Number.MAX_SAFE_INTEGER), cache);
    expect(cache.index.measured).toBe(measured);
    expect(top.scroll).toBeGreaterThan(0);
    expect(buf.rowText(AREA.y + 1)).toContain('message 0:');
    expect(slices).toBeGreaterThan(0);
  });

  it('has nothing to do before the chat was drawn or when it is empty', async () => {
    const { measureAhead } = await import('../geometry/chat-layout.js');
    const cache = new ViewCache(DARK_THEME);
    expect(measureAhead(chatState(session(10), 0), cache, performance.now() + 50)).toBe(false);
    drawChat(Buffer.sized(80, 24), AREA, chatState(session(10), 0), cache);
    expect(measureAhead(chatState([], 0), cache, performance.now() + 50)).toBe(false);
  });
});
