// Decoding PNG, JPEG, GIF (first frame) and WebP into RGBA with pure-JS and
// WebAssembly libraries, each imported only when the first picture of its
// format is decoded. Runs in the decode worker (decoder.ts) in the program;
// tests and benchmarks may call it directly.
import { readFile } from 'node:fs/promises';
import type { ImageFormat } from './format.js';
import { type Rgba, resize, toWorkingSize } from './raster.js';

/** A size to scale to right after decoding (the size the picture is first drawn at). */
export interface ScaleHint {
  readonly width: number;
  readonly height: number;
}

export interface Decoded {
  /** The picture at its working size. */
  readonly img: Rgba;
  /** The picture scaled to the hint, when one was given. */
  readonly scaled?: Rgba;
}

/**
 * Decodes `bytes` (of the sniffed `format`), shrinks the result to the working
 * size and, with a hint, scales it for its first drawing too: all of the
 * pixel work of a first picture, off the main thread.
 */
export async function decodeImage(
  bytes: Uint8Array,
  format: ImageFormat,
  hint?: ScaleHint,
): Promise<Decoded> {
  const full = await decodeFull(bytes, format);
  if (full.width <= 0 || full.height <= 0 || full.data.length < full.width * full.height * 4)
    throw new Error('corrupt');
  const img = toWorkingSize(full);
  if (!hint || hint.width <= 0 || hint.height <= 0) return { img };
  return { img, scaled: resize(img, hint.width, hint.height) };
}

/** The picture at full size (the attachment scaler, through main.ts, scales it itself). */
export async function decodeFull(bytes: Uint8Array, format: ImageFormat): Promise<Rgba> {
  switch (format) {
    case 'png': {
      const { PNG } = (await import('pngjs')).default;
      const png = PNG.sync.read(
        globalThis.Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length),
      );
      return { width: png.width, height: png.height, data: new Uint8Array(png.data) };
    }
    case 'jpeg': {
      const decode = await jpegDecoder();
      const warnings: string[] = [];
      jpegWarnings = warnings;
      const img = await decode(bytes.slice().buffer);
      // libjpeg only warns about a truncated file and fills the rest with grey.
      if (warnings.some((w) => /premature end/i.test(w))) throw new Error('corrupt');
      return { width: img.width, height: img.height, data: new Uint8Array(img.data.buffer) };
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

type JpegDecode = (
  b: ArrayBuffer,
) => Promise<{ width: number; height: number; data: Uint8ClampedArray }>;
let jpeg: Promise<JpegDecode> | undefined;
/** Where the JPEG decoder's messages go while one file is decoded. */
let jpegWarnings: string[] = [];

/**
 * The JPEG decoder (mozjpeg compiled to WebAssembly; 6x faster than a pure-JS
 * decoder on a 10 MB photo). Its messages are caught: Emscripten would print
 * them on the terminal the UI is drawn on.
 */
function jpegDecoder(): Promise<JpegDecode> {
  jpeg ??= (async () => {
    const mod = await import('@jsquash/jpeg/decode.js');
    const wasm = await readFile(
      new URL(import.meta.resolve('@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm')),
    );
    const note = (m: string): void => {
      jpegWarnings.push(m);
    };
    await initWith(mod.init, await WebAssembly.compile(wasm), { print: note, printErr: note });
    return (b: ArrayBuffer) => mod.default(b);
  })();
  return jpeg;
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
    const quiet = (): void => undefined;
    await initWith(mod.init, await WebAssembly.compile(wasm), { print: quiet, printErr: quiet });
    return mod.default;
  })();
  return webp;
}

/**
 * jSquash's `init(module, overrides)`: its types name only the overrides, but
 * passing the compiled module is what lets it run from a file in Node.
 */
function initWith(
  init: (o?: never) => Promise<void>,
  wasm: WebAssembly.Module,
  overrides: { print: (m: string) => void; printErr: (m: string) => void },
): Promise<void> {
  return (init as unknown as (m: WebAssembly.Module, o: object) => Promise<void>)(wasm, overrides);
}
