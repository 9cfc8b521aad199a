// Scaling a picture down before it is sent: vision models take a limited
// number of pixels (the default 1568 px longest side is what the common ones
// resize to anyway), and a 20 MB photo in a request is slow for nothing. The
// picture is decoded by the engine's decoder (handed over by main.ts), shrunk
// with an area average (thin lines survive) and encoded again: PNG stays PNG
// (a screenshot's text stays sharp), a picture with transparency becomes PNG,
// everything else JPEG. The original is never touched.
import { readFile } from 'node:fs/promises';
import type { DecodeImage, RgbaImage, ScaledImage } from '../../domain/media.js';
import { sniffImage } from '../../tui/graphics/format.js';

/** The size a w x h picture is scaled to so its longest side is at most `maxSide`. */
export function scaledSize(
  w: number,
  h: number,
  maxSide: number,
): { width: number; height: number } {
  const s = Math.min(1, maxSide / Math.max(w, h));
  return {
    width: Math.max(1, Math.round(w * s)),
    height: Math.max(1, Math.round(h * s)),
  };
}

/** Shrinks `img` to w x h by averaging the source area each target pixel covers. */
export function shrink(img: RgbaImage, w: number, h: number): RgbaImage {
  // Two passes (across, then down), each an exact area average with fractional edges.
  const across = shrinkAxis(img.data, img.width, img.height, w, true);
  const data = shrinkAxis(across, w, img.height, h, false);
  return { width: w, height: h, data };
}

function shrinkAxis(
  src: Uint8Array,
  sw: number,
  sh: number,
  target: number,
  horizontal: boolean,
): Uint8Array {
  const from = horizontal ? sw : sh;
  const other = horizontal ? sh : sw;
  const tw = horizontal ? target : sw;
  const out = new Uint8Array(tw * (horizontal ? sh : target) * 4);
  const scale = from / target;
  const acc = new Float64Array(4);
  for (let t = 0; t < target; t++) {
    const start = t * scale;
    const end = start + scale;
    for (let o = 0; o < other; o++) {
      acc.fill(0);
      for (let s = Math.floor(start); s < Math.min(from, Math.ceil(end)); s++) {
        const weight = Math.min(end, s + 1) - Math.max(start, s);
        const i = horizontal ? (o * sw + s) * 4 : (s * sw + o) * 4;
        // Weighted by alpha, so transparent pixels do not darken the edges.
        const a = (src[i + 3] ?? 0) * weight;
        acc[0] = (acc[0] ?? 0) + (src[i] ?? 0) * a;
        acc[1] = (acc[1] ?? 0) + (src[i + 1] ?? 0) * a;
        acc[2] = (acc[2] ?? 0) + (src[i + 2] ?? 0) * a;
        acc[3] = (acc[3] ?? 0) + a;
      }
      const j = horizontal ? (o * tw + t) * 4 : (t * tw + o) * 4;
      const alpha = acc[3] ?? 0;
      if (alpha > 0) {
        out[j] = Math.round((acc[0] ?? 0) / alpha);
        out[j + 1] = Math.round((acc[1] ?? 0) / alpha);
        out[j + 2] = Math.round((acc[2] ?? 0) / alpha);
      }
      out[j + 3] = Math.round(alpha / scale);
    }
  }
  return out;
}

function hasTransparency(img: RgbaImage): boolean {
  for (let i = 3; i < img.data.length; i += 4) if (img.data[i] !== 255) return true;
  return false;
}

async function encodePng(img: RgbaImage): Promise<Uint8Array> {
  const { PNG } = (await import('pngjs')).default;
  const png = new PNG({ width: img.width, height: img.height });
  png.data = Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength);
  return new Uint8Array(PNG.sync.write(png));
}

type JpegEncode = (
  img: { data: Uint8ClampedArray; width: number; height: number; colorSpace: 'srgb' },
  options: { quality: number },
) => Promise<ArrayBuffer>;
let jpegEncoder: Promise<JpegEncode> | undefined;

/** mozjpeg compiled to WebAssembly, compiled once from the package's .wasm file. */
function jpegEncode(): Promise<JpegEncode> {
  jpegEncoder ??= (async () => {
    const mod = await import('@jsquash/jpeg/encode.js');
    const wasm = await readFile(
      new URL(import.meta.resolve('@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm')),
    );
    const quiet = (): void => undefined;
    // jSquash's init takes the compiled module first when it runs from a file in Node.
    await (mod.init as unknown as (m: WebAssembly.Module, o: object) => Promise<void>)(
      await WebAssembly.compile(wasm),
      { print: quiet, printErr: quiet },
    );
    return mod.default as unknown as JpegEncode;
  })();
  jpegEncoder.catch(() => {
    jpegEncoder = undefined;
  });
  return jpegEncoder;
}

/**
 * `bytes` scaled to at most `maxSide` on its longest side; undefined when it
 * already fits. Throws an Error saying what is wrong with a picture that
 * cannot be read.
 */
export async function scaleImage(
  bytes: Uint8Array,
  maxSide: number,
  decode: DecodeImage,
): Promise<ScaledImage | undefined> {
  const info = sniffImage(bytes);
  if (info.format === undefined) throw new Error('not a PNG, JPEG, GIF or WebP picture');
  if (info.problem !== undefined) throw new Error(`the picture cannot be read: ${info.problem}`);
  if (Math.max(info.width, info.height) <= maxSide) return undefined;
  let img: RgbaImage;
  try {
    img = await decode(bytes, info.format);
  } catch (err) {
    throw new Error(`the picture cannot be decoded: ${(err as Error).message}`, { cause: err });
  }
  const size = scaledSize(img.width, img.height, maxSide);
  const small = shrink(img, size.width, size.height);
  const png = info.format === 'png' || hasTransparency(small);
  const out = png
    ? await encodePng(small)
    : new Uint8Array(
        await (
          await jpegEncode()
        )(
          {
            data: new Uint8ClampedArray(
              small.data.buffer,
              small.data.byteOffset,
              small.data.length,
            ),
            width: small.width,
            height: small.height,
            colorSpace: 'srgb',
          },
          { quality: 90 },
        ),
      );
  return {
    bytes: out,
    mime: png ? 'image/png' : 'image/jpeg',
    width: small.width,
    height: small.height,
    original: { width: img.width, height: img.height },
  };
}
