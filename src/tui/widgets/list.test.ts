import { describe, expect, it } from 'vitest';
import { Buffer } from '../buffer/buffer.js';
import { rect } from '../layout/rect.js';
import { Mod } from '../style/style.js';
import { assertBufferEquals, bufferFromLines } from '../testing/index.js';
import { drawList, listItemAt, listSelect, listState } from './list.js';

const area = (b: Buffer): ReturnType<typeof rect> => b.area;

describe('list', () => {
  it('highlights the selection and scrolls to keep it visible', () => {
    const b = Buffer.sized(6, 2);
    const st = listState(3);
    drawList(
      b,
      area(b),
      {
        items: ['a', 'b', 'c', 'd', 'e'],
        highlightSymbol: '> ',
        highlightStyle: { add: Mod.bold },
      },
      st,
    );
    expect(st.offset).toBe(2);
    const want = bufferFromLines(['  c   ', '> d   ']);
    want.setStyle(rect(0, 1, 6, 1), { add: Mod.bold });
    assertBufferEquals(b, want);
    expect(listItemAt(area(b), st, 5, 1)).toBe(3);
  });

  it('clamps selection moves', () => {
    const st = listState();
    listSelect(st, 3, 1);
    expect(st.selected).toBe(0);
    listSelect(st, 3, 10);
    expect(st.selected).toBe(2);
    listSelect(st, 0, 1);
    expect(st.selected).toBeUndefined();
  });
});
