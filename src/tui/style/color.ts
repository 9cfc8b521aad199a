// Colours as plain numbers so that cells compare with ===: DEFAULT (-1), an
// index 0..255 (0..15 are the terminal's named colours) or 24-bit RGB tagged
// with bit 24. `downgrade` maps a colour onto what the terminal can show.

export type Color = number;

export const DEFAULT: Color = -1;
const RGB_TAG = 0x1000000;

export type ColorDepth = 'truecolor' | '256' | '16' | 'none';

export const Named = {
  black: 0,
  red: 1,
  green: 2,
  yellow: 3,
  blue: 4,
  magenta: 5,
  cyan: 6,
  white: 7,
  gray: 8,
  brightRed: 9,
  brightGreen: 10,
  brightYellow: 11,
  brightBlue: 12,
  brightMagenta: 13,
  brightCyan: 14,
  brightWhite: 15,
} as const;

export function indexed(i: number): Color {
  return Math.max(0, Math.min(255, Math.floor(i)));
}

export function rgb(r: number, g: number, b: number): Color {
  const c = (v: number): number => Math.max(0, Math.min(255, Math.round(v)));
  return RGB_TAG | (c(r) << 16) | (c(g) << 8) | c(b);
}

/** `#rrggbb` to a colour; undefined when malformed. */
export function hex(s: string): Color | undefined {
  const m = /^#?([0-9a-f]{6})$/i.exec(s);
  if (!m?.[1]) return undefined;
  const n = parseInt(m[1], 16);
  return RGB_TAG | n;
}

export function isRgb(c: Color): boolean {
  return c >= RGB_TAG;
}

export function rgbParts(c: Color): [number, number, number] {
  return [(c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff];
}

// The xterm palette, used to find the nearest 16 colour for a 256 or RGB one.
const BASE16: readonly (readonly [number, number, number])[] = [
  [0, 0, 0],
  [205, 0, 0],
  [0, 205, 0],
  [205, 205, 0],
  [0, 0, 238],
  [205, 0, 205],
  [0, 205, 205],
  [229, 229, 229],
  [127, 127, 127],
  [255, 0, 0],
  [0, 255, 0],
  [255, 255, 0],
  [92, 92, 255],
  [255, 0, 255],
  [0, 255, 255],
  [255, 255, 255],
];
const CUBE = [0, 95, 135, 175, 215, 255];

/** RGB of a 256-palette index (xterm's). */
export function paletteRgb(i: number): [number, number, number] {
  if (i < 16) {
    const p = BASE16[i] ?? [0, 0, 0];
    return [p[0], p[1], p[2]];
  }
  if (i < 232) {
    const n = i - 16;
    return [CUBE[Math.floor(n / 36)] ?? 0, CUBE[Math.floor(n / 6) % 6] ?? 0, CUBE[n % 6] ?? 0];
  }
  const v = 8 + (i - 232) * 10;
  return [v, v, v];
}

function dist(a: readonly number[], b: readonly number[]): number {
  const dr = (a[0] ?? 0) - (b[0] ?? 0);
  const dg = (a[1] ?? 0) - (b[1] ?? 0);
  const db = (a[2] ?? 0) - (b[2] ?? 0);
  return 2 * dr * dr + 4 * dg * dg + 3 * db * db;
}

function nearest(target: readonly number[], from: number, to: number): number {
  let best = from;
  let bestD = Infinity;
  for (let i = from; i < to; i++) {
    const d = dist(target, paletteRgb(i));
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

const cache256 = new Map<number, number>();

/** The colour as it should be emitted at `depth`; DEFAULT when there is no colour. */
export function downgrade(c: Color, depth: ColorDepth): Color {
  if (c === DEFAULT || depth === 'truecolor') return c;
  if (depth === 'none') return DEFAULT;
  if (isRgb(c)) {
    let i = cache256.get(c);
    if (i === undefined) {
      i = nearest(rgbParts(c), 16, 256);
      cache256.set(c, i);
    }
    return depth === '256' ? i : nearest(rgbParts(c), 0, 16);
  }
  if (depth === '16' && c >= 16) return nearest(paletteRgb(c), 0, 16);
  return c;
}

/** Colour depth from the environment: NO_COLOR, COLORTERM and TERM. */
export function detectColorDepth(env: Record<string, string | undefined>): ColorDepth {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 'none';
  const term = env.TERM ?? '';
  if (term === 'dumb') return 'none';
  const colorterm = (env.COLORTERM ?? '').toLowerCase();
  if (colorterm === 'truecolor' || colorterm === '24bit') return 'truecolor';
  if (/-direct$|truecolor|24bit/.test(term)) return 'truecolor';
  if (term.includes('256')) return '256';
  if (term === '') return '16';
  return '16';
}
