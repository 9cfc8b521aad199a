// The chat view's selection margin, versions in the header, folded reasoning,
// the rows map the mouse uses, revealing the selection, the text highlight,
// and the inspector's content.
import { describe, expect, it } from 'vitest';
import { Buffer, DARK_THEME, Mod, rect } from '../../tui/index.js';
import type { ChatItem, State } from '../types/state.js';
import { testState } from '../testing.js';
import { ViewCache } from '../geometry/chat-layout.js';
import { chatTextArea, computeLayout } from '../geometry/layout.js';
import { settleChatScroll } from '../panes/chat-scroll.js';
import { drawChat } from './chat-view.js';
import { selectedText } from '../geometry/chat-rows.js';
import { drawInspector } from './inspector-view.js';

const T = '2026-01-02T03:04:05.000Z';

const items: ChatItem[] = [
  {
    id: 'u1',
    storeId: 'u1',
    role: 'user',
    content: 'question one',
    status: 'complete',
    createdAt: T,
  },
  {
    id: 'a1',
    storeId: 'a1',
    role: 'assistant',
    content: 'answer one',
    reasoning: 'I should say hello first',
    status: 'complete',
    modelId: 'smol',
    createdAt: T,
    siblings: ['a0', 'a1', 'a2'],
    figures: {
      ttftMs: 84,
      tokensPerSec: 41.25,
      completionTokens: 37,
      promptTokens: 12,
      totalMs: 900,
    },
  },
  {
    id: 'u2',
    storeId: 'u2',
    role: 'user',
    content: 'question two',
    status: 'complete',
    createdAt: T,
  },
];

function chat(over: Partial<State['chat']> = {}, w = 60, h = 30): State {
  const s = testState(w, h);
  return { ...s, chat: { sessionId: 'S', items, scroll: 0, ...over } };
}

/** Draws the chat into a 40x`h` area at (2, 1); returns the buffer's rows and the result. */
function draw(s: State, h = 20) {
  const buf = Buffer.sized(44, h + 2);
  const area = rect(2, 1, 40, h);
  const out = drawChat(buf, area, s, new ViewCache(DARK_THEME));
  const rows: string[] = [];
  for (let y = 0; y < h + 2; y++) rows.push(buf.rowText(y).trimEnd());
  return { buf, rows, out };
}

describe('chat view', () => {
  it('shows a reply’s version and folds its complete reasoning to one line', () => {
    const { rows } = draw(chat());
    const text = rows.join('\n');
    expect(text).toMatch(/ assistant {2}‹ 2\/3 › smol/);
    expect(text).toContain('▸ thinking · 5 words');
    expect(text).not.toContain('I should say hello first');
  });

  it('a reply too short for its rate to mean anything shows no tokens/s', () => {
    const short = items.map((i) =>
      i.id === 'a1'
        ? { ...i, figures: { ttftMs: 84, tokensPerSec: 1999.7, completionTokens: 2 } }
        : i,
    );
    const text = draw(chat({ items: short })).rows.join('\n');
    expect(text).toContain('TTFT 84 ms · 2 tokens');
    expect(text).not.toContain('tok/s');
    expect(draw(chat()).rows.join('\n')).toContain('41.3 tok/s');
  });

  it('a reply from a model named by its folder shows the folder’s last part, not the whole path', () => {
    const byPath = items.map((i) =>
      i.id === 'a1' ? { ...i, modelId: '/root/.cache/mistralrs-tui/models' } : i,
    );
    const text = draw(chat({ items: byPath })).rows.join('\n');
    expect(text).toMatch(/ assistant {2}‹ 2\/3 › …\/models ·/);
    expect(text).not.toContain('/root/.cache');
  });

  it('unfolded reasoning shows its text; a streaming reply’s is open', () => {
    const open = items.map((i) => (i.id === 'a1' ? { ...i, reasoningOpen: true } : i));
    expect(draw(chat({ items: open })).rows.join('\n')).toContain('I should say hello first');
    const streaming = items.map((i) =>
      i.id === 'a1' ? { ...i, status: 'streaming' as const } : i,
    );
    const r = draw(chat({ items: streaming })).rows.join('\n');
    expect(r).toContain('▾ thinking');
    expect(r).toContain('I should say hello first');
  });

  it('marks the selected message with a bar in the margin and maps rows to items', () => {
    const { rows, out } = draw(chat({ selected: 0 }));
    const bars = rows.map((r, y) => (r.charAt(1) === '▌' ? y : -1)).filter((y) => y >= 0);
    expect(bars.length).toBeGreaterThan(0);
    for (const y of bars) expect(out.rows.items[y - 1]).toBe(0);
    expect(out.rows.items[0]).toBe(0);
    expect(out.rows.items).toContain(1);
    expect(out.rows.items).toContain(2);
  });

  it('the rows map holds the text as drawn', () => {
    const { out } = draw(chat());
    const y = out.rows.items.indexOf(2) + 1 + 1;
    expect(selectedText(out.rows, { x: 2, y }, { x: 41, y })).toBe('question two');
  });

  it('scrolls a selected message above the view into view once', () => {
    const long = Array.from({ length: 20 }, (_, i) => `paragraph ${i}`).join('\n\n');
    const many = [
      ...items,
      { ...items[1], id: 'a3', storeId: 'a3', content: long, reasoning: undefined },
    ];
    // One column of chat: the reducers measure the text area it is drawn in.
    const at = (over: Partial<State['chat']>) => ({
      ...chat(over, 60, 20),
      layout: 'single' as const,
    });
    const cache = new ViewCache(DARK_THEME);
    // Selecting asks the reducers to reveal it (panes/chat-scroll.ts); the view draws that scroll.
    const s = settleChatScroll(
      at({ items: many as ChatItem[] }),
      at({ items: many as ChatItem[], selected: 0, reveal: 1 }),
      cache,
    );
    const area = chatTextArea(computeLayout(s));
    const buf = Buffer.sized(60, 20);
    const out = drawChat(buf, area, s, cache);
    expect(out.scroll).toBeGreaterThan(0);
    expect(out.rows.items[0]).toBe(0);
    // The same request is not honoured twice: the user may scroll away from it.
    const again = drawChat(
      buf,
      area,
      settleChatScroll(s, { ...s, chat: { ...s.chat, scroll: 0 } }, cache),
      cache,
    );
    expect(again.scroll).toBe(0);
  });

  it('highlights a mouse text selection', () => {
    const s = chat({
      mark: {
        anchor: { x: 4, y: 2 },
        head: { x: 8, y: 2 },
        done: true,
        rows: draw(chat()).out.rows,
      },
    });
    const { buf } = draw(s);
    const sel = DARK_THEME.selection;
    expect(buf.cell(5, 2).bg).toEqual(sel.bg);
    expect(buf.cell(9, 2).bg).not.toEqual(sel.bg);
    expect((buf.cell(4, 2).mods & Mod.bold) !== 0).toBe(true);
  });
});

