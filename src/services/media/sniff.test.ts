import { describe, expect, it } from 'vitest';
import { tinyPng, tinyWav } from '../../../test/fixtures/backends/media-bytes.js';
import { flacBytes, gifBytes, jpegBytes, webpBytes } from '../../../test/graphics/fixtures.js';
import { sniffMedia } from './sniff.js';

/** MPEG-1 layer III frames (128 kbit/s, 44.1 kHz, stereo), 417 bytes each, after an ID3v2 tag. */
function cbrMp3(frames: number, xingFrames?: number): Uint8Array {
  const id3 = [0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 10, ...new Array<number>(10).fill(0)];
  const frame = (i: number): number[] => {
    const f = new Array<number>(417).fill(0);
    f.splice(0, 4, 0xff, 0xfb, 0x90, 0x00);
    if (i === 0 && xingFrames !== undefined) {
      // Xing header after the 32 bytes of stereo side information: flags 1 = frame count.
      f.splice(36, 12, 0x58, 0x69, 0x6e, 0x67, 0, 0, 0, 1, ...u32be(xingFrames));
    }
    return f;
  };
  return new Uint8Array([...id3, ...Array.from({ length: frames }, (_, i) => frame(i)).flat()]);
}

const u32be = (n: number): number[] => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const u32le = (n: number): number[] => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24];

/** Ogg pages (no CRC: the sniffer reads headers, not the stream): a first page, then a last one. */
function ogg(head: number[], lastGranule: number): Uint8Array {
  const page = (granule: number, body: number[]): number[] => [
    ...[0x4f, 0x67, 0x67, 0x53, 0, 0],
    ...u32le(granule),
    ...u32le(0),
    ...[1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    1,
    body.length,
    ...body,
  ];
  return new Uint8Array([...page(0, head), ...page(lastGranule, new Array<number>(20).fill(7))]);
}

const ascii = (s: string): number[] => Array.from(new TextEncoder().encode(s));
const vorbisHead = [1, ...ascii('vorbis'), 0, 0, 0, 0, 2, ...u32le(44_100), 0, 0, 0, 0];
const opusHead = [...ascii('OpusHead'), 1, 1, 0x38, 0x01, ...u32le(16_000), 0, 0, 0];

describe('sniffing media files', () => {
  it('reads the format and pixel size of each image format', async () => {
    expect(sniffMedia(tinyPng(30, 20))).toEqual({
      kind: 'image',
      format: 'png',
      mime: 'image/png',
      width: 30,
      height: 20,
      problem: undefined,
    });
    expect(sniffMedia(await jpegBytes(64, 40))).toMatchObject({
      format: 'jpeg',
      mime: 'image/jpeg',
      width: 64,
      height: 40,
    });
    expect(sniffMedia(await gifBytes(33, 17))).toMatchObject({
      format: 'gif',
      mime: 'image/gif',
      width: 33,
      height: 17,
    });
    expect(sniffMedia(await webpBytes(50, 25))).toMatchObject({
      format: 'webp',
      mime: 'image/webp',
      width: 50,
      height: 25,
    });
  });

  it("reads a WAV file's duration, rate and channels from its header", () => {
    expect(sniffMedia(tinyWav(1500, 24_000, 2))).toEqual({
      kind: 'audio',
      format: 'wav',
      mime: 'audio/wav',
      durationMs: 1500,
      sampleRate: 24_000,
      channels: 2,
      problem: undefined,
    });
  });

  it('reads FLAC from its STREAMINFO', () => {
    expect(sniffMedia(flacBytes(new Int16Array(12_000)))).toMatchObject({
      format: 'flac',
      mime: 'audio/flac',
      durationMs: 1500,
      sampleRate: 8000,
      channels: 1,
    });
  });

  it('reads MP3: constant bit rate from the size, VBR from the Xing frame count', () => {
    // 100 frames of 417 bytes at 128 kbit/s: 41700 * 8 / 128000 s.
    expect(sniffMedia(cbrMp3(100))).toMatchObject({
      format: 'mp3',
      mime: 'audio/mpeg',
      sampleRate: 44_100,
      channels: 2,
      durationMs: Math.round((41_700 * 8 * 1000) / 128_000),
    });
    // The Xing header says 1000 frames of 1152 samples.
    expect(sniffMedia(cbrMp3(3, 1000))).toMatchObject({
      durationMs: Math.round(((1000 * 1152) / 44_100) * 1000),
    });
  });

  it('reads Ogg Vorbis and Opus from the identification header and the last granule', () => {
    expect(sniffMedia(ogg(vorbisHead, 88_200))).toMatchObject({
      format: 'ogg',
      mime: 'audio/ogg',
      sampleRate: 44_100,
      channels: 2,
      durationMs: 2000,
    });
    // Opus counts 48 kHz samples, less its pre-skip (312).
    expect(sniffMedia(ogg(opusHead, 48_312))).toMatchObject({
      sampleRate: 16_000,
      channels: 1,
      durationMs: 1000,
    });
  });

  it('says what is wrong with a broken header, and knows nothing of other files', () => {
    const broken = tinyPng(4, 4).slice(0, 30);
    broken.set([0, 0, 0, 0], 16); // width 0
    expect(sniffMedia(broken)).toMatchObject({ kind: 'image', format: 'png', problem: 'corrupt' });
    const wav = tinyWav(100).slice(0, 20);
    expect(sniffMedia(wav)).toMatchObject({
      kind: 'audio',
      format: 'wav',
      problem: 'corrupt header',
    });
    expect(sniffMedia(new TextEncoder().encode('just some text, not media'))).toBeUndefined();
    expect(sniffMedia(new Uint8Array())).toBeUndefined();
  });
});
