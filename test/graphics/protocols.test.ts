// The pictures the engine emits, decoded back inside a terminal emulator
// (test/graphics/term.ts): right size, right cell, nothing left behind after
// a move, a scroll or a dialog over them, nothing sent again for an unchanged
// frame, and kitty commands well formed (chunks, q=2, stable ids,
// placeholder diacritics, deletes).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Buffer } from '../../src/tui/buffer/buffer.js';
import { type GraphicsProtocol, resolveCapabilities } from '../../src/tui/graphics/caps.js';
import { Graphics, type Picture } from '../../src/tui/graphics/context.js';
import { DIACRITICS, PLACEHOLDER } from '../../src/tui/graphics/kitty.js';
import { passthrough } from '../../src/tui/graphics/tmux.js';
import { type Rect, rect } from '../../src/tui/layout/rect.js';
import { Renderer } from '../../src/tui/render/renderer.js';
import { rgbParts } from '../../src/tui/style/color.js';
import { drawImage } from '../../src/tui/widgets/image.js';
import { drawPopup } from '../../src/tui/widgets/popup.js';
import { pngBytes } from './fixtures.js';
import { CELL_H, CELL_W, GraphicsTerm } from './term.js';

function noise(w: number, h: number) {
  let s = 1;
  const data = Uint8Array.from({ length: w * h * 4 }, () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s >>> 24;
  });
  return { width: w, height: h, data };
}

const W = 60;
const H = 16;

function setup(protocol: GraphicsProtocol, placeholders = false) {
  const caps = {
    ...resolveCapabilities(
      { TERM: 'xterm-kitty' },
      { kitty: true, da1: [62, 4], cell: { width: CELL_W, height: CELL_H } },
      { setting: protocol },
    ),
    placeholders,
  };
  const g = new Graphics(caps, { depth: 'truecolor' });
  const renderer = new Renderer({ width: W, height: H, depth: 'truecolor' });
  const term = new GraphicsTerm(W, H);
  const frame = async (view: (buf: Buffer) => void): Promise<string> => {
    const bytes = renderer.draw((f) => {
      view(f.buffer);
    });
    await term.write(bytes);
    return bytes;
  };
  return { g, renderer, term, frame };
}

let picture: (g: Graphics) => Picture;
beforeAll(() => {
  const bytes = pngBytes(200, 100); // 20x5 cells at 10x20 px
  picture = (g) => g.picture(bytes);
});

/** A transcript: `lines` text rows, the picture after row `at`, the whole scrolled by `scroll`. */
function transcript(buf: Buffer, g: Graphics, p: Picture, at: number, scroll: number): Rect {
  for (let y = 0; y < H; y++) buf.setString(0, y, `line ${y + scroll} ${'·'.repeat(30)}`);
  const area = rect(4, at - scroll, 20, 5);
  const clip = rect(0, 0, W, H);
  buf.clear(rect(0, area.y, W, 5));
  return drawImage(buf, area, { picture: p, graphics: g, clip });
}

function dialog(buf: Buffer): void {
  const r = rect(10, 4, 24, 5);
  drawPopup(buf, r, { titles: [' Confirm '] });
  buf.setString(12, 6, 'Delete the session?');
}

describe.each(['sixel', 'iterm2', 'kitty'] as const)('%s pictures in a terminal', (protocol) => {
  it('show at their cell, at their size, once; move, hide under a dialog and come back without leftovers', async () => {
    const { g, term, frame } = setup(protocol);
    const p = picture(g);
    await g.ready(p);
    await frame((b) => transcript(b, g, p, 3, 0));
    let v = term.visible();
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ x: 4, y: 3, cols: 20, rows: 5 });
    expect([v[0]?.pic.pxWidth, v[0]?.pic.pxHeight]).toEqual(
      protocol === 'kitty' ? [200, 100] : [200, 100],
    );
    if (v[0]?.pic.pixels) {
      // Top-left pixel red, top-right blue (the decoders are independent of ours).
      const px = v[0].pic.pixels;
      expect(px[0]).toBeGreaterThan(180);
      expect(px[2]).toBeLessThan(60);
      const tr = 199 * 4;
      expect(px[tr + 2]).toBeGreaterThan(180);
    }
    // An unchanged frame sends no picture again.
    const again = await frame((b) => transcript(b, g, p, 3, 0));
    expect(again.includes('\x1bP') || again.includes('\x1b]1337') || again.includes('\x1b_G')).toBe(
      false,
    );
    // Scrolled by two lines: drawn at its new place, nothing at the old one.
    await frame((b) => transcript(b, g, p, 3, 2));
    v = term.visible();
    expect(v.map((s) => [s.x, s.y, s.cols, s.rows])).toEqual([[4, 1, 20, 5]]);
    expect(term.rowText(7)).toContain('line 9');
    // A dialog over it: the picture goes, the dialog is whole.
    await frame((b) => {
      transcript(b, g, p, 3, 2);
      dialog(b);
    });
    expect(term.visible()).toEqual([]);
    expect(term.rowText(6)).toContain('Delete the session?');
    // Dialog closed: back again.
    await frame((b) => transcript(b, g, p, 3, 2));
    expect(term.visible().map((s) => [s.x, s.y])).toEqual([[4, 1]]);
    // Scrolled partly off the top: only the visible rows are shown.
    await frame((b) => transcript(b, g, p, 3, 5));
    v = term.visible();
    expect(v.map((s) => [s.x, s.y, s.cols, s.rows])).toEqual([[4, 0, 20, 3]]);
    // Scrolled away: nothing left.
    await frame((b) => transcript(b, g, p, 3, 12));
    expect(term.visible()).toEqual([]);
  });

  it('keeps a picture off the last row where the cursor would scroll the screen', async () => {
    const { g, term, frame } = setup(protocol);
    const p = picture(g);
    await g.ready(p);
    await frame((b) => drawImage(b, rect(0, H - 3, 20, 5), { picture: p, graphics: g }));
    const v = term.visible();
    if (protocol === 'kitty') expect(v.map((s) => s.rows)).toEqual([3]);
    else expect(v.map((s) => s.rows)).toEqual([2]);
    expect(term.rowText(0)).toBe('');
  });
});

