import { describe, expect, it } from 'vitest';
import { OSC52_MAX, osc52 } from '../tui/index.js';
import { Clipboard, detectClipboardTool, osc52Trusted } from './clipboard.js';

describe('OSC 52', () => {
  it('encodes the text in base64 so nothing in it reaches the terminal raw', () => {
    const seq = osc52('hi \x1b]0;evil\x07 ✓');
    expect(seq).toBe(`\x1b]52;c;${Buffer.from('hi \x1b]0;evil\x07 ✓').toString('base64')}\x07`);
    const inner = Array.from(seq?.slice(1, -1) ?? '', (c) => c.charCodeAt(0));
    expect(inner.every((c) => c >= 0x20 && c < 0x7f)).toBe(true);
  });

  it('refuses a text too long for terminals', () => {
    expect(osc52('x'.repeat((OSC52_MAX / 4) * 3 + 3))).toBeUndefined();
  });
});

describe('Clipboard', () => {
  it('with no tool, says the text was sent to the terminal (not that it was copied)', async () => {
    const sent: string[] = [];
    const c = new Clipboard(
      (t) => (sent.push(t), true),
      () => undefined,
      false,
    );
    const r = await c.copy('hello', 'the selected text');
    expect(sent).toEqual(['hello']);
    expect(r.level).toBe('info');
    expect(r.text).toMatch(
      /^Sent 5 characters to the terminal's clipboard \(OSC 52.*: the selected text$/,
    );
  });

  it('says copied when the terminal is one known to honour OSC 52', async () => {
    const c = new Clipboard(
      () => true,
      () => undefined,
      true,
    );
    expect((await c.copy('hi', 'your message')).text).toBe(
      "Copied 2 characters to the terminal's clipboard: your message",
    );
    expect(osc52Trusted({ TERM: 'xterm-kitty' })).toBe(true);
    expect(osc52Trusted({ TERM: 'xterm-kitty', TMUX: '/tmp/x' })).toBe(false);
    expect(osc52Trusted({ TERM: 'xterm-256color' })).toBe(false);
  });

  it('with a tool that works, says copied; one that fails is reported', async () => {
    const ok = new Clipboard(
      () => false,
      () => ({ name: 'cat', command: 'cat', args: [] }),
    );
    expect((await ok.copy('hello', 'your message')).text).toBe(
      'Copied 5 characters with cat: your message',
    );
    const bad = new Clipboard(
      () => false,
      () => ({ name: 'false', command: 'false', args: [] }),
    );
    const r = await bad.copy('hello', 'your message');
    expect(r.level).toBe('error');
    expect(r.text).toMatch(/^Not copied: false failed/);
  });

  it('finds no tool without a display, and xclip only on PATH', () => {
    expect(detectClipboardTool('linux', { PATH: '/usr/bin:/bin' })).toBeUndefined();
    expect(detectClipboardTool('linux', { DISPLAY: ':0', PATH: '/nonexistent' })).toBeUndefined();
  });
});
