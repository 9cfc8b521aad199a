import { describe, expect, it } from 'vitest';
import { Buffer } from '../buffer/buffer.js';
import { fill, length } from '../layout/layout.js';
import { rect } from '../layout/rect.js';
import { Named } from '../style/color.js';
import { Mod } from '../style/style.js';
import { line, span } from '../text/span.js';
import { assertBufferEquals, assertBufferLines, bufferFromLines } from '../testing/index.js';
import { drawBlock } from './block.js';
import { drawGauge } from './gauge.js';
import { drawList, listItemAt, listSelect, listState } from './list.js';
import { drawParagraph } from './paragraph.js';
import { drawPopup } from './popup.js';
import { drawScrollbar, thumbRange } from './scrollbar.js';
import { drawSparkline } from './sparkline.js';
import { drawSpinner, spinnerFrame } from './spinner.js';
import { drawTable } from './table.js';
import { drawTabs, tabAt } from './tabs.js';

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

describe('table', () => {
  it('lays out columns by constraints with a header and a selected row', () => {
    const b = Buffer.sized(14, 3);
    const st = listState(1);
    drawTable(
      b,
      area(b),
      {
        header: ['Name', 'Size'],
        rows: [
          ['alpha', '1'],
          ['beta-long-name', '22'],
        ],
        widths: [fill(), length(4)],
        highlightStyle: { bg: Named.blue },
      },
      st,
    );
    assertBufferLines(b, ['Name      Size', 'alpha     1   ', 'beta-lon… 22  ']);
    expect(b.cell(0, 2).bg).toBe(Named.blue);
    expect(b.cell(0, 1).bg).toBe(-1);
  });

  it('indents rows by the display width of a wide highlight symbol', () => {
    const b = Buffer.sized(8, 2);
    drawTable(
      b,
      area(b),
      { rows: [['a'], ['b']], widths: [fill()], highlightSymbol: '▶️' },
      listState(0),
    );
    assertBufferLines(b, ['▶️a     ', '  b     ']);
  });
});

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

describe('scrollbar, gauge, sparkline, spinner', () => {
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

  it('fills a gauge to eighths with a centred label', () => {
    const b = Buffer.sized(10, 1);
    drawGauge(b, area(b), { ratio: 0.55, label: 'x' });
    expect(b.rowText(0)).toBe('████x▌░░░░');
    expect(b.cell(4, 0).mods).toBe(Mod.reverse);
    const c = Buffer.sized(4, 1);
    drawGauge(c, area(c), { ratio: 0.5625, label: '' });
    expect(c.rowText(0)).toBe('██▎░');
  });

  it('draws sparkline bars scaled to the maximum, newest at the right', () => {
    const b = Buffer.sized(4, 1);
    drawSparkline(b, area(b), { data: [100, 0, 1, 4, 8] });
    expect(b.rowText(0)).toBe(' ▁▄█');
    const tall = Buffer.sized(1, 2);
    drawSparkline(tall, area(tall), { data: [3], max: 4 });
    assertBufferLines(tall, ['▄', '█']);
  });

  it('steps the spinner by tick', () => {
    expect(spinnerFrame(0)).toBe('⠋');
    expect(spinnerFrame(11)).toBe('⠙');
    const b = Buffer.sized(8, 1);
    drawSpinner(b, area(b), { tick: 1, frames: ['a', 'b'], label: 'load' });
    expect(b.rowText(0)).toBe('b load  ');
  });
});

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
