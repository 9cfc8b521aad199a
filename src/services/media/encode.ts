// Encoding a scaled picture: PNG with pngjs, JPEG with mozjpeg compiled to
// WebAssembly. Runs wherever it is called: in the program that is the encode
// worker (encode-thread.ts), in tests the calling thread.
import { readFile } from 'node:fs/promises';
import type { RgbaImage } from '../../domain/media.js';

export type EncodePicture = (img: RgbaImage, as: 'png' | 'jpeg') => Promise<Uint8Array>;

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

/** `img` as a PNG or a JPEG file (quality 90). */
export async function encodePicture(img: RgbaImage, as: 'png' | 'jpeg'): Promise<Uint8Array> {
  if (as === 'png') return encodePng(img);
  const encode = await jpegEncode();
  const data = new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length);
  return new Uint8Array(
    await encode(
      { data, width: img.width, height: img.height, colorSpace: 'srgb' },
      { quality: 90 },
    ),
  );
}
