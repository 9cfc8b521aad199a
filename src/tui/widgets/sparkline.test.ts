import { describe, expect, it } from 'vitest';
import { Buffer } from '../buffer/buffer.js';
import type { rect } from '../layout/rect.js';
import { assertBufferLines } from '../testing/index.js';
import { drawSparkline } from './sparkline.js';

const area = (b: Buffer): ReturnType<typeof rect> => b.area;

describe('sparkline', () => {
  it('draws sparkline bars scaled to the maximum, newest at the right', () => {
    const b = Buffer.sized(4, 1);
    drawSparkline(b, area(b), { data: [100, 0, 1, 4, 8] });
    expect(b.rowText(0)).toBe(' ▁▄█');
    const tall = Buffer.sized(1, 2);
    drawSparkline(tall, area(tall), { data: [3], max: 4 });
    assertBufferLines(tall, ['▄', '█']);
  });
});
