import { describe, expect, it } from 'vitest';
import type { ChatEvent } from '../../domain/chat.js';
import { EmbeddedBackend } from './embedded.js';

async function collect(it: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
  const out: ChatEvent[] = [];
  for await (const ev of it) out.push(ev);
  return out;
}

describe('embedded backend: text only', () => {
  it('refuses a message with image or audio parts in words, before loading anything', async () => {
    // No model file and no engine: the refusal must come before either is touched.
    const backend = new EmbeddedBackend({
      name: 'e',
      modelPath: '/nowhere/model.gguf',
      threads: 1,
      contextSize: 512,
      moduleDir: '/nowhere',
    });
    const events = await collect(
      backend.streamChat({
        model: 'default',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'what is this?' },
              { type: 'image', mime: 'image/png', base64: 'AAAA' },
              { type: 'audio', mime: 'audio/wav', base64: 'AAAA' },
            ],
          },
        ],
      }),
    );
    expect(events).toEqual([
      {
        type: 'error',
        error: {
          code: 'incompatible',
          message:
            'the embedded engine (node-llama-cpp) takes text only: it cannot read the images or audio attached — ' +
            'send the message without attachments, or use a mistral.rs server with a vision or audio model',
        },
      },
    ]);
  });
});
