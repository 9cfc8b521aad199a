import { describe, expect, it } from 'vitest';
import { enterSequence, leaveSequence, unusableReason } from './modes.js';

describe('terminal modes', () => {
  it('refuses a non-TTY and TERM=dumb with a clear message', () => {
    expect(unusableReason(false, {})).toMatch(/not a terminal/);
    expect(unusableReason(true, { TERM: 'dumb' })).toMatch(/TERM=dumb/);
    expect(unusableReason(true, { TERM: 'xterm-256color' })).toBeUndefined();
  });

  it('leaves every mode it enters, in reverse order', () => {
    const enter = enterSequence(true);
    const leave = leaveSequence(true, true);
    for (const [on, off] of [
      ['\x1b[?1049h', '\x1b[?1049l'],
      ['\x1b[?25l', '\x1b[?25h'],
      ['\x1b[?2004h', '\x1b[?2004l'],
      ['\x1b[?1004h', '\x1b[?1004l'],
      ['\x1b[?1006h', '\x1b[?1006l'],
    ] as const) {
      expect(enter).toContain(on);
      expect(leave).toContain(off);
    }
    expect(leave.endsWith('\x1b[?1049l')).toBe(true);
    expect(leave.startsWith('\x1b[<u')).toBe(true);
  });
});
