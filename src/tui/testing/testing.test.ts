import { describe, expect, it } from 'vitest';
import { Buffer } from '../buffer/buffer.js';
import { rect } from '../layout/rect.js';
import { Named, rgb } from '../style/color.js';
import { Mod } from '../style/style.js';
import { drawBlock } from '../widgets/block.js';
import {
  BufferMismatch,
  assertBufferEquals,
  bufferFromLines,
  bufferSerializer,
  firstDifference,
  printBuffer,
} from './index.js';

expect.addSnapshotSerializer(bufferSerializer);

describe('testing helpers', () => {
  it('builds buffers from lines, wide glyphs included', () => {
    const b = bufferFromLines(['ab', '中']);
    expect(b.width).toBe(2);
    expect(b.cell(0, 1).width).toBe(2);
    expect(b.cell(1, 1).width).toBe(0);
  });

  it('prints rows and style runs, and snapshots through the serializer', () => {
    const b = Buffer.sized(6, 3);
    drawBlock(b, b.area, { borderType: 'rounded', borderStyle: { fg: Named.blue }, titles: ['T'] });
    b.setString(1, 1, 'hi', {
      fg: rgb(255, 0, 0),
      add: Mod.bold | Mod.underline,
      link: 'https://e.org',
    });
    expect(b).toMatchInlineSnapshot(`
      Buffer 6x3
      "╭T───╮"
      "│hi  │"
      "╰────╯"
      styles:
        0 0-5: fg=blue
        1 0-0: fg=blue
        1 1-2: fg=#ff0000 bold+underline link=https://e.org
        1 5-5: fg=blue
        2 0-5: fg=blue
    `);
  });

  it('reports the first difference and throws a readable mismatch', () => {
    const a = bufferFromLines(['abc']);
    const b = bufferFromLines(['abd']);
    expect(firstDifference(a, b)).toBe('(2, 0)');
    expect(firstDifference(a, a)).toBeUndefined();
    b.setStyle(rect(0, 0, 1, 1), { add: Mod.bold });
    let err: unknown;
    try {
      assertBufferEquals(a, b);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BufferMismatch);
    expect((err as BufferMismatch).message).toContain('buffers differ at (0, 0)');
    expect((err as BufferMismatch).expected).toBe(printBuffer(b));
  });
});
