// Property test of the renderer: random sequences of frames are drawn, the
// emitted bytes are fed to a real terminal emulator (@xterm/headless with
// grapheme-aware widths), and the emulated screen must equal the last buffer
// cell by cell: text, width, colours and modifiers. Any redundant-move or
// SGR-delta bug in the emitter shows up here as a wrong cell.
import { describe, expect, it } from 'vitest';
import xterm from '@xterm/headless';
import graphemes from '@xterm/addon-unicode-graphemes';
import type { Buffer } from '../buffer/buffer.js';
import { rect } from '../layout/rect.js';
import { DEFAULT, isRgb, rgb, type ColorDepth, downgrade } from '../style/color.js';
import { Mod, type Style } from '../style/style.js';
import { Renderer } from './renderer.js';

/**
 * A terminal in the alternate screen, as the app runs. (With the normal
 * screen and no scrollback, xterm.js keeps a stale top line after a resize and
 * then scrolls regions one row off; the alternate screen has no such state.)
 */
function makeTerm(cols: number, rows: number): xterm.Terminal {
  const t = new xterm.Terminal({ cols, rows, allowProposedApi: true, scrollback: 0 });
  t.loadAddon(new graphemes.UnicodeGraphemesAddon());
  t.write('\x1b[?1049h');
  return t;
}

const write = (t: xterm.Terminal, s: string): Promise<void> =>
  new Promise((resolve) => {
    t.write(s, resolve);
  });

/** Small deterministic PRNG so a failure can be replayed from its seed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'a',
  'hello',
  ' ',
  'x y',
  '中文',
  '😀',
  'é',
  '❤️',
  '👨‍👩‍👧',
  '🇫🇷',
  'ab中',
  '\x1b[31m',
  '—',
  '│',
];
const MODS = [Mod.bold, Mod.dim, Mod.italic, Mod.underline, Mod.reverse, Mod.strike, Mod.hidden];

function randomStyle(r: () => number): Style {
  const color = (): number => {
    const k = r();
    if (k < 0.3) return DEFAULT;
    if (k < 0.5) return Math.floor(r() * 16);
    if (k < 0.7) return 16 + Math.floor(r() * 240);
    return rgb(r() * 255, r() * 255, r() * 255);
  };
  let add = 0;
  for (const m of MODS) if (r() < 0.15) add |= m;
  return { fg: color(), bg: color(), add };
}

function drawRandom(buf: Buffer, r: () => number): void {
  const n = Math.floor(r() * 30);
  for (let k = 0; k < n; k++) {
    const x = Math.floor(r() * buf.width);
    const y = Math.floor(r() * buf.height);
    const op = r();
    if (op < 0.7) {
      let s = '';
      const words = 1 + Math.floor(r() * 5);
      for (let j = 0; j < words; j++) s += WORDS[Math.floor(r() * WORDS.length)] ?? '';
      buf.setString(x, y, s, randomStyle(r));
    } else if (op < 0.85) {
      buf.setStyle(rect(x, y, Math.floor(r() * 10), Math.floor(r() * 4)), randomStyle(r));
    } else {
      buf.clear(rect(x, y, Math.floor(r() * 12), Math.floor(r() * 4)), randomStyle(r));
    }
  }
}

/** xterm's colour for a cell as one of our Color numbers. */
function termColor(mode: 'fg' | 'bg', c: xterm.IBufferCell): number {
  const isDefault = mode === 'fg' ? c.isFgDefault() : c.isBgDefault();
  if (isDefault) return DEFAULT;
  const isRGB = mode === 'fg' ? c.isFgRGB() : c.isBgRGB();
  const v = mode === 'fg' ? c.getFgColor() : c.getBgColor();
  return isRGB ? 0x1000000 | v : v;
}

