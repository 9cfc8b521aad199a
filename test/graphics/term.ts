// A terminal for the graphics tests: @xterm/headless (its image addon does not
// run headless) with parser hooks that hand every picture to an independent
// decoder: sixel (DCS q) to the `sixel` package's decoder, iTerm2 (OSC 1337)
// to pngjs, kitty (APC G, rewritten to an OSC so that xterm reports the cursor
// position) to a test-side parser. It keeps an "image layer": which cells show
// which picture. As in real terminals, printing into a cell removes sixel and
// iTerm2 pixels from it, a clear removes them all, and kitty placements stay
// until deleted.
import { inflateSync } from 'node:zlib';
import xterm from '@xterm/headless';
import { PNG } from 'pngjs';
import { decode as decodeSixel } from 'sixel';

export const CELL_W = 10;
export const CELL_H = 20;

export interface Shown {
  readonly kind: 'sixel' | 'iterm2' | 'kitty';
  readonly x: number;
  readonly y: number;
  readonly cols: number;
  readonly rows: number;
  readonly pxWidth: number;
  readonly pxHeight: number;
  /** RGBA of the decoded picture (sixel, iTerm2). */
  readonly pixels?: Uint8Array | Uint8ClampedArray;
  readonly token: number;
}

export interface KittyChunk {
  readonly keys: Record<string, string>;
  readonly payload: string;
}

export class GraphicsTerm {
  readonly term: xterm.Terminal;
  /** Cell index -> token of the picture shown there. */
  readonly layer = new Map<number, number>();
  readonly pictures = new Map<number, Shown>();
  /** Every kitty command seen, in order. */
  readonly kitty: KittyChunk[] = [];
  /** Kitty image data by id (after the last chunk): width, height, RGBA. */
  readonly kittyImages = new Map<number, { w: number; h: number; data: Uint8Array }>();
  /** Kitty virtual placements (U=1) by image id. */
  readonly kittyVirtual = new Map<number, { cols: number; rows: number }>();
  private kittyPending: { keys: Record<string, string>; payload: string } | undefined;
  private kittyPlacements = new Map<string, number>();
  private next = 1;
  private top = 0;
  private bottom: number;

