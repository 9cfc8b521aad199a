// Buffers as text, for tests: build a buffer from string lines, and print one
// as quoted rows plus style runs (the format of failures and snapshots).
import { Buffer } from '../buffer/buffer.js';
import type { Cell } from '../buffer/cell.js';
import { rect } from '../layout/rect.js';
import { type Color, DEFAULT, isRgb, rgbParts } from '../style/color.js';
import { Mod, type Style } from '../style/style.js';
import { graphemes, graphemeWidth, stringWidth } from '../text/width.js';

/** A buffer whose rows are `lines` (padded with spaces to the widest). */
export function bufferFromLines(lines: readonly string[], style?: Style): Buffer {
  const width = Math.max(0, ...lines.map((l) => stringWidth(l)));
  const buf = new Buffer(rect(0, 0, width, lines.length));
  lines.forEach((l, y) => {
    let x = 0;
    for (const g of graphemes(l)) {
      const w = graphemeWidth(g);
      if (w === 0) continue;
      buf.put(x, y, g, w, style ?? {});
      x += w;
    }
  });
  return buf;
}

const NAMES = [
  'black',
  'red',
  'green',
  'yellow',
  'blue',
  'magenta',
  'cyan',
  'white',
  'gray',
  'brightRed',
  'brightGreen',
  'brightYellow',
  'brightBlue',
  'brightMagenta',
  'brightCyan',
  'brightWhite',
];

export function colorName(c: Color): string {
  if (c === DEFAULT) return 'default';
  if (isRgb(c))
    return (
      '#' +
      rgbParts(c)
        .map((v) => v.toString(16).padStart(2, '0'))
        .join('')
    );
  return NAMES[c] ?? `i${c}`;
}

export function modNames(m: number): string {
  return Object.entries(Mod)
    .filter(([name, bit]) => name !== 'none' && (m & bit) !== 0)
    .map(([name]) => name)
    .join('+');
}

function styleKey(c: Cell): string {
  const parts: string[] = [];
  if (c.fg !== DEFAULT) parts.push(`fg=${colorName(c.fg)}`);
  if (c.bg !== DEFAULT) parts.push(`bg=${colorName(c.bg)}`);
  if (c.mods !== 0) parts.push(modNames(c.mods));
  if (c.link !== undefined) parts.push(`link=${c.link}`);
  return parts.join(' ');
}

/** Rows as quoted strings, then one line per styled run: `y x1-x2: fg=red bold`. */
export function printBuffer(buf: Buffer): string {
  const out: string[] = [`Buffer ${buf.width}x${buf.height}`];
  for (let y = buf.area.y; y < buf.area.y + buf.height; y++)
    out.push(JSON.stringify(buf.rowText(y)));
  const runs: string[] = [];
  for (let y = buf.area.y; y < buf.area.y + buf.height; y++) {
    let start = buf.area.x;
    let key = '';
    const flush = (end: number): void => {
      if (key !== '') runs.push(`  ${y} ${start}-${end - 1}: ${key}`);
    };
    for (let x = buf.area.x; x < buf.area.x + buf.width; x++) {
      const c = buf.cell(x, y);
      const k = styleKey(c);
      if (k !== key) {
        flush(x);
        start = x;
        key = k;
      }
    }
    flush(buf.area.x + buf.width);
  }
  if (runs.length > 0) out.push('styles:', ...runs);
  return out.join('\n');
}
