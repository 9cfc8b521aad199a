// Successful image and speech generation through the real HTTP client, against
// a stub server (test/fixtures/backends/generation-stub.ts says why) returning
// a real PNG and a real WAV made here: the bytes come back exactly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpBackend } from '../../src/services/backends/http-backend.js';
import { sniffImage } from '../../src/tui/graphics/format.js';
import { tinyPng, tinyWav } from '../fixtures/backends/media-bytes.js';
import { startGenerationStub, type GenerationStub } from '../fixtures/backends/generation-stub.js';

const png = tinyPng(64, 48);
const wav = tinyWav(500, 24_000, 1);
let stub: GenerationStub;

beforeAll(async () => {
  stub = await startGenerationStub({ png, wav, rate: 24_000, channels: 1 });
});
afterAll(async () => {
  await stub.close();
});

const backend = (): HttpBackend =>
  new HttpBackend({
    name: 'stub',
    kind: 'mistralrs',
    url: stub.url,
    connectTimeoutMs: 2000,
    firstByteTimeoutMs: 10_000,
    idleTimeoutMs: 10_000,
    requestTimeoutMs: 10_000,
    retries: 0,
  });

describe('generation through the HTTP client (stub server)', () => {
  it('returns each image as the PNG bytes the server sent, asking for B64Json, size and count', async () => {
    const images = await backend().generateImage('a red square', {
      width: 64,
      height: 48,
      n: 2,
      model: 'flux',
    });
    expect(images).toHaveLength(2);
    for (const img of images) {
      expect(img.mime).toBe('image/png');
      expect(Buffer.from(img.bytes).equals(Buffer.from(png))).toBe(true);
      expect(sniffImage(img.bytes)).toMatchObject({ format: 'png', width: 64, height: 48 });
    }
    expect(stub.requests.at(-1)).toEqual({
      path: '/v1/images/generations',
      body: {
        model: 'flux',
        prompt: 'a red square',
        n: 2,
        response_format: 'B64Json',
        width: 64,
        height: 48,
      },
    });
  });

  it('returns speech as the WAV bytes the server sent, with rate and channels from Content-Type', async () => {
    const speech = await backend().generateSpeech('hello there', { model: 'dia' });
    expect(speech).toMatchObject({ mime: 'audio/wav', sampleRate: 24_000, channels: 1 });
    expect(Buffer.from(speech.bytes).equals(Buffer.from(wav))).toBe(true);
    expect(stub.requests.at(-1)).toEqual({
      path: '/v1/audio/speech',
      body: { model: 'dia', input: 'hello there', response_format: 'wav' },
    });
  });
});
