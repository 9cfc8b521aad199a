import { describe, expect, it } from 'vitest';
import { Named, rgb } from '../style/color.js';
import { Mod } from '../style/style.js';
import { Renderer } from './renderer.js';

const frame = (
  r: Renderer,
  draw: (b: Parameters<Parameters<Renderer['draw']>[0]>[0]['buffer']) => void,
): string =>
  r.draw((f) => {
    draw(f.buffer);
  });

describe('emitter output', () => {
  it('wraps a frame in synchronized output and resets attributes at its end', () => {
    const r = new Renderer({ width: 10, height: 2, depth: 'truecolor' });
    const out = frame(r, (b) => b.setString(0, 0, 'ab', { fg: Named.red, add: Mod.bold }));
    expect(out.startsWith('\x1b[?2026h\x1b[H\x1b[2J')).toBe(true);
    expect(out).toContain('\x1b[1;31mab');
    expect(out.endsWith('\x1b[0m\x1b[?25l\x1b[?2026l')).toBe(true);
  });

  it('skips unchanged cells with a relative move and sends only SGR deltas', () => {
    const r = new Renderer({ width: 20, height: 2, depth: 'truecolor' });
    frame(r, (b) => b.setString(0, 0, 'abcdef'));
    const out = frame(r, (b) => {
      b.setString(0, 0, 'Xbcdef');
      b.setString(5, 0, 'Y', { fg: rgb(1, 2, 3) });
      b.setString(6, 0, 'Z', { fg: rgb(1, 2, 3), add: Mod.italic });
    });
    expect(out).toBe('\x1b[?2026h\x1b[1;1HX\x1b[4C\x1b[38;2;1;2;3mY\x1b[3mZ\x1b[0m\x1b[?2026l');
  });

  it('writes OSC 8 hyperlinks only from a safe link attribute', () => {
    const r = new Renderer({ width: 20, height: 1, depth: 'truecolor' });
    const out = frame(r, (b) => {
      b.setString(0, 0, 'ok', { link: 'https://example.org/x' });
      b.setString(3, 0, 'bad', { link: 'javascript:alert(1)' });
      b.setString(7, 0, 'esc', { link: 'https://e.org/\x1b]52;c;x\x07' });
    });
    expect(out).toContain('\x1b]8;;https://example.org/x\x1b\\ok');
    // Closed before the next cell without a (safe) link is printed.
    expect(out.indexOf('\x1b]8;;\x1b\\')).toBeLessThan(out.indexOf('bad'));
    expect(out).not.toContain('javascript');
    expect(out).not.toContain('52;c');
  });

  it('downgrades colours to the terminal depth and drops them with none', () => {
    const draw = (depth: 'truecolor' | '256' | '16' | 'none'): string =>
      frame(new Renderer({ width: 4, height: 1, depth }), (b) =>
        b.setString(0, 0, 'x', { fg: rgb(255, 0, 0), add: Mod.bold }),
      );
    expect(draw('truecolor')).toContain('\x1b[1;38;2;255;0;0mx');
    expect(draw('256')).toContain('\x1b[1;38;5;196mx');
    expect(draw('16')).toContain('\x1b[1;91mx');
    expect(draw('none')).toContain('\x1b[1mx');
  });

  it('shows the cursor only for a frame that places it', () => {
    const r = new Renderer({ width: 10, height: 3, depth: 'truecolor' });
    const a = r.draw((f) => {
      f.setCursor(2, 1);
    });
    expect(a).toContain('\x1b[2;3H\x1b[?25h');
    const b = r.draw(() => undefined);
    expect(b).toContain('\x1b[?25l');
  });
});
