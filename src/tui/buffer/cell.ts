// Cell: one terminal column of one row. It holds a grapheme cluster and its
// width, colours, modifier flags and an optional hyperlink. The trailing column
// of a wide glyph is a continuation cell (empty symbol, width 0): the terminal
// fills it when the glyph is printed, so the emitter never writes it.
import { type Color, DEFAULT } from '../style/color.js';
import type { Style } from '../style/style.js';

export class Cell {
  symbol = ' ';
  width = 1;
  fg: Color = DEFAULT;
  bg: Color = DEFAULT;
  mods = 0;
  link: string | undefined = undefined;
  /**
   * Non-zero in the cells an out-of-grid picture (sixel, iTerm2, classic kitty)
   * reserved in this frame: the renderer shows the picture only when all its
   * cells still carry its stamp, i.e. nothing was drawn over it.
   */
  image = 0;

  reset(): void {
    this.symbol = ' ';
    this.width = 1;
    this.fg = DEFAULT;
    this.bg = DEFAULT;
    this.mods = 0;
    this.link = undefined;
    this.image = 0;
  }

  get isContinuation(): boolean {
    return this.width === 0;
  }

  /** Patches this cell's style (fields set in `s` win). */
  applyStyle(s: Style): void {
    if (s.fg !== undefined) this.fg = s.fg;
    if (s.bg !== undefined) this.bg = s.bg;
    if (s.add !== undefined || s.remove !== undefined) {
      this.mods = (this.mods | (s.add ?? 0)) & ~(s.remove ?? 0);
    }
    if (s.link !== undefined) this.link = s.link === '' ? undefined : s.link;
  }

  copyFrom(o: Cell): void {
    this.symbol = o.symbol;
    this.width = o.width;
    this.fg = o.fg;
    this.bg = o.bg;
    this.mods = o.mods;
    this.link = o.link;
    this.image = o.image;
  }

  equals(o: Cell): boolean {
    return (
      this.symbol === o.symbol &&
      this.fg === o.fg &&
      this.bg === o.bg &&
      this.mods === o.mods &&
      this.link === o.link &&
      this.width === o.width &&
      this.image === o.image
    );
  }

  sameStyle(o: Cell): boolean {
    return this.fg === o.fg && this.bg === o.bg && this.mods === o.mods && this.link === o.link;
  }
}
