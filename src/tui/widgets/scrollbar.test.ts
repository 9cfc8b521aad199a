import { describe, expect, it } from 'vitest';
import { Buffer } from '../buffer/buffer.js';
import type { rect } from '../layout/rect.js';
import { assertBufferLines } from '../testing/index.js';
import { drawScrollbar, thumbRange } from './scrollbar.js';

const area = (b: Buffer): ReturnType<typeof rect> => b.area;

describe('scrollbar', () => {
  it('sizes and places the scrollbar thumb', () => {
    expect(thumbRange({ contentLength: 100, viewportLength: 10, position: 0 }, 10)).toEqual([0, 1]);
    expect(thumbRange({ contentLength: 100, viewportLength: 10, position: 90 }, 10)).toEqual([
      9, 1,
    ]);
    expect(thumbRange({ contentLength: 5, viewportLength: 10, position: 0 }, 10)).toEqual([0, 10]);
    const b = Buffer.sized(1, 4);
    drawScrollbar(b, area(b), { contentLength: 8, viewportLength: 4, position: 4 });
    assertBufferLines(b, ['│', '│', '█', '█']);
  });
});
