import { describe, expect, it } from 'vitest';
import { Buffer } from '../buffer/buffer.js';
import { rect } from '../layout/rect.js';
import { assertBufferLines } from '../testing/index.js';
import { drawBlock } from './block.js';

const area = (b: Buffer): ReturnType<typeof rect> => b.area;

describe('block', () => {
  it('draws each border type with titles left, centre and right', () => {
    const b = Buffer.sized(20, 3);
    const inner = drawBlock(b, area(b), {
      borderType: 'rounded',
      titles: [
        'L',
        { content: 'C', align: 'center' },
        { content: 'R', align: 'right' },
        { content: 'B', position: 'bottom' },
      ],
    });
    assertBufferLines(b, ['╭L───────C────────R╮', '│                  │', '╰B─────────────────╯']);
    expect(inner).toEqual(rect(1, 1, 18, 1));
    for (const [t, corner] of [
      ['plain', '┌'],
      ['double', '╔'],
      ['thick', '┏'],
    ] as const) {
      const c = Buffer.sized(3, 3);
      drawBlock(c, area(c), { borderType: t });
      expect(c.cell(0, 0).symbol).toBe(corner);
    }
  });

  it('truncates a long title and applies padding', () => {
    const b = Buffer.sized(8, 5);
    const inner = drawBlock(b, area(b), { titles: ['a long title'], padding: 1 });
    expect(b.rowText(0)).toBe('┌a lon…┐');
    expect(inner).toEqual(rect(2, 2, 4, 1));
  });
});
