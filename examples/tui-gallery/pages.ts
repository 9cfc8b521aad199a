// The gallery's pages: each draws one group of widgets into its area and
// records the rects that mouse clicks are tested against.
import {
  MarkdownDocument,
  Mod,
  SPINNERS,
  drawBlock,
  drawChart,
  drawGauge,
  drawList,
  drawMarkdownLines,
  drawParagraph,
  drawScrollbar,
  drawSparkline,
  drawSpinner,
  drawTable,
  drawTextArea,
  fill,
  horizontal,
  indexed,
  inner,
  length,
  line,
  percentage,
  rect,
  rgb,
  span,
  styledLine,
  vertical,
  type BorderType,
  type Buffer,
  type Line,
  type Rect,
  type Span,
  type Theme,
} from '../../dist/tui/index.js';
import { type GalleryState, MODELS, SAMPLE_MARKDOWN } from './state.ts';

const box = (theme: Theme, title: string, focused = false, type: BorderType = 'rounded') => ({
  borderType: type,
  borderStyle: theme[focused ? 'border.focused' : 'border'],
  titles: [{ content: line(span(` ${title} `, theme[focused ? 'title.focused' : 'title'])) }],
});

export function drawTextPage(buf: Buffer, area: Rect, s: GalleryState): void {
  const theme = s.theme;
  const [top, bottom] = vertical(area, [length(5), fill()]);
  const cols = horizontal(top ?? area, [fill(), fill(), fill(), fill()], 1);
  (['plain', 'rounded', 'double', 'thick'] as const).forEach((t, i) => {
    const r = cols[i];
    if (!r) return;
    const inside = drawBlock(buf, r, {
      borderType: t,
      borderStyle: theme['border.focused'],
      titles: [
        t,
        { content: 'C', align: 'center' },
        { content: 'R', align: 'right' },
        { content: 'bottom', position: 'bottom', align: 'right' },
      ],
    });
    drawParagraph(buf, inside, {
      text: `${t} border, titles left, centre and right`,
      wrap: 'word',
      style: theme['text.dim'],
    });
  });
  const r = bottom ?? area;
  const inside = drawBlock(buf, r, box(theme, 'Text, colour and width'));
  const named: Span[] = Array.from({ length: 16 }, (_, i) => span('██', { fg: i }));
  const ramp: Span[] = Array.from({ length: 24 }, (_, i) => span('█', { fg: indexed(232 + i) }));
  const grad: Span[] = Array.from({ length: 32 }, (_, i) =>
    span('█', { fg: rgb(255 - i * 8, 80 + i * 5, i * 8) }),
  );
  const lines: Line[] = [
    line(span('16 colours ', theme['text.dim']), ...named),
    line(
      span('256 ramp   ', theme['text.dim']),
      ...ramp,
      span('  truecolor ', theme['text.dim']),
      ...grad,
    ),
    line(
      span('bold', { add: Mod.bold }),
      ' ',
      span('dim', { add: Mod.dim }),
      ' ',
      span('italic', { add: Mod.italic }),
      ' ',
      span('underline', { add: Mod.underline }),
      ' ',
      span('reverse', { add: Mod.reverse }),
      ' ',
      span('strike', { add: Mod.strike }),
      ' ',
      span('link', { ...theme['text.link'], link: 'https://github.com/EricLBuehler/mistral.rs' }),
    ),
    line('Wide: 中文 日本語 한국어 ｶﾀｶﾅ  Emoji: 😀 👨‍👩‍👧 🇫🇷 ❤️ 1️⃣  Combining: e\u0301 n\u0303'),
    line(
      span('Hostile text, made inert: ', theme['text.dim']),
      '\x1b]52;c;c2VjcmV0\x07 \x1b[2J \u202eevil\u202c \x9b31m',
    ),
    line(''),
    line(
      span('Wrapped paragraph: ', theme['text.strong']),
      'a frame is drawn whole into a buffer, diffed against the previous frame, and only the changed cells are written, each frame inside synchronized output so the terminal never shows half a frame.',
    ),
  ];
  drawParagraph(buf, inside, { text: { lines }, wrap: 'word' });
}