describe('kitty commands', () => {
  it('classic: data once per (image, size) in chunks of at most 4096 with q=2, placements by id, deletes', async () => {
    const { g, term, frame } = setup('kitty');
    // Noise does not compress: several chunks.
    const big = g.pictureFromPixels('noise', noise(300, 200));
    await frame((b) => drawImage(b, rect(0, 0, 40, 10), { picture: big, graphics: g }));
    const transmits = term.kitty.filter((c) => c.keys.a === 't');
    expect(transmits).toHaveLength(1);
    const chunks = term.kitty.filter((c) => c.keys.a !== 'p' && c.keys.a !== 'd');
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of term.kitty) expect(c.keys.q).toBe('2');
    for (const c of chunks) expect(c.payload.length).toBeLessThanOrEqual(4096);
    expect(chunks.slice(0, -1).every((c) => c.keys.m === '1')).toBe(true);
    expect(chunks.at(-1)?.keys.m).toBe('0');
    const id = transmits[0]?.keys.i;
    // Moved: the old placement is deleted, the same image placed again, no data sent.
    term.kitty.length = 0;
    await frame((b) => drawImage(b, rect(0, 2, 40, 10), { picture: big, graphics: g }));
    expect(term.kitty.map((c) => c.keys.a)).toEqual(['d', 'p']);
    expect(term.kitty.every((c) => c.keys.i === id)).toBe(true);
    expect(term.visible().map((s) => s.y)).toEqual([2]);
  });

  it('placeholders: transmitted once with a virtual placement; cells carry the id and row/column diacritics; they scroll as text', async () => {
    const { g, term, frame } = setup('kitty', true);
    const p = picture(g);
    await g.ready(p);
    await frame((b) => transcript(b, g, p, 3, 0));
    const t = term.kitty.filter((c) => c.keys.a === 'T');
    expect(t).toHaveLength(1);
    expect(t[0]?.keys).toMatchObject({ U: '1', c: '20', r: '5', q: '2' });
    const id = Number(t[0]?.keys.i);
    const check = (top: number): void => {
      for (let row = 0; row < 5; row++) {
        const y = top + row;
        if (y < 0) continue;
        for (let col = 0; col < 20; col++) {
          const chars = term.cellChars(4 + col, y);
          expect(chars.codePointAt(0)).toBe(PLACEHOLDER.codePointAt(0));
          const marks = Array.from(chars.slice(2));
          expect(DIACRITICS.indexOf(marks[0] ?? '')).toBe(row);
          expect(DIACRITICS.indexOf(marks[1] ?? '')).toBe(col);
          const [r, gg, b] = rgbParts(term.cellFg(4 + col, y) | 0x1000000);
          expect((r << 16) | (gg << 8) | b).toBe(id);
        }
      }
    };
    check(3);
    term.kitty.length = 0;
    await frame((b) => transcript(b, g, p, 3, 2));
    check(1);
    expect(term.kitty).toEqual([]); // nothing sent again
  });

  it('sends the data again after retransmitImages (tmux dropped it while the window was hidden)', async () => {
    const { g, term, frame, renderer } = setup('kitty', true);
    const p = picture(g);
    await g.ready(p);
    await frame((b) => transcript(b, g, p, 3, 0));
    term.kitty.length = 0;
    renderer.retransmitImages();
    await frame((b) => transcript(b, g, p, 3, 0));
    expect(term.kitty.filter((c) => c.keys.a === 'T')).toHaveLength(1);
  });

  it('leaving the screen deletes the placements and frees the image data', async () => {
    for (const placeholders of [false, true]) {
      const { g, term, frame, renderer } = setup('kitty', placeholders);
      const p = picture(g);
      await g.ready(p);
      await frame((b) => transcript(b, g, p, 3, 0));
      expect(term.kittyImages.size).toBe(1);
      await term.write(renderer.releaseImages());
      expect(term.kittyImages.size).toBe(0);
      expect(term.visible()).toEqual([]);
      // Coming back sends everything again.
      await frame((b) => transcript(b, g, p, 3, 0));
      expect(term.kittyImages.size).toBe(1);
    }
  });

  it('tmux: each chunk wrapped in its own passthrough with ESC doubled', () => {
    const caps = {
      ...resolveCapabilities(
        { TMUX: 'x' },
        { kitty: true, version: 'kitty(0.35)' },
        { passthrough: 'on' },
      ),
    };
    expect(caps).toMatchObject({ protocol: 'kitty', placeholders: true, tmux: true });
    const g = new Graphics(caps, { depth: 'truecolor' });
    const p = g.pictureFromPixels('noise', noise(300, 300));
    const enc = g.placeholders(p, { cols: 30, rows: 15, width: 300, height: 300 });
    const parts = enc.transmit.split('\x1b\\\x1bPtmux;');
    expect(parts.length).toBeGreaterThan(1);
    expect(enc.transmit.startsWith('\x1bPtmux;\x1b\x1b_G')).toBe(true);
    expect(passthrough('\x1b_Ga=q\x1b\\')).toBe('\x1bPtmux;\x1b\x1b_Ga=q\x1b\x1b\\\x1b\\');
  });
});
