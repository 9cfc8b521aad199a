// Decoding PNG, JPEG, GIF (first frame) and WebP into RGBA with pure-JS and
// WebAssembly libraries, each imported only when the first picture of its
// format is decoded. Runs in the decode worker (decoder.ts) in the program;
// tests and benchmarks may call it directly.
import { readFile } from 'node:fs/promises';
import type { ImageFormat } from './format.js';
import { MAX_PIXELS } from './format.js';
import { type Rgba, toWorkingSize } from './raster.js';

/** Decodes `bytes` (of the sniffed `format`) and shrinks the result to the working size. */
export async function decodeImage(bytes: Uint8Array, format: ImageFormat): Promise<Rgba> {
  const img = await decodeFull(bytes, format);
  if (img.width <= 0 || img.height <= 0 || img.data.length < img.width * img.height * 4)
    throw new Error('corrupt');
  return toWorkingSize(img);
}

async function decodeFull(bytes: Uint8Array, format: ImageFormat): Promise<Rgba> {
  switch (format) {
    case 'png': {
      const { PNG } = (await import('pngjs')).default;
      const png = PNG.sync.read(
        globalThis.Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length),
      );
      return { width: png.width, height: png.height, data: new Uint8Array(png.data) };
    }
    case 'jpeg': {
      const jpeg = (await import('jpeg-js')).default;
      // Not tolerant: a truncated file is reported instead of shown half grey.
      const img = jpeg.decode(bytes, {
        useTArray: true,
        formatAsRGBA: true,
        tolerantDecoding: false,
        maxResolutionInMP: MAX_PIXELS / 1e6,
        maxMemoryUsageInMB: 512,
      });
      return { width: img.width, height: img.height, data: img.data };
    }
    case 'gif': {
      const { GifReader } = await import('omggif');
      const r = new GifReader(bytes);
      if (r.numFrames() < 1) throw new Error('corrupt');
      const data = new Uint8Array(r.width * r.height * 4);
      r.decodeAndBlitFrameRGBA(0, data);
      return { width: r.width, height: r.height, data };
    }
    case 'webp': {
      const decode = await webpDecoder();
      const copy = bytes.slice().buffer;
      const img = await decode(copy);
      return { width: img.width, height: img.height, data: new Uint8Array(img.data.buffer) };
    }
  }
}

type WebpDecode = (
  b: ArrayBuffer,
) => Promise<{ width: number; height: number; data: Uint8ClampedArray }>;
let webp: Promise<WebpDecode> | undefined;

/** The WebP decoder (libwebp compiled to WebAssembly), compiled once from the package's .wasm file. */
function webpDecoder(): Promise<WebpDecode> {
  webp ??= (async () => {
    const mod = await import('@jsquash/webp/decode.js');
    const wasm = await readFile(
      new URL(import.meta.resolve('@jsquash/webp/codec/dec/webp_dec.wasm')),
    );
    await mod.init(await WebAssembly.compile(wasm));
    return mod.default;
  })();
  return webp;
}