export function drawListsPage(buf: Buffer, area: Rect, s: GalleryState): void {
  const theme = s.theme;
  const [left, right] = horizontal(area, [percentage(35), fill()], 1);
  const l = left ?? area;
  const inside = drawBlock(buf, l, box(theme, 'Models (list)', s.focus === 'list'));
  s.hit.list = inner(inside, { top: 0, right: 1, bottom: 0, left: 0 });
  drawList(
    buf,
    s.hit.list,
    {
      items: MODELS.map((m) => line(span(m.name), span(`  ${m.size}`, theme['text.dim']))),
      highlightStyle: theme[s.focus === 'list' ? 'selection' : 'selection.inactive'],
      highlightSymbol: '▶ ',
    },
    s.list,
  );
  drawScrollbar(buf, rect(inside.x + inside.width - 1, inside.y, 1, inside.height), {
    contentLength: MODELS.length,
    viewportLength: inside.height,
    position: s.list.offset,
    trackStyle: theme['scrollbar.track'],
    thumbStyle: theme['scrollbar.thumb'],
  });
  const r = right ?? area;
  const tin = drawBlock(buf, r, box(theme, 'Models (table)', s.focus === 'table'));
  s.hit.table = tin;
  drawTable(
    buf,
    tin,
    {
      header: ['Name', 'Kind', 'Quant', 'Size'],
      rows: MODELS.map((m) => [m.name, m.kind, m.quant, m.size]),
      widths: [fill(), length(8), length(7), length(8)],
      headerStyle: { ...theme['text.accent'], add: Mod.bold },
      highlightStyle: theme[s.focus === 'table' ? 'selection' : 'selection.inactive'],
      highlightSymbol: '› ',
    },
    s.table,
  );
}

export function drawChartsPage(buf: Buffer, area: Rect, s: GalleryState): void {
  const theme = s.theme;
  const [g, rest] = vertical(area, [length(8), fill()]);
  const gin = drawBlock(buf, g ?? area, box(theme, 'Gauges, sparkline, spinners'));
  const rows = vertical(gin, [length(1), length(1), length(1), length(3)]);
  const p = (s.tick % 200) / 200;
  drawGauge(buf, rows[0] ?? gin, {
    ratio: p,
    filledStyle: theme['gauge.filled'],
    emptyStyle: theme['gauge.empty'],
  });
  drawGauge(buf, rows[1] ?? gin, {
    ratio: 1 - p,
    label: `VRAM ${Math.round((1 - p) * 24)} / 24 GiB`,
    filledStyle: theme['status.warn'],
    emptyStyle: theme['gauge.empty'],
  });
  const spin = horizontal(rows[2] ?? gin, [length(16), length(16), length(16), fill()]);
  drawSpinner(buf, spin[0] ?? gin, { tick: s.tick, label: 'loading', style: theme['text.accent'] });
  drawSpinner(buf, spin[1] ?? gin, { tick: s.tick, frames: SPINNERS.line, label: 'thinking' });
  drawSpinner(buf, spin[2] ?? gin, {
    tick: s.tick,
    frames: SPINNERS.arc,
    label: 'streaming',
    style: theme['status.ok'],
  });
  drawSparkline(buf, rows[3] ?? gin, { data: s.spark, style: theme['chart.2'] });
  const cin = drawBlock(buf, rest ?? area, box(theme, 'Tokens per second (braille line chart)'));
  const n = 120;
  const phase = s.tick / 10;
  const series = (f: (x: number) => number): [number, number][] =>
    Array.from({ length: n }, (_, i) => [i, f(i)]);
  drawChart(buf, cin, {
    datasets: [
      {
        name: 'decode',
        data: series((i) => 50 + 35 * Math.sin(i / 9 + phase)),
        style: theme['chart.1'],
      },
      {
        name: 'prefill',
        data: series((i) => 50 + 25 * Math.cos(i / 5 - phase)),
        style: theme['chart.3'],
      },
    ],
    xBounds: [0, n - 1],
    yBounds: [0, 100],
    yLabels: ['0', '50', '100'],
    xLabels: ['-60s', '-30s', 'now'],
    axisStyle: theme.border,
    labelStyle: theme['text.dim'],
  });
}