  constructor(
    readonly cols: number,
    readonly rows: number,
  ) {
    this.bottom = rows - 1;
    this.term = new xterm.Terminal({ cols, rows, allowProposedApi: true, scrollback: 0 });
    const t = this.term;
    t.write('\x1b[?1049h');
    t.parser.registerDcsHandler({ final: 'q' }, (data) => {
      const img = decodeSixel(data);
      this.show('sixel', img.width, img.height, img.data8);
      return true;
    });
    t.parser.registerOscHandler(1337, (data) => {
      const m = /^File=([^:]*):(.*)$/s.exec(data);
      if (!m) throw new Error(`bad OSC 1337: ${data.slice(0, 40)}`);
      const args = Object.fromEntries(
        (m[1] ?? '').split(';').map((kv) => kv.split('=') as [string, string]),
      );
      const png = PNG.sync.read(Buffer.from(m[2] ?? '', 'base64'));
      if (Number(args.size) !== Buffer.from(m[2] ?? '', 'base64').length)
        throw new Error('size= is wrong');
      const cells = (v: string | undefined, px: number, cell: number): number =>
        v?.endsWith('px')
          ? Math.ceil(Number(v.slice(0, -2)) / cell)
          : v
            ? Number(v)
            : Math.ceil(px / cell);
      this.show(
        'iterm2',
        png.width,
        png.height,
        png.data,
        cells(args.width, png.width, CELL_W),
        cells(args.height, png.height, CELL_H),
      );
      return true;
    });
    t.parser.registerOscHandler(7777, (data) => {
      this.kittyCommand(data);
      return true;
    });
    t.parser.registerCsiHandler({ final: 'J' }, (params) => {
      if (params[0] === 2) this.clearLayer(false);
      return false;
    });
    t.parser.registerCsiHandler({ final: 'r' }, (params) => {
      const p0 = typeof params[0] === 'number' ? params[0] : 0;
      const p1 = typeof params[1] === 'number' ? params[1] : 0;
      this.top = p0 > 0 ? p0 - 1 : 0;
      this.bottom = p1 > 0 ? p1 - 1 : this.rows - 1;
      return false;
    });
    const shift = (k: number): void => {
      // Pixels scroll with the text inside the region.
      const moved = new Map<number, number>();
      for (const [i, tok] of this.layer) {
        const y = Math.floor(i / this.cols);
        if (y < this.top || y > this.bottom) moved.set(i, tok);
        else if (y - k >= this.top && y - k <= this.bottom) moved.set(i - k * this.cols, tok);
      }
      this.layer.clear();
      for (const [i, tok] of moved) this.layer.set(i, tok);
    };
    t.parser.registerCsiHandler({ final: 'S' }, (params) => {
      shift(typeof params[0] === 'number' && params[0] > 0 ? params[0] : 1);
      return false;
    });
    t.parser.registerCsiHandler({ final: 'T' }, (params) => {
      shift(-(typeof params[0] === 'number' && params[0] > 0 ? params[0] : 1));
      return false;
    });
    // Printing into a cell removes sixel/iTerm2 pixels there (xterm's print is internal).
    const core = (
      t as unknown as {
        _core: { _inputHandler: { print: (d: Uint32Array, s: number, e: number) => void } };
      }
    )._core;
    const ih = core._inputHandler;
    const print = ih.print.bind(ih);
    ih.print = (d, s, e) => {
      const buf = t.buffer.active;
      let x = buf.cursorX;
      const y = buf.cursorY;
      for (let k = s; k < e; k++) {
        const cp = d[k] ?? 0;
        // Combining marks (kitty diacritics) do not take a cell.
        if (cp >= 0x300 && cp !== 0x10eeee && isCombining(cp)) continue;
        const i = y * this.cols + x;
        const tok = this.layer.get(i);
        if (tok !== undefined && this.pictures.get(tok)?.kind !== 'kitty') this.layer.delete(i);
        x++;
      }
      print(d, s, e);
    };
  }

  private show(
    kind: Shown['kind'],
    w: number,
    h: number,
    pixels?: Uint8Array | Uint8ClampedArray,
    cols?: number,
    rows?: number,
  ): number {
    const buf = this.term.buffer.active;
    const tok = this.next++;
    const c = cols ?? Math.ceil(w / CELL_W);
    const r = rows ?? Math.ceil(h / CELL_H);
    const pic: Shown = {
      kind,
      x: buf.cursorX,
      y: buf.cursorY,
      cols: c,
      rows: r,
      pxWidth: w,
      pxHeight: h,
      token: tok,
      ...(pixels ? { pixels } : {}),
    };
    this.pictures.set(tok, pic);
    for (let y = pic.y; y < Math.min(this.rows, pic.y + r); y++)
      for (let x = pic.x; x < Math.min(this.cols, pic.x + c); x++)
        this.layer.set(y * this.cols + x, tok);
    return tok;
  }

  private clearLayer(kittyToo: boolean): void {
    for (const [i, tok] of this.layer)
      if (kittyToo || this.pictures.get(tok)?.kind !== 'kitty') this.layer.delete(i);
  }

