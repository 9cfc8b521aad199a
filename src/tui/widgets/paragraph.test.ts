import { describe, it } from 'vitest';
import { Buffer } from '../buffer/buffer.js';
import { rect } from '../layout/rect.js';
import { Named } from '../style/color.js';
import { line, span } from '../text/span.js';
import { assertBufferEquals, assertBufferLines, bufferFromLines } from '../testing/index.js';
import { drawParagraph } from './paragraph.js';

const area = (b: Buffer): ReturnType<typeof rect> => b.area;

describe('paragraph', () => {
  it('wraps, aligns and scrolls', () => {
    const b = Buffer.sized(10, 3);
    drawParagraph(b, area(b), {
      text: 'one two three four five six',
      wrap: 'word',
      align: 'right',
      scroll: { y: 1 },
    });
    assertBufferLines(b, ['three four', '  five six', '          ']);
  });

  it('keeps span styles and scrolls horizontally by whole glyphs', () => {
    const b = Buffer.sized(4, 1);
    drawParagraph(b, area(b), {
      text: { lines: [line(span('中文', { fg: Named.red }), span('ab'))] },
      scroll: { y: 0, x: 2 },
    });
    const want = bufferFromLines(['文ab']);
    want.setStyle(rect(0, 0, 2, 1), { fg: Named.red });
    assertBufferEquals(b, want);
  });
});