describe('inspector', () => {
  function inspect(s: State, h = 60): string {
    const buf = Buffer.sized(70, h);
    drawInspector(buf, rect(0, 0, 70, h), s, DARK_THEME);
    const rows: string[] = [];
    for (let y = 0; y < h; y++) rows.push(buf.rowText(y).trimEnd());
    return rows.join('\n');
  }

  it('shows the selected reply: figures, request, events, reasoning and text', () => {
    const s = chat({
      selected: 1,
      traces: {
        a1: {
          model: 'smol',
          messages: [{ role: 'user', content: 'question one' }],
          sampling: { maxTokens: 32 },
          sentAt: T,
          first: [{ ms: 80, type: 'content', text: '"answer"' }],
          last: [{ ms: 900, type: 'finish', text: 'stop' }],
          counts: { content: 30, finish: 1 },
          total: 31,
        },
      },
    });
    const text = inspect(s);
    for (const want of [
      '#2 assistant · complete',
      'version     2 of 3',
      'TTFT        84 ms',
      'prompt      12 tokens',
      'completion  37 tokens',
      'duration    900 ms',
      'sampling    maxTokens=32',
      '[user] question one',
      'Events received: 31',
      'content 30 · finish 1',
      '… 29 more …',
      'finish stop',
      'I should say hello first',
      'answer one',
    ])
      expect(text).toContain(want);
  });

  it('says when a reply’s request was not recorded, and scrolls', () => {
    const s = chat({ selected: 1 });
    expect(inspect(s)).toContain('Not recorded');
    const top = inspect(s, 8);
    const scrolled = inspect({ ...s, chat: { ...s.chat, inspectorScroll: 3 } }, 8);
    expect(top).toContain('#2 assistant');
    expect(scrolled).not.toContain('#2 assistant');
    expect(top).toContain('more');
  });
});

describe('hanging wrap', () => {
  it('keeps a line’s indent on its continuation rows', async () => {
    const { hangingWrap } = await import('./chat-view.js');
    const { line, plain } = await import('../../tui/index.js');
    const rows = hangingWrap(line('   none found yet: put a GGUF in a folder'), 20).map(plain);
    expect(rows).toEqual(['   none found yet:', '   put a GGUF in a', '   folder']);
    expect(hangingWrap(line('no indent here at all'), 10).map(plain)).toEqual([
      'no indent',
      'here at',
      'all',
    ]);
  });
});
