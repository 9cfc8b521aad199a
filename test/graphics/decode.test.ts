// Every format decodes to the right pixels; corrupt, truncated, empty and
// absurdly large files become a label: no crash, no hang.
import { describe, expect, it } from 'vitest';
import { resolveCapabilities } from '../../src/tui/graphics/caps.js';
import { Graphics } from '../../src/tui/graphics/context.js';
import { sniffImage } from '../../src/tui/graphics/format.js';
import { rect } from '../../src/tui/layout/rect.js';
import { Buffer as Grid } from '../../src/tui/buffer/buffer.js';
import { drawImage } from '../../src/tui/widgets/image.js';
import { gifBytes, jpegBytes, pngBytes, webpBytes } from './fixtures.js';

const caps = resolveCapabilities({}, undefined, { setting: 'blocks' });

async function show(bytes: Uint8Array): Promise<{ rows: string[]; status: string }> {
  const g = new Graphics(caps, { depth: 'truecolor' });
  const p = g.picture(bytes);
  await g.ready(p);
  const buf = Grid.sized(40, 6);
  drawImage(buf, rect(0, 0, 40, 6), { picture: p, graphics: g });
  return { rows: Array.from({ length: 6 }, (_, y) => buf.rowText(y).trimEnd()), status: p.status };
}

