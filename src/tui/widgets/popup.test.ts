import { describe, expect, it } from 'vitest';
import { Buffer } from '../buffer/buffer.js';
import { rect } from '../layout/rect.js';
import { Named } from '../style/color.js';
import { assertBufferLines } from '../testing/index.js';
import { drawPopup } from './popup.js';

describe('popup', () => {
  it('clears what is beneath it, including half of a wide glyph', () => {
    const b = Buffer.sized(8, 3);
    for (let y = 0; y < 3; y++) b.setString(0, y, '中中中中', { fg: Named.red });
    const inner = drawPopup(b, rect(1, 0, 6, 3), { titles: ['p'] });
    assertBufferLines(b, [' ╭p───╮ ', ' │    │ ', ' ╰────╯ ']);
    expect(b.cell(2, 1).fg).toBe(-1);
    expect(inner).toEqual(rect(2, 1, 4, 1));
  });
});