function compare(term: xterm.Terminal, buf: Buffer, depth: ColorDepth): string | undefined {
  const screen = term.buffer.active;
  for (let y = 0; y < buf.height; y++) {
    const line = screen.getLine(screen.baseY + y);
    if (!line) return `row ${y} missing`;
    for (let x = 0; x < buf.width; x++) {
      const c = buf.cell(x, y);
      const owner = c.width === 0 ? buf.cell(x - 1, y) : c;
      const t = line.getCell(x);
      if (!t) return `cell ${x},${y} missing`;
      const chars = t.getChars() === '' && t.getWidth() === 1 ? ' ' : t.getChars();
      const where = `(${x},${y}) want ${JSON.stringify(c.symbol)}/${c.width} got ${JSON.stringify(chars)}/${t.getWidth()}`;
      if (chars !== c.symbol || t.getWidth() !== c.width) return `text ${where}`;
      const fg = downgrade(owner.fg, depth);
      const bg = downgrade(owner.bg, depth);
      if (termColor('fg', t) !== fg) return `fg ${where}: ${termColor('fg', t)} vs ${fg}`;
      if (termColor('bg', t) !== bg) return `bg ${where}: ${termColor('bg', t)} vs ${bg}`;
      const m = owner.mods;
      const flags: [number, number][] = [
        [Mod.bold, t.isBold()],
        [Mod.dim, t.isDim()],
        [Mod.italic, t.isItalic()],
        [Mod.underline, t.isUnderline()],
        [Mod.reverse, t.isInverse()],
        [Mod.strike, t.isStrikethrough()],
        [Mod.hidden, t.isInvisible()],
      ];
      for (const [bit, on] of flags) {
        if (((m & bit) !== 0) !== (on !== 0)) return `mods ${where}: bit ${bit}`;
      }
    }
  }
  return undefined;
}

async function runSequence(seed: number, depth: ColorDepth): Promise<void> {
  const r = prng(seed);
  let w = 10 + Math.floor(r() * 50);
  let h = 3 + Math.floor(r() * 15);
  const term = makeTerm(w, h);
  const renderer = new Renderer({ width: w, height: h, depth });
  const frames = 2 + Math.floor(r() * 8);
  for (let f = 0; f < frames; f++) {
    if (r() < 0.1) {
      w = 10 + Math.floor(r() * 50);
      h = 3 + Math.floor(r() * 15);
      term.resize(w, h);
      renderer.resize(w, h);
    }
    const bytes = renderer.draw((frame) => {
      drawRandom(frame.buffer, r);
    });
    await write(term, bytes);
    const problem = compare(term, renderer.current, depth);
    expect(problem, `seed ${seed} frame ${f}`).toBeUndefined();
  }
  term.dispose();
}

