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

/**
 * A mono 16-bit FLAC file written by hand with VERBATIM subframes (no FLAC
 * encoder is installed here): STREAMINFO, then frames of up to 4096 samples,
 * each with its CRC-8 header check and CRC-16 footer, as libFLAC verifies them;
 * 8 kHz. `sizeAndRate` 0x70 (rate "from STREAMINFO") makes frames the decoder cannot use.
 */
export function flacBytes(samples: Int16Array, sizeAndRate = 0x74): Uint8Array {
  const rate = 8000; // the frame headers say 8 kHz
  const out: number[] = [];
  const push = (...b: number[]): void => {
    for (const x of b) out.push(x & 0xff);
  };
  push(0x66, 0x4c, 0x61, 0x43, 0x80, 0, 0, 34); // "fLaC", last block: STREAMINFO, 34 bytes
  const block = 4096;
  push(block >> 8, block, block >> 8, block, 0, 0, 0, 0, 0, 0);
  // 20 bits rate, 3 bits channels-1 (0), 5 bits bps-1 (15), 36 bits total samples.
  const n = samples.length;
  push(rate >> 12, rate >> 4, ((rate & 0xf) << 4) | (0 << 1) | (15 >> 4));
  push(((15 & 0xf) << 4) | Math.floor(n / 2 ** 32), n >>> 24, n >>> 16, n >>> 8, n);
  for (let k = 0; k < 16; k++) push(0); // MD5 unknown
  const crc8 = (b: number[]): number => {
    let c = 0;
    for (const x of b) {
      c ^= x;
      for (let k = 0; k < 8; k++) c = c & 0x80 ? ((c << 1) ^ 0x07) & 0xff : (c << 1) & 0xff;
    }
    return c;
  };
  const crc16 = (b: number[]): number => {
    let c = 0;
    for (const x of b) {
      c ^= x << 8;
      for (let k = 0; k < 8; k++) c = c & 0x8000 ? ((c << 1) ^ 0x8005) & 0xffff : (c << 1) & 0xffff;
    }
    return c;
  };
  for (let f = 0, start = 0; start < n; f++, start += block) {
    const size = Math.min(block, n - start);
    if (f > 127) throw new Error('fixture too long');
    // Sync, fixed blocking; block size from the 16-bit field; 8 kHz;
    // mono, 16 bits per sample; frame number (one UTF-8 byte); block size - 1.
    const frame = [0xff, 0xf8, sizeAndRate, 0x08, f, (size - 1) >> 8, (size - 1) & 0xff];
    frame.push(crc8(frame));
    frame.push(0x02); // VERBATIM subframe
    for (let k = 0; k < size; k++) {
      const v = samples[start + k] ?? 0;
      frame.push((v >> 8) & 0xff, v & 0xff);
    }
    const c = crc16(frame);
    frame.push(c >> 8, c & 0xff);
    push(...frame);
  }
  return Uint8Array.from(out);
}
