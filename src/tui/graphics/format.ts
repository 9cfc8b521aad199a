// What a file is, read from its first bytes without decoding it: the format
// and the pixel size. This is enough to reserve the picture's cells at once,
// to refuse an image too large to decode, and to write the label that stands
// in for a picture (`[image 1024×768 PNG 312 KB]`).

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp';

export interface ImageInfo {
  /** undefined when the bytes are none of the formats we decode. */
  readonly format: ImageFormat | undefined;
  /** Pixel size from the header (0 when it could not be read). */
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
  /** Why the picture cannot be shown (empty, unknown, corrupt header, too large), or undefined. */
  readonly problem: string | undefined;
}

/** Largest picture decoded (pixels): 40 MP is 160 MB of RGBA while it is scaled down. */
export const MAX_PIXELS = 40_000_000;

const u16be = (b: Uint8Array, i: number): number => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
const u16le = (b: Uint8Array, i: number): number => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
const u24le = (b: Uint8Array, i: number): number => u16le(b, i) | ((b[i + 2] ?? 0) << 16);
const u32be = (b: Uint8Array, i: number): number => u16be(b, i) * 65536 + u16be(b, i + 2);
const ascii = (b: Uint8Array, i: number, n: number): string =>
  String.fromCharCode(...b.subarray(i, i + n));

export function sniffImage(b: Uint8Array): ImageInfo {
  const bytes = b.length;
  const info = (
    format: ImageFormat | undefined,
    width: number,
    height: number,
    problem?: string,
  ): ImageInfo => {
    let p = problem;
    if (p === undefined && format !== undefined && (width <= 0 || height <= 0)) p = 'corrupt';
    if (p === undefined && width * height > MAX_PIXELS) p = 'too large';
    return { format, width, height, bytes, problem: p };
  };
  if (bytes === 0) return info(undefined, 0, 0, 'empty file');
  if (bytes >= 24 && b[0] === 0x89 && ascii(b, 1, 3) === 'PNG') {
    if (ascii(b, 12, 4) !== 'IHDR') return info('png', 0, 0, 'corrupt');
    return info('png', u32be(b, 16), u32be(b, 20));
  }
  if (bytes >= 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return jpeg(b, info);
  if (bytes >= 10 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a'))
    return info('gif', u16le(b, 6), u16le(b, 8));
  if (bytes >= 30 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') {
    const chunk = ascii(b, 12, 4);
    if (chunk === 'VP8 ' && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a)
      return info('webp', u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff);
    if (chunk === 'VP8L' && b[20] === 0x2f) {
      const bits = (b[21] ?? 0) | ((b[22] ?? 0) << 8) | ((b[23] ?? 0) << 16) | ((b[24] ?? 0) << 24);
      return info('webp', (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
    }
    if (chunk === 'VP8X') return info('webp', u24le(b, 24) + 1, u24le(b, 27) + 1);
    return info('webp', 0, 0, 'corrupt');
  }
  return info(undefined, 0, 0, 'unknown format');
}

function jpeg(
  b: Uint8Array,
  info: (f: ImageFormat, w: number, h: number, p?: string) => ImageInfo,
): ImageInfo {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return info('jpeg', 0, 0, 'corrupt');
    const m = b[i + 1] ?? 0;
    if (m === 0xff) {
      i++;
      continue;
    }
    // SOF0..SOF15 carry the size; C4 (DHT), C8 (JPG) and CC (DAC) are not frames.
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc)
      return info('jpeg', u16be(b, i + 7), u16be(b, i + 5));
    if (m === 0xd8 || (m >= 0xd0 && m <= 0xd7) || m === 0x01) {
      i += 2;
      continue;
    }
    if (m === 0xd9 || m === 0xda) break;
    i += 2 + u16be(b, i + 2);
  }
  return info('jpeg', 0, 0, 'corrupt');
}

const FORMAT_NAMES: Readonly<Record<ImageFormat, string>> = {
  png: 'PNG',
  jpeg: 'JPEG',
  gif: 'GIF',
  webp: 'WebP',
};

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** The one-line label: `[image 1024×768 PNG 312 KB]`, with the problem when there is one. */
export function imageLabel(info: ImageInfo, extra?: string): string {
  const parts = ['image'];
  if (info.width > 0 && info.height > 0) parts.push(`${info.width}×${info.height}`);
  if (info.format !== undefined) parts.push(FORMAT_NAMES[info.format]);
  parts.push(formatBytes(info.bytes));
  const why = extra ?? info.problem;
  return `[${parts.join(' ')}${why !== undefined ? `: ${why}` : ''}]`;
}