describe('renderer replayed through xterm', () => {
  it('keeps the emulated screen equal to the last buffer (truecolor)', async () => {
    for (let seed = 1; seed <= 150; seed++) await runSequence(seed, 'truecolor');
  });

  it('keeps the emulated screen equal at 256 and 16 colours and without colour', async () => {
    for (let seed = 1000; seed <= 1040; seed++) await runSequence(seed, '256');
    for (let seed = 2000; seed <= 2040; seed++) await runSequence(seed, '16');
    for (let seed = 3000; seed <= 3020; seed++) await runSequence(seed, 'none');
  });

  it('stays exact when content scrolls (scroll regions) under random overlays', async () => {
    for (let seed = 5000; seed < 5060; seed++) {
      const r = prng(seed);
      const w = 20 + Math.floor(r() * 40);
      const h = 6 + Math.floor(r() * 14);
      const term = makeTerm(w, h);
      const renderer = new Renderer({ width: w, height: h, depth: 'truecolor' });
      const lines: { text: string; style: Style }[] = [];
      const top = Math.floor(r() * 3);
      const bottomRows = Math.floor(r() * 3);
      let back = 0; // rows scrolled back from the bottom (the user reading history)
      for (let f = 0; f < 12; f++) {
        const add = r() < 0.2 ? 0 : 1 + Math.floor(r() * 4);
        if (r() < 0.3) back = Math.floor(r() * 6);
        for (let i = 0; i < add; i++) {
          let s = '';
          for (let j = 0; j < 1 + Math.floor(r() * 6); j++)
            s += (WORDS[Math.floor(r() * WORDS.length)] ?? '') + ' ';
          lines.push({ text: s, style: randomStyle(r) });
        }
        const bytes = renderer.draw((frame) => {
          const b = frame.buffer;
          b.setString(0, 0, `header ${f}`, { add: Mod.bold });
          const body = h - top - bottomRows;
          const end = Math.max(0, lines.length - back);
          const shown = lines.slice(Math.max(0, end - body), end);
          shown.forEach((l, i) => b.setString(0, top + i, l.text, l.style));
          b.setString(0, h - 1, `status ${seed}`, { fg: 3 });
          if (r() < 0.3) drawRandom(b, r);
        });
        await write(term, bytes);
        expect(
          compare(term, renderer.current, 'truecolor'),
          `seed ${seed} frame ${f}`,
        ).toBeUndefined();
      }
      term.dispose();
    }
  });

  it('uses a scroll region when the content moves up by a line', () => {
    const renderer = new Renderer({ width: 30, height: 10, depth: 'truecolor' });
    const view = (first: number) => (f: { buffer: Buffer }) => {
      for (let y = 0; y < 8; y++)
        f.buffer.setString(0, y, String.fromCharCode(97 + ((first + y) % 26)).repeat(20));
      f.buffer.setString(0, 9, 'input');
    };
    renderer.draw(view(0));
    const bytes = renderer.draw(view(1));
    expect(bytes).toContain('\x1b[1;8r\x1b[1S\x1b[r');
    expect(renderer.lastStats.cells).toBe(20);
    const down = renderer.draw(view(0));
    expect(down).toContain('\x1b[1;8r\x1b[1T\x1b[r');
    expect(renderer.lastStats.cells).toBe(20);
    renderer.scrolling = false;
    renderer.draw(view(2));
    expect(renderer.lastStats.cells).toBe(160);
  });

  it('repaints whole the rows that hold a wide cluster, so a terminal that draws it wider leaves nothing behind', async () => {
    // Without the graphemes addon xterm.js measures each code point: a thumbs-up
    // with a skin tone is two wide glyphs (four columns), as in many terminals,
    // and a ZWJ family is three.
    const t = new xterm.Terminal({ cols: 20, rows: 3, allowProposedApi: true, scrollback: 0 });
    await write(t, '\x1b[?1049h');
    const renderer = new Renderer({ width: 20, height: 3, depth: 'truecolor' });
    const row = () => (t.buffer.active.getLine(1)?.translateToString(true) ?? '').trimEnd();
    for (const cluster of ['👍🏽', '👨‍👩‍👧']) {
      const frame = (middle: string) => (f: { buffer: Buffer }) => {
        f.buffer.setString(0, 0, 'top');
        f.buffer.setString(0, 1, `ab${middle}cdefgh`);
      };
      await write(t, renderer.draw(frame('  ')));
      expect(row()).toBe('ab  cdefgh');
      // The cluster arrives: the letters after it are painted again in place.
      await write(t, renderer.draw(frame(cluster)));
      const line = t.buffer.active.getLine(1);
      const cols = [4, 5, 6, 7, 8, 9].map((x) => line?.getCell(x)?.getChars()).join('');
      expect(cols).toBe('cdefgh');
      // And when it goes, none of it is left on screen.
      await write(t, renderer.draw(frame('  ')));
      expect(row()).toBe('ab  cdefgh');
      expect(t.buffer.active.getLine(0)?.translateToString(true).trimEnd()).toBe('top');
    }
  });

  it('paints a second identical frame with no cell output', () => {
    const renderer = new Renderer({ width: 20, height: 3, depth: 'truecolor' });
    const view = (b: Buffer): void => {
      b.setString(0, 0, 'hello 中文', { fg: rgb(1, 2, 3), add: Mod.bold });
    };
    renderer.draw((f) => {
      view(f.buffer);
    });
    const second = renderer.draw((f) => {
      view(f.buffer);
    });
    expect(renderer.lastStats.cells).toBe(0);
    expect(second).toBe('\x1b[?2026h\x1b[?2026l');
  });

  it('emits nothing outside the sanitized text even for hostile strings', async () => {
    const term = makeTerm(40, 3);
    const renderer = new Renderer({ width: 40, height: 3, depth: 'truecolor' });
    const bytes = renderer.draw((f) => {
      f.buffer.setString(0, 0, '\x1b]0;pwned\x07\x1b]52;c;aGk=\x07\x1b[2J');
      f.buffer.setString(0, 1, '\x9b31m\u202eevil');
    });
    await write(term, bytes);
    expect(term.buffer.active.getLine(0)?.translateToString(true)).toBe(
      '^[]0;pwned^G^[]52;c;aGk=^G^[[2J',
    );
    expect(term.buffer.active.getLine(1)?.translateToString(true)).toBe('^[[31m<RLO>evil');
    expect(isRgb(renderer.current.get(0, 0)?.fg ?? 0)).toBe(false);
    term.dispose();
  });
});
