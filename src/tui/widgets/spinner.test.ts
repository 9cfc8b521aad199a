import { describe, expect, it } from 'vitest';
import { Buffer } from '../buffer/buffer.js';
import type { rect } from '../layout/rect.js';
import { drawSpinner, spinnerFrame } from './spinner.js';

const area = (b: Buffer): ReturnType<typeof rect> => b.area;

describe('spinner', () => {
  it('steps the spinner by tick', () => {
    expect(spinnerFrame(0)).toBe('⠋');
    expect(spinnerFrame(11)).toBe('⠙');
    const b = Buffer.sized(8, 1);
    drawSpinner(b, area(b), { tick: 1, frames: ['a', 'b'], label: 'load' });
    expect(b.rowText(0)).toBe('b load  ');
  });
});
