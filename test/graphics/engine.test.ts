// The rest of the engine side: fitting keeps the aspect ratio, half blocks
// follow the colour depth, metadata inside a file never reaches the terminal,
// and the decode worker of the built engine decodes off the main thread.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { resolveCapabilities } from '../../src/tui/graphics/caps.js';
import { Graphics } from '../../src/tui/graphics/context.js';
import type { ImageDecoder as SourceDecoder } from '../../src/tui/graphics/decoder.js';
import { fitCells } from '../../src/tui/graphics/raster.js';
import { rect } from '../../src/tui/layout/rect.js';
import { Renderer } from '../../src/tui/render/renderer.js';
import { drawImage } from '../../src/tui/widgets/image.js';
import { flacBytes, pngBytes } from './fixtures.js';

/** Inserts a tEXt chunk (with its CRC) after IHDR. */
function withText(png: Uint8Array, text: string): Uint8Array {
  const body = new TextEncoder().encode(`Comment\0${text}`);
  const chunk = new Uint8Array(12 + body.length);
  const v = new DataView(chunk.buffer);
  v.setUint32(0, body.length);
  chunk.set(new TextEncoder().encode('tEXt'), 4);
  chunk.set(body, 8);
  let c = -1;
  for (const x of chunk.subarray(4, 8 + body.length)) {
    c ^= x;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  v.setUint32(8 + body.length, (c ^ -1) >>> 0);
  const at = 8 + 25; // signature + IHDR
  const out = new Uint8Array(png.length + chunk.length);
  out.set(png.subarray(0, at));
  out.set(chunk, at);
  out.set(png.subarray(at), at + chunk.length);
  return out;
}

describe('graphics in the engine', () => {
  it('fits a picture into a cell box keeping its aspect ratio', () => {
    // 1000x500 into 40x20 cells of 10x20 px: width-bound, 400x200 px = 40x10 cells.
    expect(fitCells(1000, 500, 40, 20, { width: 10, height: 20 })).toEqual({
      cols: 40,
      rows: 10,
      width: 400,
      height: 200,
    });
    // Tall: height-bound.
    expect(fitCells(500, 1000, 40, 20, { width: 10, height: 20 })).toEqual({
      cols: 20,
      rows: 20,
      width: 200,
      height: 400,
    });
    // Small pictures are not grown unless asked.
    expect(fitCells(50, 20, 40, 20, { width: 10, height: 20 })).toEqual({
      cols: 5,
      rows: 1,
      width: 50,
      height: 20,
    });
    expect(fitCells(50, 20, 40, 20, { width: 10, height: 20 }, true).cols).toBe(40);
  });

  it('half blocks follow the colour depth (256 colours here); NO_COLOR gives the label', async () => {
    const caps = resolveCapabilities({}, undefined, { setting: 'blocks' });
    const g = new Graphics(caps, { depth: '256' });
    const p = g.picture(pngBytes(40, 20));
    await g.ready(p);
    const r = new Renderer({ width: 20, height: 4, depth: '256' });
    const out = r.draw((f) => drawImage(f.buffer, rect(0, 0, 4, 2), { picture: p, graphics: g }));
    expect(out).toContain('38;5;');
    expect(out).not.toContain('38;2;');
    const mono = resolveCapabilities({}, undefined, { setting: 'auto', noColor: true });
    expect(mono.protocol).toBe('off');
  });

  it.each(['kitty', 'iterm2', 'sixel', 'blocks', 'off'] as const)(
    '%s: text inside the file never reaches the terminal',
    async (protocol) => {
      const hostile = '\x1b]0;pwned\x07\x1b[2J';
      const bytes = withText(pngBytes(60, 40), hostile);
      const caps = resolveCapabilities(
        {},
        { cell: { width: 10, height: 20 }, da1: [62] },
        { setting: protocol },
      );
      const g = new Graphics(caps, { depth: 'truecolor' });
      const p = g.picture(bytes);
      await g.ready(p);
      expect(p.status).toBe('ready');
      const r = new Renderer({ width: 30, height: 8, depth: 'truecolor' });
      const out = r.draw((f) =>
        drawImage(f.buffer, rect(0, 0, 30, 6), { picture: p, graphics: g }),
      );
      expect(out).not.toContain('pwned');
      expect(out.split('\x1b[2J').length).toBe(2); // only the renderer's own clear
    },
  );

  const built = path.resolve(import.meta.dirname, '../../dist/tui/graphics/decoder.js');
  it.skipIf(!existsSync(built))('the built engine decodes in its worker thread', async () => {
    const { ImageDecoder } = (await import(built)) as { ImageDecoder: typeof SourceDecoder };
    const d = new ImageDecoder();
    try {
      const { img, scaled } = await d.decode(pngBytes(64, 32), 'png', { width: 16, height: 8 });
      expect([img.width, img.height, img.data.length]).toEqual([64, 32, 64 * 32 * 4]);
      // Scaled for the first drawing in the worker too.
      expect([scaled?.width, scaled?.height, scaled?.data.length]).toEqual([16, 8, 16 * 8 * 4]);
      await expect(d.decode(pngBytes(64, 32).slice(0, 60), 'png')).rejects.toThrow();
      // Audio too; a decoder's complaints stay inside the worker (its console is silenced).
      const pcm = await d.audio(flacBytes(Int16Array.from({ length: 500 }, (_, i) => i * 10)));
      expect([pcm.sampleRate, pcm.samples.length]).toEqual([8000, 500]);
      const written: string[] = [];
      const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
        written.push(String(chunk));
        return true;
      });
      try {
        // Frames whose headers do not check out: libFLAC complains on the console.
        const broken = flacBytes(
          Int16Array.from({ length: 5000 }, (_, i) => i),
          0x70,
        );
        await expect(d.audio(broken)).rejects.toThrow();
        await new Promise((r) => setTimeout(r, 200)); // worker output is forwarded asynchronously
      } finally {
        spy.mockRestore();
      }
      expect(written.join('')).not.toMatch(/flac|FLAC/);
    } finally {
      await d.dispose();
    }
  });
});
