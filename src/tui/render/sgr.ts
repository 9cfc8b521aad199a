// SGR and control sequences the emitter writes. Kept in one place so that
// "the only escapes the program emits" can be read in one file.
import { type Color, DEFAULT, isRgb, rgbParts } from '../style/color.js';
import { Mod } from '../style/style.js';

export const ESC = '\x1b';
export const CSI = '\x1b[';
export const SYNC_BEGIN = '\x1b[?2026h';
export const SYNC_END = '\x1b[?2026l';
export const CURSOR_SHOW = '\x1b[?25h';
export const CURSOR_HIDE = '\x1b[?25l';
export const RESET = '\x1b[0m';
export const CLEAR_SCREEN = '\x1b[H\x1b[2J';

export function moveTo(x: number, y: number): string {
  return `\x1b[${y + 1};${x + 1}H`;
}

/** OSC 8 hyperlink open (or close with undefined); the URL was checked by safeLinkTarget. */
export function hyperlink(url: string | undefined): string {
  return url === undefined ? '\x1b]8;;\x1b\\' : `\x1b]8;;${url}\x1b\\`;
}

export function fgCode(c: Color): string {
  if (c === DEFAULT) return '39';
  if (isRgb(c)) {
    const [r, g, b] = rgbParts(c);
    return `38;2;${r};${g};${b}`;
  }
  if (c < 8) return String(30 + c);
  if (c < 16) return String(90 + c - 8);
  return `38;5;${c}`;
}

export function bgCode(c: Color): string {
  if (c === DEFAULT) return '49';
  if (isRgb(c)) {
    const [r, g, b] = rgbParts(c);
    return `48;2;${r};${g};${b}`;
  }
  if (c < 8) return String(40 + c);
  if (c < 16) return String(100 + c - 8);
  return `48;5;${c}`;
}

const MOD_ON: readonly [number, string][] = [
  [Mod.bold, '1'],
  [Mod.dim, '2'],
  [Mod.italic, '3'],
  [Mod.underline, '4'],
  [Mod.blink, '5'],
  [Mod.reverse, '7'],
  [Mod.hidden, '8'],
  [Mod.strike, '9'],
];
const MOD_OFF: readonly [number, string][] = [
  [Mod.italic, '23'],
  [Mod.underline, '24'],
  [Mod.blink, '25'],
  [Mod.reverse, '27'],
  [Mod.hidden, '28'],
  [Mod.strike, '29'],
];

/** SGR parameters that take modifiers `from` to `to`. */
export function modCodes(from: number, to: number, out: string[]): void {
  const removed = from & ~to;
  let added = to & ~from;
  // 22 turns off both bold and dim, so the survivor must be turned on again.
  if (removed & (Mod.bold | Mod.dim)) {
    out.push('22');
    added |= to & (Mod.bold | Mod.dim);
  }
  for (const [m, code] of MOD_OFF) if (removed & m) out.push(code);
  for (const [m, code] of MOD_ON) if (added & m) out.push(code);
}
