// The one place that turns cells into bytes. It tracks where the terminal's
// cursor is and which SGR attributes are active, and writes a cursor move or an
// SGR change only when the next cell needs it. Every frame is wrapped in
// synchronized output (DEC 2026) so the terminal shows it all at once, and ends
// with attributes reset so that a clear or a suspend paints default colours.
import type { Cell } from '../buffer/cell.js';
import { type ColorDepth, DEFAULT, downgrade } from '../style/color.js';
import { safeLinkTarget } from '../text/sanitize.js';
import {
  CURSOR_HIDE,
  CURSOR_SHOW,
  RESET,
  SYNC_BEGIN,
  SYNC_END,
  bgCode,
  fgCode,
  hyperlink,
  modCodes,
  moveTo,
} from './sgr.js';

/**
 * A wide cell of several code points (emoji with VS16 or a skin-tone
 * modifier, ZWJ sequences, keycaps, flags): terminals disagree on its width,
 * drawing it one, two or four columns wide.
 */
export function riskyCell(c: Cell): boolean {
  return c.width === 2 && c.symbol.length > 2;
}

export class Emitter {
  private out = '';
  private cx = -1;
  private cy = -1;
  private fg = DEFAULT;
  private bg = DEFAULT;
  private mods = 0;
  private link: string | undefined = undefined;
  private cursorShown: boolean | undefined = undefined;

  constructor(
    private readonly depth: ColorDepth,
    private readonly columns: number,
  ) {}

  begin(): void {
    this.out = SYNC_BEGIN;
  }

  raw(s: string): void {
    this.out += s;
  }

  /** The cursor position is unknown (after a clear, resize or foreign output). */
  forgetCursor(): void {
    this.cx = -1;
    this.cy = -1;
  }

  /** Writes one cell at (x, y); continuation cells must not be passed. */
  cell(x: number, y: number, c: Cell): void {
    // Terminals disagree on the width of multi-code-point clusters (emoji with
    // VS16, ZWJ sequences, keycaps, flags): some draw them one column wide. So
    // paint the trailing column blank first, print the glyph, and then move
    // explicitly to the next cell, so a disagreement cannot shift the row.
    const risky = riskyCell(c);
    if (risky) {
      if (x + 1 !== this.cx || y !== this.cy) this.move(x + 1, y);
      this.style(c);
      this.out += ' ';
      this.cx = -1;
    }
    if (x !== this.cx || y !== this.cy) this.move(x, y);
    this.style(c);
    this.out += c.symbol;
    this.cx = risky ? -1 : x + c.width;
    // At the right margin the terminal holds a pending wrap: position unknown.
    if (this.cx >= this.columns) this.cx = -1;
  }

  private move(x: number, y: number): void {
    if (y === this.cy && this.cx >= 0 && x > this.cx) {
      const n = x - this.cx;
      this.out += n === 1 ? '\x1b[C' : `\x1b[${n}C`;
    } else if (y === this.cy + 1 && x === 0 && this.cy >= 0) {
      this.out += '\r\n';
    } else {
      this.out += moveTo(x, y);
    }
    this.cx = x;
    this.cy = y;
  }

  private style(c: Cell): void {
    const fg = downgrade(c.fg, this.depth);
    const bg = downgrade(c.bg, this.depth);
    const link = c.link === undefined ? undefined : safeLinkTarget(c.link);
    if (link !== this.link) {
      this.out += hyperlink(link);
      this.link = link;
    }
    if (fg === this.fg && bg === this.bg && c.mods === this.mods) return;
    const parts: string[] = [];
    if (c.mods !== this.mods) modCodes(this.mods, c.mods, parts);
    if (fg !== this.fg) parts.push(fgCode(fg));
    if (bg !== this.bg) parts.push(bgCode(bg));
    this.out += `\x1b[${parts.join(';')}m`;
    this.fg = fg;
    this.bg = bg;
    this.mods = c.mods;
  }

  /** Resets attributes, places the cursor, ends the synchronized update and returns the frame's bytes. */
  end(cursor: { x: number; y: number } | undefined): string {
    if (this.link !== undefined) {
      this.out += hyperlink(undefined);
      this.link = undefined;
    }
    if (this.fg !== DEFAULT || this.bg !== DEFAULT || this.mods !== 0) {
      this.out += RESET;
      this.fg = DEFAULT;
      this.bg = DEFAULT;
      this.mods = 0;
    }
    if (cursor !== undefined) {
      if (cursor.x !== this.cx || cursor.y !== this.cy) this.move(cursor.x, cursor.y);
      if (this.cursorShown !== true) this.out += CURSOR_SHOW;
      this.cursorShown = true;
    } else if (this.cursorShown !== false) {
      this.out += CURSOR_HIDE;
      this.cursorShown = false;
    }
    this.out += SYNC_END;
    const s = this.out;
    this.out = '';
    return s;
  }
}
