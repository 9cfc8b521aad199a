import { describe, expect, it } from 'vitest';
import { Buffer } from '../buffer/buffer.js';
import type { rect } from '../layout/rect.js';
import { Mod } from '../style/style.js';
import { drawTabs, tabAt } from './tabs.js';

const area = (b: Buffer): ReturnType<typeof rect> => b.area;

describe('tabs', () => {
  it('draws titles with dividers and maps clicks to tabs', () => {
    const b = Buffer.sized(16, 1);
    const props = {
      titles: ['One', 'Two', 'Три'],
      selected: 1,
      highlightStyle: { add: Mod.reverse },
    };
    drawTabs(b, area(b), props);
    expect(b.rowText(0)).toBe(' One │ Two │ Три');
    expect(b.cell(7, 0).mods).toBe(Mod.reverse);
    expect(tabAt(area(b), props, 8)).toBe(1);
    expect(tabAt(area(b), props, 13)).toBe(2);
  });
});
