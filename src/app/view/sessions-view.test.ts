import { describe, expect, it } from 'vitest';
import { Buffer, DARK_THEME, Mod, rect } from '../../tui/index.js';
import { TextAreaModel } from '../../tui/index.js';
import type { SessionSummary, State } from '../types/state.js';
import { testState } from '../testing.js';
import { drawSessionsTab, snippetLine } from './sessions-view.js';
import { sessionRowAt } from '../geometry/sessions-rows.js';

const T = '2026-01-02T03:04:05.000Z';

const items: SessionSummary[] = [
  {
    id: 'S1',
    title: 'Listing files',
    modelId: 'smollm2',
    updatedAt: T,
    tags: ['rust', 'fs'],
    messages: 4,
  },
  { id: 'S2', title: 'Penguins', modelId: null, updatedAt: T, archived: true, messages: 1 },
];

function state(over: Partial<State['sessions']> = {}): State {
  const s = testState(120, 40);
  return {
    ...s,
    chat: { ...s.chat, sessionId: 'S1' },
    sessions: { items, selected: 1, loaded: true, total: 2, ...over },
  };
}

/** The tab drawn `width` wide and `height` high, as text rows (dates masked). */
function draw(
  s: State,
  width: number,
  height = 10,
  focused = true,
): { rows: string[]; buf: Buffer } {
  const buf = Buffer.sized(width, height);
  drawSessionsTab(buf, rect(0, 0, width, height), s, DARK_THEME, focused);
  const rows: string[] = [];
  for (let y = 0; y < height; y++)
    rows.push(
      buf
        .rowText(y)
        .trimEnd()
        .replace(/\d\d-\d\d( \d\d:\d\d)?/g, 'DATE'),
    );
  return { rows, buf };
}

describe('sessions tab view', () => {
  it('wide: two rows a session — title and date, then model, messages, tags; current marked', () => {
    const { rows } = draw(state(), 40, 6);
    expect(rows).toEqual([
      ' 2 saved',
      '•Listing files               DATE',
      '  smollm2 · 4 msgs · #rust #fs',
      ' Penguins                    DATE',
      '  archived · 1 msg',
      '',
    ]);
  });

  it('narrow: one row a session, and the mouse rows agree with the drawing', () => {
    const s = state();
    const { rows } = draw(s, 24, 4);
    expect(rows).toEqual([' 2 saved', '•Listing files     DATE', ' Penguins          DATE', '']);
    const body = rect(0, 0, 24, 4);
    expect([0, 1, 2, 3].map((y) => sessionRowAt(s, body, y))).toEqual([undefined, 0, 1, undefined]);
    const wide = rect(0, 0, 40, 6);
    expect([1, 2, 3, 4, 5].map((y) => sessionRowAt(s, wide, y))).toEqual([0, 0, 1, 1, undefined]);
  });

  it('a fork is marked before its title, at 80 columns (one row) and wider', () => {
    const fork: SessionSummary = { ...items[0], id: 'S3', fork: true } as SessionSummary;
    const s = state({ items: [...items, fork], total: 3 });
    // The sessions tab's body at 80 columns is 24 cells wide.
    expect(draw(s, 24, 4).rows.slice(1)).toEqual([
      '•Listing files     DATE',
      ' Penguins          DATE',
      ' ↳ Listing files   DATE',
    ]);
    expect(draw(s, 40, 7).rows.slice(5)).toEqual([
      ' ↳ Listing files             DATE',
      '  smollm2 · 4 msgs · #rust #fs',
    ]);
  });

  it('says how many are loaded of how many, and when archived ones are listed', () => {
    const { rows } = draw(state({ total: 75, showArchived: true, loadingMore: true }), 50, 2);
    expect(rows[0]).toBe(' 75 saved, 2 loaded … · with archived');
  });

  it('the selection scrolls into view', () => {
    const many = Array.from({ length: 20 }, (_, i) => ({
      id: `S${i}`,
      title: `Chat ${i}`,
      modelId: null,
      updatedAt: T,
    }));
    const { rows } = draw(state({ items: many, selected: 15, total: 20 }), 40, 5);
    expect(rows.slice(1).map((r) => r.slice(0, 9).trim())).toEqual(['Chat 14', '', 'Chat 15', '']);
  });

  it('search: the query line, a count, then title and highlighted snippet per hit', () => {
    const editor = new TextAreaModel('penguin');
    const s = state({
      search: {
        editor,
        seq: 3,
        query: 'penguin',
        pending: false,
        selected: 0,
        hits: [
          {
            sessionId: 'S2',
            title: 'Penguins',
            messageId: 'M1',
            role: 'assistant',
            snippet: 'Emperor penguins huddle\nto keep warm',
            highlights: [[8, 16]],
          },
        ],
      },
    });
    // Unfocused: the selection only tints the background, so the bold is the highlight's.
    const { rows, buf } = draw(s, 40, 6, false);
    expect(rows.slice(0, 4)).toEqual([
      '/ penguin',
      ' 1 match',
      ' Penguins                      assistant',
      '  Emperor penguins huddle to keep warm',
    ]);
    // The matched word is bold, the rest of the snippet is not.
    expect(buf.cell(10, 3).mods & Mod.bold).toBeTruthy();
    expect(buf.cell(3, 3).mods & Mod.bold).toBeFalsy();
  });

  it('search: a click maps to the hit under the pointer (two rows a hit, below two head rows)', () => {
    const hit = (i: number) => ({
      sessionId: `S${i}`,
      title: `Chat ${i}`,
      messageId: `M${i}`,
      role: 'user',
      snippet: 'x',
      highlights: [[0, 1]] as const,
    });
    const s = state({
      search: {
        editor: new TextAreaModel('x'),
        seq: 1,
        query: 'x',
        pending: false,
        selected: 0,
        hits: [hit(0), hit(1)],
      },
    });
    const body = rect(0, 0, 40, 8);
    expect([0, 1, 2, 3, 4, 5, 6].map((y) => sessionRowAt(s, body, y))).toEqual([
      undefined,
      undefined,
      0,
      0,
      1,
      1,
      undefined,
    ]);
  });

  it('search: says when it is searching, when nothing matches, and a failure', () => {
    const base = {
      editor: new TextAreaModel('zebra'),
      seq: 1,
      query: '',
      hits: [],
      selected: 0,
      pending: true,
    };
    expect(draw(state({ search: base }), 40, 3).rows[1]).toBe(' searching…');
    expect(
      draw(state({ search: { ...base, query: 'zebra', pending: false } }), 40, 3).rows[1],
    ).toBe(' Nothing matches “zebra”');
    expect(
      draw(state({ search: { ...base, pending: false, error: 'Search failed: locked' } }), 40, 3)
        .rows[1],
    ).toBe(' Search failed: locked');
  });

  it('a snippet whose match lies beyond the width starts near the match', () => {
    const hit = {
      sessionId: 'S',
      title: 't',
      messageId: 'm',
      role: 'user',
      snippet: `${'a '.repeat(30)}needle here`,
      highlights: [[60, 66]] as const,
    };
    const l = snippetLine(hit, 20, {}, { add: Mod.bold });
    const text = l.spans.map((x) => x.content).join('');
    expect(text).toContain('needle');
    expect(text.startsWith('…')).toBe(true);
  });
});