  private kittyCommand(data: string): void {
    const m = /^G([^;]*)(?:;(.*))?$/s.exec(data);
    if (!m) throw new Error(`bad kitty command ${data.slice(0, 40)}`);
    const keys = Object.fromEntries(
      (m[1] ?? '')
        .split(',')
        .filter(Boolean)
        .map((kv) => kv.split('=') as [string, string]),
    );
    const payload = m[2] ?? '';
    this.kitty.push({ keys, payload });
    if (this.kittyPending) {
      this.kittyPending.payload += payload;
      if (keys.m !== '1') {
        this.finishTransmit(this.kittyPending.keys, this.kittyPending.payload);
        this.kittyPending = undefined;
      }
      return;
    }
    const a = keys.a ?? 't';
    if (a === 't' || a === 'T') {
      if (keys.m === '1') this.kittyPending = { keys, payload };
      else this.finishTransmit(keys, payload);
    } else if (a === 'p') {
      const id = Number(keys.i);
      const img = this.kittyImages.get(id);
      if (!img) throw new Error(`placement of image ${id} before its data`);
      const cols = Number(keys.c);
      const rows = Number(keys.r);
      const key = `${keys.i}:${keys.p}`;
      const old = this.kittyPlacements.get(key);
      if (old !== undefined) this.removeToken(old);
      const tok = this.show('kitty', img.w, img.h, undefined, cols, rows);
      this.kittyPlacements.set(key, tok);
    } else if (a === 'd' && keys.d === 'I') {
      // Free the image: its data and all its placements.
      const id = Number(keys.i);
      this.kittyImages.delete(id);
      this.kittyVirtual.delete(id);
      for (const [key, tok] of this.kittyPlacements) {
        if (!key.startsWith(`${id}:`)) continue;
        this.removeToken(tok);
        this.kittyPlacements.delete(key);
      }
    } else if (a === 'd') {
      const key = `${keys.i}:${keys.p}`;
      const tok = this.kittyPlacements.get(key);
      if (tok !== undefined) this.removeToken(tok);
      this.kittyPlacements.delete(key);
    }
  }

  private removeToken(tok: number): void {
    for (const [i, t] of this.layer) if (t === tok) this.layer.delete(i);
  }

  private finishTransmit(keys: Record<string, string>, payload: string): void {
    let raw: Uint8Array = Buffer.from(payload, 'base64');
    if (keys.o === 'z') raw = inflateSync(raw);
    const w = Number(keys.s);
    const h = Number(keys.v);
    if (raw.length !== w * h * (keys.f === '24' ? 3 : 4))
      throw new Error('kitty data size mismatch');
    const id = Number(keys.i);
    this.kittyImages.set(id, { w, h, data: raw });
    if (keys.U === '1') this.kittyVirtual.set(id, { cols: Number(keys.c), rows: Number(keys.r) });
  }

  write(s: string): Promise<void> {
    // xterm ignores APC: hand kitty commands to the OSC hook instead, in place.
    // eslint-disable-next-line no-control-regex -- rewriting escape sequences
    const rewritten = s.replace(/\x1b_G([^\x1b]*)\x1b\\/g, '\x1b]7777;G$1\x07');
    return new Promise((resolve) => {
      this.term.write(rewritten, resolve);
    });
  }

  /** The pictures on screen: token -> the cells it covers (as a rect when whole). */
  visible(): { x: number; y: number; cols: number; rows: number; pic: Shown }[] {
    const byTok = new Map<number, number[]>();
    for (const [i, tok] of this.layer) {
      const l = byTok.get(tok) ?? [];
      l.push(i);
      byTok.set(tok, l);
    }
    return [...byTok].map(([tok, cells]) => {
      const xs = cells.map((i) => i % this.cols);
      const ys = cells.map((i) => Math.floor(i / this.cols));
      const x = Math.min(...xs);
      const y = Math.min(...ys);
      const cols = Math.max(...xs) - x + 1;
      const rows = Math.max(...ys) - y + 1;
      const pic = this.pictures.get(tok);
      if (!pic) throw new Error('unknown token');
      if (cols * rows !== cells.length)
        throw new Error(
          `picture ${tok} is partly erased: ${cells.length} of ${cols}x${rows} cells left`,
        );
      return { x, y, cols, rows, pic };
    });
  }

  rowText(y: number): string {
    return this.term.buffer.active.getLine(y)?.translateToString(true) ?? '';
  }

  cellChars(x: number, y: number): string {
    return this.term.buffer.active.getLine(y)?.getCell(x)?.getChars() ?? '';
  }

  cellFg(x: number, y: number): number {
    const c = this.term.buffer.active.getLine(y)?.getCell(x);
    if (!c) return -1;
    return c.isFgRGB() || c.isFgPalette() ? c.getFgColor() : -1;
  }
}

function isCombining(cp: number): boolean {
  return /\p{M}/u.test(String.fromCodePoint(cp));
}
