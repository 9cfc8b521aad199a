// Waveforms: WAV read back exactly, the envelope per column, cells with the
// play marker and the duration axis; other formats through the lazy decoders.
import { describe, expect, it } from 'vitest';
import { Buffer as Grid } from '../../src/tui/buffer/buffer.js';
import { decodeAudio, decodeWav, encodeWav, sniffAudio } from '../../src/tui/graphics/audio.js';
import { rect } from '../../src/tui/layout/rect.js';
import { drawWaveform, envelope, formatDuration } from '../../src/tui/widgets/waveform.js';
import { flacBytes } from './fixtures.js';

describe('waveform', () => {
  it('reads 16-bit PCM WAV back', () => {
    const s = Float32Array.from({ length: 800 }, (_, i) => Math.sin(i / 10) * 0.5);
    const pcm = decodeWav(encodeWav(s, 8000));
    expect(pcm.sampleRate).toBe(8000);
    expect(pcm.samples.length).toBe(800);
    expect(Math.abs((pcm.samples[15] ?? 0) - (s[15] ?? 0))).toBeLessThan(1e-3);
  });

  it('mixes stereo 8-bit down to mono', () => {
    const wav = encodeWav(new Float32Array(4), 100);
    // Rewrite as 2 channels of 8 bits: 4 frames of (255, 1) average to ~0.
    const v = new DataView(wav.buffer);
    v.setUint16(22, 2, true);
    v.setUint16(34, 8, true);
    wav.set([255, 1, 255, 1, 255, 1, 255, 1], 44);
    const pcm = decodeWav(wav);
    expect(pcm.samples.length).toBe(4);
    expect(Math.abs(pcm.samples[0] ?? 1)).toBeLessThan(0.01);
  });

  it('min/max per column', () => {
    const e = envelope(Float32Array.from([0, 1, -1, 0.5, 0, 0, -0.25, 0.25]), 2);
    expect([...e.max]).toEqual([1, 0.25]);
    expect([...e.min]).toEqual([-1, -0.25]);
  });

  it('draws the envelope, the marker and the axis', () => {
    const rate = 100;
    // Loud first half, silent second half, 4 seconds.
    const s = Float32Array.from({ length: 400 }, (_, i) => (i < 200 ? (i % 2 ? 1 : -1) : 0));
    const buf = Grid.sized(20, 5);
    drawWaveform(buf, rect(0, 0, 20, 5), { pcm: { samples: s, sampleRate: rate }, position: 3 });
    const rows = Array.from({ length: 5 }, (_, y) => buf.rowText(y));
    expect(rows.slice(0, 4).every((r) => r.startsWith('██████████'))).toBe(true);
    // Silence is a thin line in the middle; the marker at 3 s is column 15.
    expect(rows.slice(0, 4).map((r) => r.charAt(12))).toEqual([' ', ' ', '▀', ' ']);
    expect(rows[0]?.charAt(15)).toBe('│');
    expect(rows[4]).toMatch(/^0:00 .*0:03.*0:04$/);
    expect(formatDuration(75)).toBe('1:15');
  });

  it('sniffs formats and rejects what it cannot decode', async () => {
    expect(sniffAudio(encodeWav(new Float32Array(1), 8000))).toBe('wav');
    expect(sniffAudio(new TextEncoder().encode('fLaC....'))).toBe('flac');
    expect(sniffAudio(new TextEncoder().encode('OggS....'))).toBe('ogg');
    expect(sniffAudio(new TextEncoder().encode('ID3.....'))).toBe('mp3');
    await expect(decodeAudio(new Uint8Array([1, 2, 3]))).rejects.toThrow(/unknown audio format/);
    // An MP3 header with no frames behind it: the WebAssembly decoder loads and finds no audio.
    await expect(
      decodeAudio(new TextEncoder().encode('ID3\u0004\u0000\u0000\u0000\u0000\u0000\u0000')),
    ).rejects.toThrow();
  });

  it('decodes FLAC through the WebAssembly decoder, loaded on first use', async () => {
    const s = Int16Array.from({ length: 6000 }, (_, i) => Math.round(Math.sin(i / 20) * 16000));
    const pcm = await decodeAudio(flacBytes(s));
    expect(pcm.sampleRate).toBe(8000);
    expect(pcm.samples.length).toBe(6000);
    expect(Math.abs((pcm.samples[100] ?? 0) - (s[100] ?? 0) / 32768)).toBeLessThan(1e-3);
  });
});
