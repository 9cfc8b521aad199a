import { describe, expect, it } from 'vitest';
import { Buffer, DARK_THEME, type Frame } from '../../tui/index.js';
import type { ChatItem, State } from '../types/state.js';
import { press, testState } from '../testing.js';
import { update } from '../update.js';
import { ViewCache } from '../geometry/chat-layout.js';
import { settleChatScroll } from '../panes/chat-scroll.js';
import { drawApp } from './draw.js';
import { hitTest } from '../geometry/layout.js';

const T = '2026-01-02T03:04:05.000Z';

/** The screen as text, with clock times and dates masked. */
function screen(s: State): string {
  const buf = Buffer.sized(s.width, s.height);
  const frame: Frame = { buffer: buf, setCursor: () => undefined };
  drawApp(frame, s, new ViewCache(DARK_THEME));
  const rows: string[] = [];
  for (let y = 0; y < s.height; y++) rows.push(buf.rowText(y).trimEnd());
  return rows
    .join('\n')
    .replace(/\d\d-\d\d \d\d:\d\d/g, 'MM-DD hh:mm')
    .replace(/\b\d\d-\d\d\b/g, 'MM-DD')
    .replace(/\b\d\d:\d\d\b/g, 'hh:mm');
}

const items: ChatItem[] = [
  {
    id: 'u1',
    role: 'user',
    content: 'How do I list files in Rust?',
    status: 'complete',
    createdAt: T,
  },
  {
    id: 'a1',
    role: 'assistant',
    content:
      'Use `std::fs::read_dir`:\n\n```rust\nfor e in std::fs::read_dir(".")? {\n    println!("{:?}", e?.path());\n}\n```\n\nIt returns **entries**.',
    status: 'complete',
    modelId: 'smollm2',
    createdAt: T,
    figures: { ttftMs: 84, tokensPerSec: 41.25, completionTokens: 37 },
  },
  { id: 'u2', role: 'user', content: 'And recursively?', status: 'complete', createdAt: T },
  {
    id: 'a2',
    role: 'assistant',
    content: 'Walk each directory',
    status: 'cancelled',
    modelId: 'smollm2',
    createdAt: T,
  },
];

function conversation(w: number, h: number): State {
  const s = testState(w, h);
  return {
    ...s,
    backend: { ...s.backend, connection: 'ok', model: 'smollm2' },
    chat: { sessionId: 'S1', title: 'Listing files', items, scroll: 0 },
    sessions: {
      loaded: true,
      selected: 0,
      items: [
        { id: 'S1', title: 'Listing files', modelId: 'smollm2', updatedAt: T },
        {
          id: 'S0',
          title: 'An older chat with a very long title that gets cut',
          modelId: null,
          updatedAt: T,
        },
      ],
    },
  };
}

