import { describe, expect, it } from 'vitest';
import { Buffer, DARK_THEME, type Frame } from '../../tui/index.js';
import type { State } from '../types/state.js';
import { press, testState } from '../testing.js';
import { update } from '../update.js';
import { ViewCache } from '../geometry/chat-layout.js';
import { drawApp } from './draw.js';
import { computeLayout } from '../geometry/layout.js';

function rows(s: State): string[] {
  const buf = Buffer.sized(s.width, s.height);
  const frame: Frame = { buffer: buf, setCursor: () => undefined };
  drawApp(frame, s, new ViewCache(DARK_THEME));
  return Array.from({ length: s.height }, (_, y) => buf.rowText(y).trimEnd());
}

function typed(s: State, text: string): State {
  for (const c of text) s = update(s, press(c))[0];
  return s;
}

describe('the completion list', () => {
  it('shows right above the message box while a command is typed, the best match first', () => {
    for (const [w, h] of [
      [80, 24],
      [120, 40],
    ] as const) {
      const s = typed(testState(w, h), '/te');
      const screen = rows(s);
      const top = computeLayout(s).composer.y;
      const list = screen.slice(0, top).join('\n');
      expect(screen[top - 1]).toContain('Tab completes');
      expect(list).toMatch(/\/temp <0-2>\s+Sampling temperature/);
      expect(list.indexOf('/temp')).toBeLessThan(list.indexOf('/template'));
    }
  });

  it('names the command and its values once the name is typed; nothing for plain text', () => {
    let s = typed(testState(100, 30), '/preset ');
    const list = rows(s).join('\n');
    expect(list).toContain('/preset <name>');
    expect(list).toMatch(/│ precise/);
    s = typed(testState(100, 30), 'hello /preset');
    expect(rows(s).join('\n')).not.toContain('Tab completes');
  });

  it("the chat's header shows the preset and the system prompt", () => {
    let s = testState(100, 30);
    for (const cmd of ['/preset creative', '/system Be brief.']) {
      s = typed(s, cmd);
      s = update(s, press('enter'))[0];
    }
    expect(rows(s)[0]).toContain(' creative · system prompt ');
  });
});
