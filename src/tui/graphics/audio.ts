// Audio for waveforms: PCM samples (mixed down to mono) and their duration.
// WAV is read here; MP3, FLAC and Ogg Vorbis go through WebAssembly decoders
// imported only when the first such file is decoded.

export interface Pcm {
  /** Mono samples in -1..1. */
  readonly samples: Float32Array;
  readonly sampleRate: number;
}

export type AudioFormat = 'wav' | 'mp3' | 'flac' | 'ogg';

export function sniffAudio(b: Uint8Array): AudioFormat | undefined {
  const s = String.fromCharCode(...b.subarray(0, 12));
  if (s.startsWith('RIFF') && s.slice(8, 12) === 'WAVE') return 'wav';
  if (s.startsWith('fLaC')) return 'flac';
  if (s.startsWith('OggS')) return 'ogg';
  if (s.startsWith('ID3') || (b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0)) return 'mp3';
  return undefined;
}

/** Reads 8/16/24/32-bit integer and 32/64-bit float PCM WAV; throws on anything else. */
export function decodeWav(b: Uint8Array): Pcm {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const tag = (i: number): string => String.fromCharCode(...b.subarray(i, i + 4));
  if (b.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('not a WAV file');
  let fmt: { format: number; channels: number; rate: number; bits: number } | undefined;
  let i = 12;
  while (i + 8 <= b.length) {
    const id = tag(i);
    const size = v.getUint32(i + 4, true);
    const body = i + 8;
    if (id === 'fmt ' && body + 16 <= b.length) {
      let format = v.getUint16(body, true);
      // WAVE_FORMAT_EXTENSIBLE: the real format is the sub-format's first two bytes.
      if (format === 0xfffe && size >= 26) format = v.getUint16(body + 24, true);
      fmt = {
        format,
        channels: v.getUint16(body + 2, true),
        rate: v.getUint32(body + 4, true),
        bits: v.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!fmt || fmt.channels < 1) throw new Error('WAV data before its format');
      const f = fmt;
      const bytes = f.bits / 8;
      const end = Math.min(b.length, body + size);
      const frames = Math.floor((end - body) / (bytes * f.channels));
      const out = new Float32Array(frames);
      const read = (o: number): number => {
        if (f.format === 3) return f.bits === 64 ? v.getFloat64(o, true) : v.getFloat32(o, true);
        if (f.bits === 8) return ((b[o] ?? 128) - 128) / 128;
        if (f.bits === 16) return v.getInt16(o, true) / 32768;
        if (f.bits === 24)
          return (
            (((b[o + 2] ?? 0) << 24) | ((b[o + 1] ?? 0) << 16) | ((b[o] ?? 0) << 8)) / 2147483648
          );
        return v.getInt32(o, true) / 2147483648;
      };
      if (f.format !== 1 && f.format !== 3) throw new Error('compressed WAV');
      for (let k = 0; k < frames; k++) {
        let sum = 0;
        for (let c = 0; c < f.channels; c++) sum += read(body + (k * f.channels + c) * bytes);
        out[k] = sum / f.channels;
      }
      return { samples: out, sampleRate: f.rate };
    }
    i = body + size + (size & 1);
  }
  throw new Error('WAV without data');
}

interface Decoded {
  channelData: Float32Array[];
  samplesDecoded: number;
  sampleRate: number;
}

function mono(d: Decoded): Pcm {
  const n = d.samplesDecoded;
  const out = new Float32Array(n);
  for (const ch of d.channelData)
    for (let k = 0; k < n; k++) out[k] = (out[k] ?? 0) + (ch[k] ?? 0) / d.channelData.length;
  if (n === 0 || d.sampleRate <= 0) throw new Error('no audio decoded');
  return { samples: out, sampleRate: d.sampleRate };
}

/** Decodes any of the formats above. */
export async function decodeAudio(b: Uint8Array): Promise<Pcm> {
  switch (sniffAudio(b)) {
    case 'wav':
      return decodeWav(b);
    case 'mp3': {
      const { MPEGDecoder } = await import('mpg123-decoder');
      const d = new MPEGDecoder();
      await d.ready;
      try {
        return mono(d.decode(b));
      } finally {
        d.free();
      }
    }
    case 'flac': {
      const { FLACDecoder } = await import('@wasm-audio-decoders/flac');
      const d = new FLACDecoder();
      await d.ready;
      try {
        return mono(await d.decodeFile(b));
      } finally {
        d.free();
      }
    }
    case 'ogg': {
      const { OggVorbisDecoder } = await import('@wasm-audio-decoders/ogg-vorbis');
      const d = new OggVorbisDecoder();
      await d.ready;
      try {
        return mono(await d.decodeFile(b));
      } finally {
        d.free();
      }
    }
    case undefined:
      throw new Error('unknown audio format');
  }
}

/** A 16-bit mono PCM WAV file of `samples` (tests, the gallery's sample). */
export function encodeWav(samples: Float32Array, sampleRate: number): Uint8Array {
  const out = new Uint8Array(44 + samples.length * 2);
  const v = new DataView(out.buffer);
  const put = (i: number, s: string): void => {
    for (let k = 0; k < 4; k++) out[i + k] = s.charCodeAt(k);
  };
  put(0, 'RIFF');
  v.setUint32(4, 36 + samples.length * 2, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  put(36, 'data');
  v.setUint32(40, samples.length * 2, true);
  samples.forEach((s, k) => {
    v.setInt16(44 + k * 2, Math.max(-32768, Math.min(32767, Math.round(s * 32767))), true);
  });
  return out;
}
