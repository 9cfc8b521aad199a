// Style: optional foreground, background, modifiers to add and remove, and a
// hyperlink. Styles patch one another (ratatui semantics): a later style's set
// fields win, its added modifiers are added and its removed ones removed.
import type { Color } from './color.js';

export const Mod = {
  none: 0,
  bold: 1 << 0,
  dim: 1 << 1,
  italic: 1 << 2,
  underline: 1 << 3,
  blink: 1 << 4,
  reverse: 1 << 5,
  hidden: 1 << 6,
  strike: 1 << 7,
} as const;

export const ALL_MODS = 0xff;

export interface Style {
  readonly fg?: Color;
  readonly bg?: Color;
  readonly add?: number;
  readonly remove?: number;
  /** A URL; the emitter wraps the cell in an OSC 8 hyperlink. */
  readonly link?: string;
}

export const EMPTY_STYLE: Style = {};

/** `b` applied on top of `a`. */
export function patch(a: Style, b: Style | undefined): Style {
  if (b === undefined || b === EMPTY_STYLE) return a;
  if (a === EMPTY_STYLE) return b;
  const add = ((a.add ?? 0) & ~(b.remove ?? 0)) | (b.add ?? 0);
  const remove = ((a.remove ?? 0) & ~(b.add ?? 0)) | (b.remove ?? 0);
  const out: {
    fg?: Color;
    bg?: Color;
    add?: number;
    remove?: number;
    link?: string;
  } = {};
  const fg = b.fg ?? a.fg;
  const bg = b.bg ?? a.bg;
  const link = b.link ?? a.link;
  if (fg !== undefined) out.fg = fg;
  if (bg !== undefined) out.bg = bg;
  if (add !== 0) out.add = add;
  if (remove !== 0) out.remove = remove;
  if (link !== undefined) out.link = link;
  return out;
}

/** Builder helpers so call sites read well: `style({ fg: Named.red }, Mod.bold)`. */
export function style(s: Style, ...mods: number[]): Style {
  const add = mods.reduce((a, m) => a | m, s.add ?? 0);
  return add === (s.add ?? 0) ? s : { ...s, add };
}

export const fg = (c: Color): Style => ({ fg: c });
export const bg = (c: Color): Style => ({ bg: c });
export const mods = (...m: number[]): Style => ({ add: m.reduce((a, b) => a | b, 0) });