export function drawEditorPage(
  buf: Buffer,
  area: Rect,
  s: GalleryState,
): { x: number; y: number } | undefined {
  const theme = s.theme;
  const [hist, ed] = vertical(area, [fill(), length(8)]);
  const hin = drawBlock(buf, hist ?? area, box(theme, 'Submitted'));
  const subs: Line[] = s.submitted.flatMap((t) =>
    t.split('\n').map((l, i) => line(span(i === 0 ? '› ' : '  ', theme['text.accent']), l)),
  );
  drawParagraph(buf, hin, {
    text: { lines: subs },
    wrap: 'char',
    scroll: { y: Math.max(0, subs.length - hin.height) },
  });
  const focused = s.focus === 'editor';
  const ein = drawBlock(buf, ed ?? area, {
    ...box(
      theme,
      focused
        ? 'Editor — Enter submits, Shift/Alt+Enter newline, Esc leaves'
        : 'Editor — click or press i to edit',
      focused,
    ),
  });
  s.hit.editor = ed ?? area;
  return drawTextArea(buf, ein, s.editor, {
    placeholder: 'Type here… (wide 中文 and emoji 😀 welcome; Ctrl+Z undo, Ctrl+Y redo)',
    placeholderStyle: theme['input.placeholder'],
    selectionStyle: theme.selection,
    focused,
  });
}

const mdDocs = new WeakMap<GalleryState, MarkdownDocument>();

export function drawMarkdownPage(buf: Buffer, area: Rect, s: GalleryState): void {
  const theme = s.theme;
  const streaming = s.mdStream !== undefined;
  const title = streaming
    ? 'Markdown — streaming (s stops)'
    : 'Markdown (wheel or ↑/↓ to scroll, s streams it)';
  const inside = drawBlock(buf, area, box(theme, title, streaming));
  let doc = mdDocs.get(s);
  if (!doc) {
    doc = new MarkdownDocument(theme);
    mdDocs.set(s, doc);
  }
  const body = rect(inside.x, inside.y, Math.max(0, inside.width - 1), inside.height);
  const lines = doc.lines(
    streaming ? SAMPLE_MARKDOWN.slice(0, s.mdStream) : SAMPLE_MARKDOWN,
    body.width,
  );
  // While streaming, stick to the bottom like a chat transcript.
  if (streaming) s.mdScroll = lines.length;
  s.mdScroll = Math.max(0, Math.min(s.mdScroll, lines.length - body.height));
  s.hit.markdown = inside;
  drawMarkdownLines(buf, body, lines, s.mdScroll);
  drawScrollbar(buf, rect(inside.x + inside.width - 1, inside.y, 1, inside.height), {
    contentLength: lines.length,
    viewportLength: body.height,
    position: s.mdScroll,
    trackStyle: theme['scrollbar.track'],
    thumbStyle: theme['scrollbar.thumb'],
  });
}

export function helpLines(theme: Theme): Line[] {
  const k = (keys: string, what: string): Line =>
    line(span(keys.padEnd(16), theme['text.accent']), what);
  return [
    k('1-6, Tab', 'switch page (or click a tab)'),
    k('↑/↓, j/k, wheel', 'move selection / scroll'),
    k('←/→', 'list or table focus (page 2)'),
    k('i, click', 'edit (page 4); Esc leaves'),
    k('s', 'stream the Markdown (page 5)'),
    k('p', 'cycle image protocols (page 6)'),
    k('?', 'toggle this help'),
    k('Ctrl+Z', 'suspend (fg to resume)'),
    k('q, Ctrl+C', 'quit'),
    styledLine([]),
    line(span('The popup clears the cells beneath it.', theme['text.dim'])),
  ];
}
