// Toasts on screen: they wrap (two rows at most, the rest one key away), take
// a band above the transcript instead of covering it, and blank their padding.
import { describe, expect, it } from 'vitest';
import { Buffer, DARK_THEME, type Frame } from '../../tui/index.js';
import type { ChatItem, State } from '../types/state.js';
import { NOW, testState } from '../testing.js';
import { update } from '../update.js';
import { ViewCache } from '../geometry/chat-layout.js';
import { chatTextArea, computeLayout } from '../geometry/layout.js';
import { toastRows } from '../geometry/toast-rows.js';
import { drawApp } from './draw.js';

function rows(s: State): string[] {
  const buf = Buffer.sized(s.width, s.height);
  const frame: Frame = { buffer: buf, setCursor: () => undefined };
  drawApp(frame, s, new ViewCache(DARK_THEME));
  return Array.from({ length: s.height }, (_, y) => buf.rowText(y));
}

/** A chat whose every row is filled with letters, the last line numbered. */
function fullChat(w: number, h: number): State {
  const s = testState(w, h);
  const text = Array.from({ length: 40 }, (_, i) => `line${i} ${'x'.repeat(60)}`).join('\n\n');
  const items: ChatItem[] = [
    { id: 'u', role: 'user', content: 'q', status: 'complete', createdAt: NOW },
    { id: 'a', role: 'assistant', content: text, status: 'complete', createdAt: NOW },
  ];
  return { ...s, chat: { ...s.chat, items } };
}

const notice = (s: State, text: string, level: 'info' | 'warn' | 'error' = 'warn'): State =>
  update(s, { type: 'notice', level, text }, NOW)[0];

const ADVICE =
  'Could not reach the server at http://127.0.0.1:1234: connection refused. Start it with `mistralrs-tui serve`, or run `mistralrs-tui doctor` to see what is wrong.';

describe('toasts', () => {
  it('a long notice wraps to two rows at 80 columns, with the key to read it all', () => {
    const s = notice(fullChat(80, 24), ADVICE);
    const l = computeLayout(s);
    expect(l.toasts.map((r) => r.height)).toEqual([2]);
    const screen = rows(s).join('\n');
    expect(screen).toContain('Could not reach the server');
    expect(screen).toContain('(Alt+N: all)');
    // The first row breaks at a space; the second ends with the key to read it all.
    expect(toastRows(ADVICE, 46, 'Alt+N')).toEqual([
      'Could not reach the server at',
      'http://127.0.0.1:1234: connectio… (Alt+N: all)',
    ]);
    // A short one takes one row.
    expect(toastRows('cleared', 46, 'Alt+N')).toEqual(['cleared']);
  });

  it('hides no transcript line: the chat text starts below the toasts', () => {
    const plain = fullChat(80, 24);
    const before = rows(plain);
    const s = notice(notice(plain, 'first notice'), ADVICE, 'error');
    const l = computeLayout(s);
    const band = l.toasts.reduce((n, r) => n + r.height, 0);
    expect(band).toBe(3);
    const area = chatTextArea(l);
    expect(area.y).toBe(chatTextArea(computeLayout(plain)).y + band);
    // The transcript's bottom rows (what the user reads while following) are
    // all still on screen, in the same place.
    const after = rows(s);
    for (let y = area.y; y < area.y + area.height; y++) expect(after[y]).toBe(before[y]);
    // And every toast row is inside the band above them.
    for (const r of l.toasts) expect(r.y + r.height).toBeLessThanOrEqual(area.y);
  });

  it('blank their padding cells: no letter of the chat glued to the text', () => {
    // The old toasts were drawn over the transcript's text; whatever is under
    // a toast's rect, its first and last cells are blank.
    const s = notice(fullChat(80, 24), 'cleared', 'info');
    const l = computeLayout(s);
    const r = l.toasts[0];
    if (r === undefined) throw new Error('no toast');
    const row = rows(s)[r.y] ?? '';
    const cells = Array.from(row);
    expect(cells.slice(r.x, r.x + r.width).join('')).toBe(' ℹ cleared ');
  });
});
