// The attachment scaler (services/media) with the engine's real decoder, as
// main.ts composes them (services may not import tui, so this lives in test/).
import { describe, expect, it } from 'vitest';
import { scaleImage, scaledSize, shrink } from '../../src/services/media/scale.js';
import { decodeFull, decodeImage } from '../../src/tui/graphics/decode.js';
import { sniffImage } from '../../src/tui/graphics/format.js';
import { jpegBytes, pngBytes } from '../graphics/fixtures.js';

const pixel = (img: { width: number; data: Uint8Array }, x: number, y: number): number[] =>
  Array.from(img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4));

describe('scaling a picture before it is sent', () => {
  it('keeps the aspect ratio and never enlarges', () => {
    expect(scaledSize(4000, 1000, 1568)).toEqual({ width: 1568, height: 392 });
    expect(scaledSize(1000, 3000, 1568)).toEqual({ width: 523, height: 1568 });
    expect(scaledSize(800, 600, 1568)).toEqual({ width: 800, height: 600 });
  });

  it('averages the area each pixel covers, weighting by alpha', () => {
    // 4x1: red, blue, transparent green, white; to 2x1.
    const img = {
      width: 4,
      height: 1,
      data: new Uint8Array([255, 0, 0, 255, 0, 0, 255, 255, 0, 255, 0, 0, 255, 255, 255, 255]),
    };
    const half = shrink(img, 2, 1);
    expect(pixel(half, 0, 0)).toEqual([128, 0, 128, 255]);
    // The transparent pixel's colour does not leak in; the alpha halves.
    expect(pixel(half, 1, 0)).toEqual([255, 255, 255, 128]);
  });

  it('leaves a picture that fits alone', async () => {
    expect(await scaleImage(pngBytes(800, 600), 1568, decodeFull)).toBeUndefined();
  });

  it('scales a large PNG to a PNG and a large JPEG to a JPEG, keeping their colours', async () => {
    const png = await scaleImage(pngBytes(3200, 800), 1568, decodeFull);
    expect(png).toMatchObject({
      mime: 'image/png',
      width: 1568,
      height: 392,
      original: { width: 3200, height: 800 },
    });
    expect(sniffImage(png?.bytes ?? new Uint8Array())).toMatchObject({
      format: 'png',
      width: 1568,
      height: 392,
    });
    const jpeg = await scaleImage(await jpegBytes(2400, 1600), 1200, decodeFull);
    expect(jpeg).toMatchObject({ mime: 'image/jpeg', width: 1200, height: 800 });
    const back = await decodeFull(jpeg?.bytes ?? new Uint8Array(), 'jpeg');
    expect(back.width).toBe(1200);
    // The test pattern: red on the left, blue on the right (JPEG is lossy: roughly).
    const [r, , b] = pixel(back, 100, 50);
    expect(r).toBeGreaterThan(180);
    expect(b).toBeLessThan(70);
    const [r2, , b2] = pixel(back, 1100, 50);
    expect(r2).toBeLessThan(70);
    expect(b2).toBeGreaterThan(180);
  });

  it('asks the decoder for the target size (main.ts: the engine scales in its worker)', async () => {
    const asked: unknown[] = [];
    const out = await scaleImage(pngBytes(2000, 1000), 1000, async (bytes, format, fit) => {
      asked.push(fit);
      const d = await decodeImage(bytes, format, fit);
      return d.scaled ?? d.img;
    });
    expect(asked).toEqual([{ width: 1000, height: 500 }]);
    expect(out).toMatchObject({
      width: 1000,
      height: 500,
      original: { width: 2000, height: 1000 },
    });
  });

  it('says why a picture cannot be scaled', async () => {
    const truncated = pngBytes(3000, 3000).slice(0, 200);
    await expect(scaleImage(truncated, 1568, decodeFull)).rejects.toThrow(
      /^the picture cannot be decoded: /,
    );
    await expect(scaleImage(new Uint8Array([1, 2, 3]), 1568, decodeFull)).rejects.toThrow(
      'not a PNG, JPEG, GIF or WebP picture',
    );
  });
});
