import { describe, expect, it } from 'vitest';
import { Buffer } from '../buffer/buffer.js';
import { fill, length } from '../layout/layout.js';
import type { rect } from '../layout/rect.js';
import { Named } from '../style/color.js';
import { assertBufferLines } from '../testing/index.js';
import { listState } from './list.js';
import { drawTable } from './table.js';

const area = (b: Buffer): ReturnType<typeof rect> => b.area;

describe('table', () => {
  it('lays out columns by constraints with a header and a selected row', () => {
    const b = Buffer.sized(14, 3);
    const st = listState(1);
    drawTable(
      b,
      area(b),
      {
        header: ['Name', 'Size'],
        rows: [
          ['alpha', '1'],
          ['beta-long-name', '22'],
        ],
        widths: [fill(), length(4)],
        highlightStyle: { bg: Named.blue },
      },
      st,
    );
    assertBufferLines(b, ['Name      Size', 'alpha     1   ', 'beta-lon… 22  ']);
    expect(b.cell(0, 2).bg).toBe(Named.blue);
    expect(b.cell(0, 1).bg).toBe(-1);
  });

  it('indents rows by the display width of a wide highlight symbol', () => {
    const b = Buffer.sized(8, 2);
    drawTable(
      b,
      area(b),
      { rows: [['a'], ['b']], widths: [fill()], highlightSymbol: '▶️' },
      listState(0),
    );
    assertBufferLines(b, ['▶️a     ', '  b     ']);
  });
});
