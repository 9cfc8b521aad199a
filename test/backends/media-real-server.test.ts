// Images, audio, image generation and speech against the REAL mistral.rs 0.8.1
// server serving the SmolLM2 text model: what the server really answers
// (pinned here, so a new server version that changes it is noticed) and the
// clear errors the HTTP backend makes of it. Nothing here is a mock.
import { describe, expect, it } from 'vitest';
import { BackendError } from '../../src/domain/backend.js';
import type { ChatEvent, ChatRequest, ContentPart } from '../../src/domain/chat.js';
import { HttpBackend } from '../../src/services/backends/http-backend.js';
import { useRealServer, whenRealServer } from '../fixtures/backends/real-server.js';
import { tinyPng, tinyWav } from '../fixtures/backends/media-bytes.js';

async function collect(it: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
  const out: ChatEvent[] = [];
  for await (const ev of it) out.push(ev);
  return out;
}

const backend = (url: string): HttpBackend =>
  new HttpBackend({
    name: 't',
    kind: 'mistralrs',
    url,
    connectTimeoutMs: 2000,
    firstByteTimeoutMs: 60_000,
    idleTimeoutMs: 30_000,
    requestTimeoutMs: 30_000,
    retries: 0,
  });

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');

const withParts = (model: string, ...parts: ContentPart[]): ChatRequest => ({
  model,
  messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, ...parts] }],
  sampling: { maxTokens: 8, temperature: 0 },
});

const TEMPLATE_ERROR =
  'invalid operation: tried to use + operator on unsupported types string and sequence (in chat_template:4)';
const INCOMPATIBLE = "Received a request incompatible for this model's category.";

async function post(
  url: string,
  body: unknown,
): Promise<{ status: number; type: string; text: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    text: await res.text(),
  };
}

whenRealServer('media-real-server.test.ts', it, (build) => {
  const server = useRealServer();

  describe('what mistral.rs answers (recorded on 0.8.1 and 0.9.2)', { timeout: 120_000 }, () => {
    const imagePart = {
      type: 'image_url',
      image_url: { url: `data:image/png;base64,${b64(tinyPng())}` },
    };
    const message = (stream: boolean) => ({
      model: server.modelId,
      max_tokens: 5,
      stream,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'what is this' }, imagePart] }],
    });

    it('an image part to the text model: HTTP 500 from its chat template, or a plain-text event when streaming', async () => {
      const plain = await post(`${server.url}/v1/chat/completions`, message(false));
      expect(plain.status).toBe(500);
      expect(JSON.parse(plain.text)).toEqual({ message: TEMPLATE_ERROR });
      const streamed = await post(`${server.url}/v1/chat/completions`, message(true));
      expect(streamed.status).toBe(200);
      expect(streamed.type).toContain('text/event-stream');
      // 0.8.1 sends the error as a plain-text event, 0.9.2 as an OpenAI error object.
      const event =
        build.version === '0.8.1'
          ? TEMPLATE_ERROR
          : JSON.stringify({
              error: { message: TEMPLATE_ERROR, type: 'server_error', param: null, code: null },
            });
      expect(streamed.text.replace(/\r/g, '')).toBe(`data: ${event}\n\ndata: [DONE]\n\n`);
    });

    it('an image-generation and a speech request to the text model: 422 "incompatible for this model\'s category"', async () => {
      for (const model of [server.modelId, 'default']) {
        const image = await post(`${server.url}/v1/images/generations`, {
          model,
          prompt: 'a cat',
          n: 1,
          response_format: 'B64Json',
          width: 64,
          height: 64,
        });
        expect(image).toMatchObject({ status: 422, type: 'application/json' });
        expect(JSON.parse(image.text)).toEqual({ message: INCOMPATIBLE });
        const speech = await post(`${server.url}/v1/audio/speech`, {
          model,
          input: 'hello',
          response_format: 'wav',
        });
        expect(speech.status).toBe(422);
        expect(JSON.parse(speech.text)).toEqual({ message: INCOMPATIBLE });
      }
      // The format is checked before the model's kind.
      const mp3 = await post(`${server.url}/v1/audio/speech`, {
        model: server.modelId,
        input: 'hello',
        response_format: 'mp3',
      });
      expect(mp3.status).toBe(422);
      expect(JSON.parse(mp3.text)).toEqual({ message: 'Only support wav/pcm response format.' });
    });
  });

  describe('the errors the HTTP backend makes of them', { timeout: 120_000 }, () => {
    it('an image part: an incompatible error naming the model and that it takes text only', async () => {
      const events = await collect(
        backend(server.url).streamChat(
          withParts(server.modelId, { type: 'image', mime: 'image/png', base64: b64(tinyPng()) }),
        ),
      );
      const last = events.at(-1);
      expect(last).toEqual({
        type: 'error',
        error: {
          code: 'incompatible',
          message:
            `the model ${server.modelId} takes text only: it cannot read the images attached (mistral.rs "${TEMPLATE_ERROR}") — ` +
            'send the message without attachments, or choose a vision or audio model',
        },
      });
      expect(events.some((e) => e.type === 'content')).toBe(false);
    });

    it('an audio part to the default model: the same, naming audio', async () => {
      const events = await collect(
        backend(server.url).streamChat(
          withParts('default', { type: 'audio', mime: 'audio/wav', base64: b64(tinyWav()) }),
        ),
      );
      const last = events.at(-1);
      expect(last?.type).toBe('error');
      if (last?.type !== 'error') return;
      expect(last.error.code).toBe('incompatible');
      expect(last.error.message).toMatch(
        /^the server's default model takes text only: it cannot read the audio attached/,
      );
    });

    it('text parts alone still work (sent as one string: 0.9.2 refuses a list of them with this template)', async () => {
      const events = await collect(
        backend(server.url).streamChat({
          model: server.modelId,
          messages: [{ role: 'user', content: [{ type: 'text', text: 'Say hi.' }] }],
          sampling: { maxTokens: 4, temperature: 0 },
        }),
      );
      expect(events.some((e) => e.type === 'error')).toBe(false);
      expect(events.at(-1)?.type).toBe('finish');
    });

    it('image generation: BackendError incompatible, 422, naming the model', async () => {
      const err = await backend(server.url)
        .generateImage('a cat', { width: 64, height: 64, model: server.modelId })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(err).toBeInstanceOf(BackendError);
      expect(err).toMatchObject({
        code: 'incompatible',
        status: 422,
        message: `the model ${server.modelId} cannot make images: it is not a diffusion model (mistral.rs: HTTP 422 "${INCOMPATIBLE}") — choose an image model (mistralrs serve diffusion), or chat with this one`,
      });
    });

    it('speech: BackendError incompatible, 422, naming the model', async () => {
      const err = await backend(server.url)
        .generateSpeech('hello')
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(err).toBeInstanceOf(BackendError);
      expect(err).toMatchObject({
        code: 'incompatible',
        status: 422,
        message: `the server's default model cannot speak: it is not a speech model (mistral.rs: HTTP 422 "${INCOMPATIBLE}") — choose a speech model (mistralrs serve speech), or chat with this one`,
      });
    });

    it("speech in mp3: the server's own 422 message, as an http error", async () => {
      const err = await backend(server.url)
        .generateSpeech('hello', { format: 'mp3', model: server.modelId })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(err).toMatchObject({
        code: 'http',
        status: 422,
        message: 'HTTP 422: Only support wav/pcm response format.',
      });
    });
  });
});