describe('app view', () => {
  it.each([
    [80, 24],
    [120, 40],
    [200, 50],
  ])('a conversation at %ix%i', (w, h) => {
    expect(screen(conversation(w, h))).toMatchSnapshot();
  });

  it('a streaming reply shows its spinner and the Esc hint; an error shows the message and a retry hint', () => {
    const s = conversation(80, 24);
    const streaming: State = {
      ...s,
      chat: {
        ...s.chat,
        items: [
          ...items.slice(0, 3),
          {
            id: 'a3',
            role: 'assistant',
            content: 'Part of',
            status: 'streaming',
            modelId: 'smollm2',
            createdAt: T,
          },
        ],
        streaming: { requestId: 'r', itemId: 'a3' },
      },
    };
    const text = screen(streaming);
    expect(text).toContain('generating…  Esc stops');
    const failed: State = {
      ...s,
      chat: {
        ...s.chat,
        items: [
          ...items.slice(0, 3),
          {
            id: 'a4',
            role: 'assistant',
            content: '',
            status: 'error',
            error: 'the server closed the connection',
            createdAt: T,
          },
        ],
      },
    };
    expect(screen(failed)).toContain('✗ the server closed the connection');
    expect(screen(failed)).toContain('Ctrl+R asks again.');
  });

  it('the first screen welcomes, and says how to start a server when none answers', () => {
    const s = testState(80, 24);
    expect(screen(s)).toMatchSnapshot();
    expect(screen({ ...s, backend: { ...s.backend, connection: 'down' } })).toContain(
      'No server answers at http://127.0.0.1:1234.',
    );
  });

  it('the help overlay lists the focused pane’s keys from the keymap', () => {
    const [s] = update(testState(80, 24), press('f1'));
    const text = screen(s);
    expect(text).toMatchSnapshot();
    expect(text).toContain('Alt+Enter, Shift+Enter, Ctrl+J');
  });

  it('the status bar hints follow the focus', () => {
    const s = testState(120, 40);
    expect(screen(s).split('\n').at(-1)).toContain('Enter send');
    const [chat] = update(s, press('tab'));
    expect(screen(chat).split('\n').at(-1)).toContain('Ctrl+E edit');
  });

  it('below 60x20 it says the terminal is too small', () => {
    const text = screen(testState(59, 20));
    expect(text).toContain('Terminal too small: 59x20');
    expect(screen(testState(60, 19))).toContain('needs 60x20');
  });

  it('only the items that reach the viewport are rendered', () => {
    const many: ChatItem[] = Array.from({ length: 5000 }, (_, i) => ({
      id: `m${i}`,
      role: i % 2 === 0 ? 'user' : 'assistant',
      content: `message ${i}`,
      status: 'complete',
      createdAt: T,
    }));
    const s = testState(80, 24);
    const cache = new ViewCache(DARK_THEME);
    const docs: string[] = [];
    const spy = cache.doc.bind(cache);
    cache.doc = (id) => {
      docs.push(id);
      return spy(id);
    };
    const buf = Buffer.sized(80, 24);
    drawApp(
      { buffer: buf, setCursor: () => undefined },
      { ...s, chat: { items: many, scroll: 0 } },
      cache,
    );
    expect(docs.length).toBeLessThan(20);
    const shown = Array.from({ length: 24 }, (_, y) => buf.rowText(y)).join('\n');
    expect(shown).toContain('message 4999');
    expect(shown).not.toContain('message 4980');
  });

  it('hit-testing uses the drawn layout: a click on a session row names its index', () => {
    const s = conversation(120, 40);
    const buf = Buffer.sized(120, 40);
    const { layout } = drawApp(
      { buffer: buf, setCursor: () => undefined },
      s,
      new ViewCache(DARK_THEME),
    );
    const body = layout.sidebarBody;
    if (body === undefined) throw new Error('no sidebar');
    // The body's first row counts the sessions; the list starts below it,
    // two rows a session at this width (title, then model, messages, tags).
    expect(hitTest(layout, s, body.x + 2, body.y + 1)).toEqual({ pane: 'sidebar', index: 0 });
    expect(hitTest(layout, s, body.x + 2, body.y + 2)).toEqual({ pane: 'sidebar', index: 0 });
    expect(hitTest(layout, s, body.x + 2, body.y + 3)).toEqual({ pane: 'sidebar', index: 1 });
    expect(hitTest(layout, s, body.x + 2, body.y)).toEqual({ pane: 'sidebar' });
    expect(hitTest(layout, s, body.x + 2, body.y - 1)).toEqual({
      pane: 'sidebarTab',
      tab: 'sessions',
    });
    expect(hitTest(layout, s, body.x - 1, body.y + 2)).toEqual({ pane: 'sidebarBorder' });
    expect(hitTest(layout, s, 3, 3)).toMatchObject({ pane: 'chat' });
    expect(hitTest(layout, s, 3, 38)).toEqual({ pane: 'composer' });
  });
});

describe('following the stream', () => {
  const reply = (n: number): ChatItem => ({
    id: 'r',
    role: 'assistant',
    content: Array.from({ length: n }, (_, i) => `line ${i}`).join('\n\n'),
    status: 'streaming',
    createdAt: T,
  });
  const draw = (s: State, cache: ViewCache) => {
    const buf = Buffer.sized(s.width, s.height);
    const d = drawApp({ buffer: buf, setCursor: () => undefined }, s, cache);
    return { d, text: Array.from({ length: s.height }, (_, y) => buf.rowText(y)).join('\n') };
  };

  it('at the bottom the view follows the growing reply; scrolled back it holds still', () => {
    const cache = new ViewCache(DARK_THEME);
    const base = testState(80, 24);
    const at = (n: number, scroll: number): State => ({
      ...base,
      chat: { items: [reply(n)], scroll, streaming: { requestId: 'q', itemId: 'r' } },
    });
    expect(draw(at(20, 0), cache).text).toContain('line 19');
    expect(draw(at(30, 0), cache).text).toContain('line 29');
    // The user scrolls back 5 rows; then 4 more paragraphs (8 rows) arrive:
    // the reducers (panes/chat-scroll.ts) move the scroll by what was added.
    const back = draw(at(30, 5), cache);
    const firstRow = back.text.split('\n')[1];
    const held = settleChatScroll(at(30, 5), at(34, 5), cache);
    const later = draw(held, cache);
    expect(held.chat.scroll).toBe(5 + 8);
    expect(later.text.split('\n')[1]).toBe(firstRow);
    expect(later.text).not.toContain('line 33');
  });
});
