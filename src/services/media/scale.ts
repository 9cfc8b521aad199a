// Scaling a picture down before it is sent: vision models take a limited
// number of pixels (the default 1568 px longest side is what the common ones
// resize to anyway), and a 20 MB photo in a request is slow for nothing. The
// picture is decoded by the engine's decoder (handed over by main.ts), shrunk
// with an area average (thin lines survive) and encoded again: PNG stays PNG
// (a screenshot's text stays sharp), a picture with transparency becomes PNG,
// everything else JPEG. The original is never touched. In the program the
// decoding and shrinking run in the engine's decode worker and the encoding in
// a worker of its own (encode-thread.ts): a 1568 px JPEG takes mozjpeg seconds
// on a slow machine, which must not stall typing.
import type { DecodeImage, RgbaImage, ScaledImage } from '../../domain/media.js';
import { sniffImage } from '../../tui/graphics/format.js';
import { type EncodePicture, encodePicture } from './encode.js';

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

/** For each target index, the source indices it covers and their weights (summing to 1). */
function spans(from: number, to: number): { start: number; weights: Float64Array }[] {
  const scale = from / to;
  const out: { start: number; weights: Float64Array }[] = [];
  for (let t = 0; t < to; t++) {
    const a = t * scale;
    const b = Math.min(from, a + scale);
    const first = Math.floor(a);
    const last = Math.min(from, Math.ceil(b));
    const weights = new Float64Array(last - first);
    for (let s = first; s < last; s++)
      weights[s - first] = (Math.min(b, s + 1) - Math.max(a, s)) / scale;
    out.push({ start: first, weights });
  }
  return out;
}

/**
 * Shrinks `img` to w x h by averaging the source area each target pixel
 * covers, in premultiplied alpha (transparent pixels do not darken edges):
 * across each row first, then down, both walking memory in order.
 */
export function shrink(img: RgbaImage, w: number, h: number): RgbaImage {
  const { width: sw, height: sh, data: src } = img;
  const across = spans(sw, w);
  const rows = new Float32Array(w * sh * 4);
  for (let y = 0; y < sh; y++) {
    const rowIn = y * sw * 4;
    const rowOut = y * w * 4;
    for (let x = 0; x < w; x++) {
      const span = across[x] ?? { start: 0, weights: new Float64Array() };
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let k = 0; k < span.weights.length; k++) {
        const i = rowIn + (span.start + k) * 4;
        const wa = (span.weights[k] ?? 0) * (src[i + 3] ?? 0);
        r += (src[i] ?? 0) * wa;
        g += (src[i + 1] ?? 0) * wa;
        b += (src[i + 2] ?? 0) * wa;
        a += wa;
      }
      const o = rowOut + x * 4;
      rows[o] = r;
      rows[o + 1] = g;
      rows[o + 2] = b;
      rows[o + 3] = a;
    }
  }
  const down = spans(sh, h);
  const out = new Uint8Array(w * h * 4);
  const acc = new Float64Array(w * 4);
  for (let y = 0; y < h; y++) {
    const span = down[y] ?? { start: 0, weights: new Float64Array() };
    acc.fill(0);
    for (let k = 0; k < span.weights.length; k++) {
      const weight = span.weights[k] ?? 0;
      const row = (span.start + k) * w * 4;
      for (let i = 0; i < w * 4; i++) acc[i] = (acc[i] ?? 0) + (rows[row + i] ?? 0) * weight;
    }
    const o = y * w * 4;
    for (let x = 0; x < w * 4; x += 4) {
      const a = acc[x + 3] ?? 0;
      if (a > 0) {
        out[o + x] = Math.round((acc[x] ?? 0) / a);
        out[o + x + 1] = Math.round((acc[x + 1] ?? 0) / a);
        out[o + x + 2] = Math.round((acc[x + 2] ?? 0) / a);
      }
      out[o + x + 3] = Math.round(a);
    }
  }
  return { width: w, height: h, data: out };
}

function hasTransparency(img: RgbaImage): boolean {
  for (let i = 3; i < img.data.length; i += 4) if (img.data[i] !== 255) return true;
  return false;
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
  encode: EncodePicture = encodePicture,
): Promise<ScaledImage | undefined> {
  const info = sniffImage(bytes);
  if (info.format === undefined) throw new Error('not a PNG, JPEG, GIF or WebP picture');
  if (info.problem !== undefined) throw new Error(`the picture cannot be read: ${info.problem}`);
  if (Math.max(info.width, info.height) <= maxSide) return undefined;
  // The header's size decides the target, so the decoder can scale as it decodes.
  const size = scaledSize(info.width, info.height, maxSide);
  let img: RgbaImage;
  try {
    img = await decode(bytes, info.format, size);
  } catch (err) {
    throw new Error(`the picture cannot be decoded: ${(err as Error).message}`, { cause: err });
  }
  const small =
    img.width === size.width && img.height === size.height
      ? img
      : shrink(img, size.width, size.height);
  const png = info.format === 'png' || hasTransparency(small);
  const out = await encode(small, png ? 'png' : 'jpeg');
  return {
    bytes: out,
    mime: png ? 'image/png' : 'image/jpeg',
    width: small.width,
    height: small.height,
    original: { width: info.width, height: info.height },
  };
}