describe('decoding', () => {
  it.each([
    ['PNG', () => Promise.resolve(pngBytes(80, 40))],
    ['JPEG', () => jpegBytes(80, 40)],
    ['GIF', () => gifBytes(80, 40)],
    ['WebP', () => webpBytes(80, 40)],
  ])('%s: header size, then pixels (red left, blue right) as half blocks', async (_name, make) => {
    const bytes = await make();
    expect(sniffImage(bytes)).toMatchObject({ width: 80, height: 40, problem: undefined });
    const g = new Graphics(caps, { depth: 'truecolor' });
    const p = g.picture(bytes);
    await g.ready(p);
    expect(p.status).toBe('ready');
    const buf = Grid.sized(8, 2);
    drawImage(buf, rect(0, 0, 8, 2), { picture: p, graphics: g, upscale: true });
    const left = buf.cell(0, 0);
    const right = buf.cell(7, 0);
    expect(left.symbol).toBe('▀');
    expect((left.fg >> 16) & 0xff).toBeGreaterThan(170);
    expect(right.fg & 0xff).toBeGreaterThan(170);
  });

  const cases: [string, () => Uint8Array | Promise<Uint8Array>, RegExp][] = [
    ['a 0-byte file', () => new Uint8Array(0), /^\[image 0 B: empty file\]/],
    [
      'random bytes',
      () => Promise.resolve(Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 256)),
      /unknown format/,
    ],
    [
      'a truncated PNG',
      () => pngBytes(300, 200).slice(0, 200),
      /^\[image 300×200 PNG .*: corrupt\]/,
    ],
    [
      'a PNG with a corrupt body',
      () => {
        const b = pngBytes(100, 100);
        for (let i = 60; i < b.length - 20; i++) b[i] = 0x55;
        return b;
      },
      /corrupt/,
    ],
    [
      'a JPEG cut at 70% (the decoder only warns)',
      async () => {
        const b = await jpegBytes(300, 200);
        return b.slice(0, Math.floor(b.length * 0.7));
      },
      /JPEG .*: corrupt\]/,
    ],
    [
      'a truncated JPEG',
      async () => (await jpegBytes(300, 200)).slice(0, 400),
      /JPEG .*: corrupt\]/,
    ],
    [
      'a JPEG without a frame header',
      () =>
        Uint8Array.from([
          0xff,
          0xd8,
          0xff,
          0xe0,
          0,
          16,
          ...new Array<number>(14).fill(0),
          0xff,
          0xd9,
        ]),
      /corrupt/,
    ],
    [
      'a truncated WebP',
      async () => (await webpBytes(300, 200)).slice(0, 60),
      /WebP .*: corrupt\]/,
    ],
    ['a truncated GIF', async () => (await gifBytes(300, 200)).slice(0, 40), /GIF .*: corrupt\]/],
    [
      'a 20000×20000 PNG header',
      () => {
        const b = pngBytes(4, 4);
        new DataView(b.buffer).setUint32(16, 20000);
        new DataView(b.buffer).setUint32(20, 20000);
        return b;
      },
      /^\[image 20000×20000 PNG .*: too large\]/,
    ],
  ];
  it.each(cases)('%s: a label in place of the picture', async (_name, make, label) => {
    const r = await show(await make());
    expect(r.status).toBe('failed');
    expect(r.rows[0]).toMatch(label);
    expect(r.rows.slice(1).every((l) => l === '')).toBe(true);
  });

  it('protocol off: the one-line label, nothing decoded', () => {
    const g = new Graphics(resolveCapabilities({}, undefined, { setting: 'off' }), {
      depth: 'truecolor',
    });
    const p = g.picture(pngBytes(1024, 768));
    const buf = Grid.sized(40, 3);
    drawImage(buf, rect(0, 0, 40, 3), { picture: p, graphics: g });
    expect(buf.rowText(0).trimEnd()).toMatch(/^\[image 1024×768 PNG \d+ KB\]$/);
    expect(p.status).toBe('new');
  });

  it('reserves the cells while decoding and shows a loading label', () => {
    const g = new Graphics(caps, { depth: 'truecolor' });
    const p = g.picture(pngBytes(200, 100));
    const buf = Grid.sized(40, 6);
    const used = drawImage(buf, rect(0, 0, 40, 6), { picture: p, graphics: g });
    expect(used).toEqual(rect(0, 0, 20, 5));
    expect(buf.rowText(0)).toMatch(/^\[image 200×100 PNG/);
    expect(p.status).toBe('decoding');
  });

  it('drops the pixels of the least recently drawn picture over the budget; its encoded forms stay', async () => {
    const g = new Graphics(caps, { depth: 'truecolor', decodedBytes: 200 * 100 * 4 + 10 });
    const a = g.picture(pngBytes(200, 100));
    const b = g.picture(pngBytes(100, 200));
    const draw = (p: typeof a, w: number) => {
      const buf = Grid.sized(40, 12);
      drawImage(buf, rect(0, 0, w, 10), { picture: p, graphics: g });
      return buf.rowText(0);
    };
    await g.ready(a);
    draw(a, 20);
    await g.ready(b);
    draw(b, 20);
    expect(a.rgba).toBeUndefined();
    expect(b.rgba).toBeDefined();
    // The same size comes from the cache: no decoding.
    expect(draw(a, 20)).toMatch(/^▀/);
    expect(a.status).toBe('ready');
    // A new size needs the pixels: decoded again, a label meanwhile.
    expect(draw(a, 10)).toMatch(/^\[image/);
    expect(a.status).toBe('decoding');
    await g.ready(a);
    expect(draw(a, 10)).toMatch(/^▀/);
  });

  it.each(['blocks', 'sixel'] as const)(
    '%s: the first drawing uses pixels scaled by the decoder, not the full picture',
    async (setting) => {
      const g = new Graphics(
        resolveCapabilities({}, { cell: { width: 10, height: 20 }, da1: [62] }, { setting }),
        { depth: 'truecolor' },
      );
      const p = g.picture(pngBytes(400, 200));
      const buf = Grid.sized(40, 12);
      drawImage(buf, rect(0, 0, 20, 10), { picture: p, graphics: g }); // starts decoding, with the size
      await g.ready(p);
      // Without the full pixels, only the pre-scaled ones can draw it.
      p.rgba = undefined;
      const again = Grid.sized(40, 12);
      drawImage(again, rect(0, 0, 20, 10), { picture: p, graphics: g });
      expect(p.status).toBe('ready');
      if (setting === 'blocks') expect(again.rowText(0)).toMatch(/^▀{20}/);
      else expect(again.graphics).toHaveLength(1);
    },
  );
});
