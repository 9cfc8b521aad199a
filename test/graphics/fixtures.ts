// Pictures for the graphics tests, made here rather than checked in: a PNG
// from our encoder, and JPEG, GIF and WebP from the libraries' own encoders.
import { readFileSync } from 'node:fs';
import { encodePng } from '../../src/tui/graphics/png.js';
import type { Rgba } from '../../src/tui/graphics/raster.js';

/** A w x h picture: red left half, blue right half, a green band across the middle. */
export function testPattern(w: number, h: number): Rgba {
  const data = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      const band = y >= h * 0.4 && y < h * 0.6;
      data[i] = band ? 0 : x < w / 2 ? 220 : 20;
      data[i + 1] = band ? 200 : 30;
      data[i + 2] = band ? 0 : x < w / 2 ? 20 : 230;
      data[i + 3] = 255;
    }
  }
  return { width: w, height: h, data };
}

export function pngBytes(w: number, h: number): Uint8Array {
  return encodePng(testPattern(w, h));
}

export async function jpegBytes(w: number, h: number): Promise<Uint8Array> {
  const jpeg = (await import('jpeg-js')).default;
  const img = testPattern(w, h);
  return new Uint8Array(jpeg.encode({ width: w, height: h, data: img.data }, 85).data);
}

export async function gifBytes(w: number, h: number): Promise<Uint8Array> {
  const { GifWriter } = (await import('omggif')).default as unknown as {
    GifWriter: new (
      buf: Uint8Array,
      w: number,
      h: number,
      opts: { palette: number[] },
    ) => {
      addFrame(x: number, y: number, w: number, h: number, px: number[]): void;
      end(): number;
    };
  };
  const buf = new Uint8Array(w * h * 4 + 1024);
  const g = new GifWriter(buf, w, h, { palette: [0xdc141e, 0x1414e6, 0x00c800, 0x000000] });
  const px: number[] = [];
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) px.push(y >= h * 0.4 && y < h * 0.6 ? 2 : x < w / 2 ? 0 : 1);
  g.addFrame(0, 0, w, h, px);
  return buf.slice(0, g.end());
}

export async function webpBytes(w: number, h: number): Promise<Uint8Array> {
  const enc = await import('@jsquash/webp/encode.js');
  const wasm = readFileSync(new URL(import.meta.resolve('@jsquash/webp/codec/enc/webp_enc.wasm')));
  await enc.init(await WebAssembly.compile(wasm));
  const img = testPattern(w, h);
  const out = await enc.default(
    { data: new Uint8ClampedArray(img.data), width: w, height: h, colorSpace: 'srgb' },
    { quality: 90 },
  );
  return new Uint8Array(out);
}
