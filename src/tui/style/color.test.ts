import { describe, expect, it } from 'vitest';
import { DEFAULT, Named, detectColorDepth, downgrade, hex, indexed, rgb } from './color.js';
import { Mod, patch } from './style.js';

describe('colour depth', () => {
  it('honours NO_COLOR, COLORTERM and TERM', () => {
    expect(detectColorDepth({ NO_COLOR: '1', COLORTERM: 'truecolor' })).toBe('none');
    expect(detectColorDepth({ TERM: 'dumb' })).toBe('none');
    expect(detectColorDepth({ COLORTERM: 'truecolor', TERM: 'xterm' })).toBe('truecolor');
    expect(detectColorDepth({ TERM: 'xterm-256color' })).toBe('256');
    expect(detectColorDepth({ TERM: 'xterm-direct' })).toBe('truecolor');
    expect(detectColorDepth({ TERM: 'vt100' })).toBe('16');
    expect(detectColorDepth({ NO_COLOR: '', TERM: 'xterm-256color' })).toBe('256');
  });

  it('downgrades RGB to the nearest 256 and 16 colour, and drops colour at none', () => {
    expect(downgrade(rgb(255, 0, 0), 'truecolor')).toBe(rgb(255, 0, 0));
    expect(downgrade(rgb(255, 0, 0), '256')).toBe(196);
    expect(downgrade(rgb(255, 0, 0), '16')).toBe(Named.brightRed);
    expect(downgrade(indexed(196), '16')).toBe(Named.brightRed);
    expect(downgrade(rgb(0, 0, 0), '256')).toBe(16);
    expect(downgrade(Named.red, 'none')).toBe(DEFAULT);
    expect(downgrade(DEFAULT, '16')).toBe(DEFAULT);
    expect(hex('#ff0000')).toBe(rgb(255, 0, 0));
    expect(hex('nope')).toBeUndefined();
  });
});

describe('style patch', () => {
  it('lets later fields win and adds/removes modifiers', () => {
    const a = { fg: Named.red, add: Mod.bold | Mod.italic };
    const b = { bg: Named.blue, remove: Mod.italic, add: Mod.underline };
    expect(patch(a, b)).toEqual({
      fg: Named.red,
      bg: Named.blue,
      add: Mod.bold | Mod.underline,
      remove: Mod.italic,
    });
  });
});
