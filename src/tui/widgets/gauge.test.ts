import { describe, expect, it } from 'vitest';
import { Buffer } from '../buffer/buffer.js';
import type { rect } from '../layout/rect.js';
import { Mod } from '../style/style.js';
import { drawGauge } from './gauge.js';

const area = (b: Buffer): ReturnType<typeof rect> => b.area;

describe('gauge', () => {
  it('fills a gauge to eighths with a centred label', () => {
    const b = Buffer.sized(10, 1);
    drawGauge(b, area(b), { ratio: 0.55, label: 'x' });
    expect(b.rowText(0)).toBe('████x▌░░░░');
    expect(b.cell(4, 0).mods).toBe(Mod.reverse);
    const c = Buffer.sized(4, 1);
    drawGauge(c, area(c), { ratio: 0.5625, label: '' });
    expect(c.rowText(0)).toBe('██▎░');
  });
});
