// A stream that goes quiet says so on the spinner line, long before the idle
// timeout ends it; data coming back puts the usual line back.
import { describe, expect, it } from 'vitest';
import { Buffer, DARK_THEME, type Frame } from '../../tui/index.js';
import type { Action } from '../types/actions.js';
import type { State } from '../types/state.js';
import { NOW, press, run, testState } from '../testing.js';
import { update } from '../update.js';
import { ViewCache } from '../geometry/chat-layout.js';
import { drawApp } from '../view/draw.js';

const at = (ms: number) => new Date(Date.parse(NOW) + ms).toISOString();

function screen(s: State): string {
  const buf = Buffer.sized(s.width, s.height);
  const frame: Frame = { buffer: buf, setCursor: () => undefined };
  drawApp(frame, s, new ViewCache(DARK_THEME));
  return Array.from({ length: s.height }, (_, y) => buf.rowText(y)).join('\n');
}

describe('a quiet stream', () => {
  it('says "no data for N s — Esc stops" after 5 s without data, and stops saying it when data comes', () => {
    const [first, fx] = run(testState(80, 24), press('h'), press('i'), press('enter'));
    let s = first;
    const requestId = fx.find((e) => e.type === 'sendChat')?.requestId ?? '';
    const step = (a: Action, ms: number) => (s = update(s, a, at(ms))[0]);
    step({ type: 'tick' }, 0);
    step({ type: 'chatEvents', requestId, events: [{ type: 'content', text: 'Hello' }] }, 1000);
    step({ type: 'tick' }, 4000);
    expect(screen(s)).toContain('generating…  Esc stops');
    expect(screen(s)).not.toContain('no data');
    step({ type: 'tick' }, 16_000);
    expect(screen(s)).toContain('no data for 15 s — Esc stops');
    step({ type: 'chatEvents', requestId, events: [{ type: 'content', text: ' there' }] }, 16_500);
    expect(screen(s)).not.toContain('no data');
    expect(screen(s)).toContain('generating…');
  });

  it('counts from the start while waiting for the first token', () => {
    let [s] = run(testState(80, 24), press('h'), press('enter'));
    s = update(s, { type: 'tick' }, at(0))[0];
    s = update(s, { type: 'tick' }, at(8200))[0];
    expect(screen(s)).toContain('no data for 8 s — Esc stops');
  });
});
