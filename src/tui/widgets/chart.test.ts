import { describe, expect, it } from 'vitest';
import { Buffer } from '../buffer/buffer.js';
import { Named } from '../style/color.js';
import { assertBufferLines } from '../testing/index.js';
import { BrailleCanvas } from './braille.js';
import { drawChart } from './chart.js';

describe('braille canvas', () => {
  it('maps dots to braille bits and draws lines', () => {
    const c = new BrailleCanvas(2, 1);
    c.dot(0, 0);
    c.dot(1, 3);
    c.line(2, 0, 3, 3);
    const b = Buffer.sized(2, 1);
    c.draw(b, b.area);
    // (0,0)=1, (1,3)=0x80 -> U+2881; a line from (0,0) to (1,3) in the second cell.
    expect(b.rowText(0)).toBe('\u2881' + String.fromCharCode(0x2800 | 0x01 | 0x02 | 0x20 | 0x80));
  });

  it('ignores dots outside the canvas', () => {
    const c = new BrailleCanvas(1, 1);
    c.dot(-1, 0);
    c.dot(2, 0);
    c.dot(0, 4);
    expect(c.bits[0]).toBe(0);
  });
});

describe('chart', () => {
  it('draws axes, labels and a rising line', () => {
    const b = Buffer.sized(8, 4);
    drawChart(b, b.area, {
      datasets: [
        {
          name: 'a',
          data: [
            [0, 0],
            [1, 1],
          ],
          style: { fg: Named.green },
        },
      ],
      xBounds: [0, 1],
      yBounds: [0, 1],
      yLabels: ['0', '1'],
      xLabels: ['0', '1'],
      legend: false,
    });
    // The line runs from the bottom-left dot to the top-right dot.
    assertBufferLines(b, ['1│   ⣀⠔⠊', '0│⡠⠔⠉   ', ' └──────', '  0    1']);
    expect(b.cell(7, 0).fg).toBe(Named.green);
  });
});
