import { describe, expect, it } from 'vitest';
import { rect } from '../layout/rect.js';
import { Named } from '../style/color.js';
import { Mod } from '../style/style.js';
import { assertBufferEquals, bufferFromLines, printBuffer } from '../testing/index.js';
import { Buffer } from './buffer.js';

describe('Buffer', () => {
  it('writes strings clipped to the width and returns the next column', () => {
    const b = Buffer.sized(6, 1);
    expect(b.setString(2, 0, 'hello')).toBe(6);
    assertBufferEquals(b, bufferFromLines(['  hell']));
  });

  it('marks the trailing column of a wide glyph and refuses half a glyph at the edge', () => {
    const b = Buffer.sized(4, 1);
    expect(b.setString(0, 0, 'a中文')).toBe(3);
    expect(b.rowText(0)).toBe('a中 ');
    expect(b.cell(1, 0).width).toBe(2);
    expect(b.cell(2, 0).width).toBe(0);
    expect(b.cell(3, 0).symbol).toBe(' ');
  });

  it('blanks the other half when one half of a wide glyph is overwritten', () => {
    const b = Buffer.sized(4, 1);
    b.setString(0, 0, '中文');
    b.setString(1, 0, 'x');
    expect(b.rowText(0)).toBe(' x文');
    b.setString(2, 0, 'y');
    expect(b.rowText(0)).toBe(' xy ');
    expect(b.cells.every((c) => c.width === 1)).toBe(true);
  });

  it('sanitizes what it writes', () => {
    const b = Buffer.sized(10, 1);
    b.setString(0, 0, '\x1b[31mX');
    expect(b.rowText(0)).toBe('^[[31mX   ');
  });

  it('patches styles and clears areas', () => {
    const b = Buffer.sized(4, 2);
    b.setString(0, 0, 'abcd', { fg: Named.red });
    b.setStyle(rect(1, 0, 2, 1), { add: Mod.bold });
    expect(printBuffer(b)).toBe(
      [
        'Buffer 4x2',
        '"abcd"',
        '"    "',
        'styles:',
        '  0 0-0: fg=red',
        '  0 1-2: fg=red bold',
        '  0 3-3: fg=red',
      ].join('\n'),
    );
    b.clear(rect(0, 0, 2, 1));
    expect(b.rowText(0)).toBe('  cd');
    expect(b.cell(0, 0).fg).toBe(-1);
  });

  it('clearing half of a wide glyph blanks its other half', () => {
    const b = Buffer.sized(4, 1);
    b.setString(0, 0, '中文');
    b.clear(rect(1, 0, 2, 1));
    expect(b.rowText(0)).toBe('    ');
    expect(b.cells.map((c) => c.width)).toEqual([1, 1, 1, 1]);
  });

  it('supports buffers placed away from the origin', () => {
    const b = new Buffer(rect(3, 2, 3, 1));
    b.setString(3, 2, 'abcdef');
    expect(b.rowText(2)).toBe('abc');
    expect(b.get(0, 0)).toBeUndefined();
  });
});
