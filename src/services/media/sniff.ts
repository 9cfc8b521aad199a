// What a media file is, from its magic bytes, and the facts its headers give
// without decoding it: pixel size for images (the engine's sniffer, shared),
// duration, sample rate and channels for audio. Cheap enough for a chip to
// show at once, even for a long recording.
import type { AudioKind, MediaInfo } from '../../domain/media.js';
import { sniffImage } from '../../tui/graphics/format.js';

const IMAGE_MIME = { png: 'image/png', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp' };
const AUDIO_MIME: Readonly<Record<AudioKind, string>> = {
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  flac: 'audio/flac',
  ogg: 'audio/ogg',
};

const ascii = (b: Uint8Array, i: number, n: number): string =>
  String.fromCharCode(...b.subarray(i, i + n));
const u16le = (b: Uint8Array, i: number): number => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
const u32le = (b: Uint8Array, i: number): number => u16le(b, i) + u16le(b, i + 2) * 65536;
const u32be = (b: Uint8Array, i: number): number =>
  (b[i] ?? 0) * 16_777_216 + (((b[i + 1] ?? 0) << 16) | ((b[i + 2] ?? 0) << 8) | (b[i + 3] ?? 0));

interface AudioFacts {
  readonly durationMs: number | undefined;
  readonly sampleRate: number | undefined;
  readonly channels: number | undefined;
  readonly problem?: string;
}

const NO_FACTS: AudioFacts = {
  durationMs: undefined,
  sampleRate: undefined,
  channels: undefined,
  problem: 'corrupt header',
};

/** The type of `bytes` by magic bytes, with header facts; undefined for anything else. */
export function sniffMedia(bytes: Uint8Array): MediaInfo | undefined {
  const image = sniffImage(bytes);
  if (image.format !== undefined) {
    return {
      kind: 'image',
      format: image.format,
      mime: IMAGE_MIME[image.format],
      width: image.width,
      height: image.height,
      problem: image.problem,
    };
  }
  const format = audioKind(bytes);
  if (format === undefined) return undefined;
  const facts = audioFacts(bytes, format);
  return {
    kind: 'audio',
    format,
    mime: AUDIO_MIME[format],
    durationMs: facts.durationMs,
    sampleRate: facts.sampleRate,
    channels: facts.channels,
    problem: facts.problem,
  };
}

export function audioKind(b: Uint8Array): AudioKind | undefined {
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WAVE') return 'wav';
  if (b.length >= 4 && ascii(b, 0, 4) === 'fLaC') return 'flac';
  if (b.length >= 4 && ascii(b, 0, 4) === 'OggS') return 'ogg';
  if (b.length >= 3 && ascii(b, 0, 3) === 'ID3') return 'mp3';
  if (b.length >= 4 && mp3Frame(b, 0) !== undefined) return 'mp3';
  return undefined;
}

function audioFacts(b: Uint8Array, format: AudioKind): AudioFacts {
  switch (format) {
    case 'wav':
      return wav(b);
    case 'flac':
      return flac(b);
    case 'ogg':
      return ogg(b);
    case 'mp3':
      return mp3(b);
  }
}

function wav(b: Uint8Array): AudioFacts {
  let rate: number | undefined;
  let channels: number | undefined;
  let byteRate = 0;
  for (let i = 12; i + 8 <= b.length;) {
    const id = ascii(b, i, 4);
    const size = u32le(b, i + 4);
    if (id === 'fmt ' && i + 24 <= b.length) {
      channels = u16le(b, i + 10);
      rate = u32le(b, i + 12);
      byteRate = u32le(b, i + 16);
    } else if (id === 'data') {
      if (rate === undefined || byteRate === 0) return NO_FACTS;
      // A stream written before its length was known says 0 or 0xFFFFFFFF: count what is there.
      const available = b.length - (i + 8);
      const data = size === 0 || size > available ? available : size;
      return { durationMs: Math.round((data / byteRate) * 1000), sampleRate: rate, channels };
    }
    i += 8 + size + (size % 2);
  }
  return NO_FACTS;
}

function flac(b: Uint8Array): AudioFacts {
  // STREAMINFO is always the first metadata block: 4 bytes of block header, then 34 bytes.
  if (b.length < 42 || (b[4] ?? 0) % 128 !== 0) return NO_FACTS;
  const s = 8;
  const rate = ((b[s + 10] ?? 0) << 12) | ((b[s + 11] ?? 0) << 4) | ((b[s + 12] ?? 0) >> 4);
  const channels = (((b[s + 12] ?? 0) >> 1) & 7) + 1;
  const total = ((b[s + 13] ?? 0) & 0x0f) * 2 ** 32 + u32be(b, s + 14);
  if (rate === 0) return NO_FACTS;
  return {
    durationMs: total > 0 ? Math.round((total / rate) * 1000) : undefined,
    sampleRate: rate,
    channels,
  };
}

function ogg(b: Uint8Array): AudioFacts {
  // The first page holds the codec's identification header.
  if (b.length < 28) return NO_FACTS;
  const segments = b[26] ?? 0;
  const body = 27 + segments;
  let rate: number;
  let channels: number | undefined;
  let granuleRate: number;
  let preSkip = 0;
  if (ascii(b, body, 7) === '\x01vorbis') {
    channels = b[body + 11];
    rate = u32le(b, body + 12);
    granuleRate = rate;
  } else if (ascii(b, body, 8) === 'OpusHead') {
    channels = b[body + 9];
    preSkip = u16le(b, body + 10);
    rate = u32le(b, body + 12) || 48_000;
    granuleRate = 48_000; // Opus granule positions always count 48 kHz samples
  } else if (ascii(b, body, 5) === '\x7fFLAC') {
    return { ...flac(b.subarray(body + 9)), problem: undefined };
  } else {
    return { durationMs: undefined, sampleRate: undefined, channels: undefined };
  }
  // The last page's granule position is the stream's length in samples.
  let granule = 0;
  for (let i = b.length - 27; i >= Math.max(0, b.length - 65_536 - 27); i--) {
    if (b[i] === 0x4f && ascii(b, i, 4) === 'OggS') {
      granule = u32le(b, i + 6) + u32le(b, i + 10) * 2 ** 32;
      break;
    }
  }
  const durationMs =
    granule > preSkip && granule < 2 ** 52
      ? Math.round(((granule - preSkip) / granuleRate) * 1000)
      : undefined;
  return { durationMs, sampleRate: rate, channels };
}

interface Mp3Frame {
  readonly bitrate: number;
  readonly rate: number;
  readonly channels: number;
  readonly samples: number;
  /** MPEG-1 or not (the side information's size differs). */
  readonly mpeg1: boolean;
}

const MP3_BITRATES = {
  // MPEG-1 layer III, MPEG-2/2.5 layer III (kbit/s), index 1..14
  v1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  v2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const MP3_RATES = { v1: [44_100, 48_000, 32_000], v2: [22_050, 24_000, 16_000] };

/** A layer III frame header at `i`, or undefined. */
function mp3Frame(b: Uint8Array, i: number): Mp3Frame | undefined {
  const b1 = b[i + 1] ?? 0;
  const b2 = b[i + 2] ?? 0;
  const b3 = b[i + 3] ?? 0;
  if (b[i] !== 0xff || (b1 & 0xe0) !== 0xe0) return undefined;
  const version = (b1 >> 3) & 3; // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
  const layer = (b1 >> 1) & 3; // 1: layer III
  if (version === 1 || layer !== 1) return undefined;
  const bitrateIndex = b2 >> 4;
  const rateIndex = (b2 >> 2) & 3;
  if (bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return undefined;
  const mpeg1 = version === 3;
  const bitrate = (mpeg1 ? MP3_BITRATES.v1 : MP3_BITRATES.v2)[bitrateIndex] ?? 0;
  let rate = (mpeg1 ? MP3_RATES.v1 : MP3_RATES.v2)[rateIndex] ?? 0;
  if (version === 0) rate /= 2;
  return {
    bitrate: bitrate * 1000,
    rate,
    channels: b3 >> 6 === 3 ? 1 : 2,
    samples: mpeg1 ? 1152 : 576,
    mpeg1,
  };
}

function mp3(b: Uint8Array): AudioFacts {
  let start = 0;
  if (ascii(b, 0, 3) === 'ID3' && b.length >= 10) {
    // The tag's size is "syncsafe": 7 bits per byte.
    const size =
      (((b[6] ?? 0) & 0x7f) << 21) |
      (((b[7] ?? 0) & 0x7f) << 14) |
      (((b[8] ?? 0) & 0x7f) << 7) |
      ((b[9] ?? 0) & 0x7f);
    start = 10 + size + ((b[5] ?? 0) & 0x10 ? 10 : 0);
  }
  let frame: Mp3Frame | undefined;
  const limit = Math.min(b.length - 4, start + 65_536);
  for (; start < limit; start++) {
    frame = mp3Frame(b, start);
    if (frame !== undefined) break;
  }
  if (frame === undefined) return NO_FACTS;
  const facts = { sampleRate: frame.rate, channels: frame.channels };
  // A VBR file says its frame count in a Xing/Info (or VBRI) header in its first frame.
  const side = frame.mpeg1 ? (frame.channels === 1 ? 17 : 32) : frame.channels === 1 ? 9 : 17;
  const xing = start + 4 + side;
  const tag = ascii(b, xing, 4);
  let frames: number | undefined;
  if ((tag === 'Xing' || tag === 'Info') && ((b[xing + 7] ?? 0) & 1) === 1)
    frames = u32be(b, xing + 8);
  else if (ascii(b, start + 36, 4) === 'VBRI') frames = u32be(b, start + 36 + 14);
  if (frames !== undefined && frames > 0)
    return { ...facts, durationMs: Math.round(((frames * frame.samples) / frame.rate) * 1000) };
  // Constant bit rate: the size of the audio tells the time.
  let end = b.length;
  if (end >= 128 && ascii(b, end - 128, 3) === 'TAG') end -= 128;
  return { ...facts, durationMs: Math.round(((end - start) * 8 * 1000) / frame.bitrate) };
}
