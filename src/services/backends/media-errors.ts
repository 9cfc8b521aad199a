// What mistral.rs answers when a model is asked for something it cannot do,
// turned into errors that name the model and what it accepts. Recorded on the
// real 0.8.1 server with the SmolLM2 text model (docs/attachments.md):
// - image or audio parts in a chat message: the chat template fails, HTTP 500
//   `{"message":"invalid operation: tried to use + operator on unsupported
//   types string and sequence (in chat_template:4)"}` without streaming, and
//   with streaming HTTP 200 and that text as a plain `data:` line;
// - an image-generation or speech request to a text model: HTTP 422
//   `{"message":"Received a request incompatible for this model's category."}`;
// - speech in another format than wav or pcm: HTTP 422
//   `{"message":"Only support wav/pcm response format."}` (checked first).
import { MODEL_ALIAS } from '../../domain/backend.js';
import type { BackendErrorInfo, ChatRequest } from '../../domain/chat.js';

const INCOMPATIBLE = /incompatible for this model's category/i;
/** A chat template that met a list where it expected a string (minijinja's words). */
const TEMPLATE_MET_PARTS = /unsupported types string and sequence|\(in chat_template:\d+\)/i;

function modelName(model: string): string {
  return model === MODEL_ALIAS ? "the server's default model" : `the model ${model}`;
}

/** How many image and audio parts a request carries. */
export function mediaParts(request: ChatRequest): { images: number; audio: number } {
  let images = 0;
  let audio = 0;
  for (const m of request.messages) {
    if (typeof m.content === 'string') continue;
    for (const p of m.content) {
      if (p.type === 'image') images += 1;
      else if (p.type === 'audio') audio += 1;
    }
  }
  return { images, audio };
}

function what(parts: { images: number; audio: number }): string {
  const kinds = [parts.images > 0 ? 'images' : '', parts.audio > 0 ? 'audio' : ''].filter(
    (k) => k !== '',
  );
  return kinds.join(' or ');
}

/**
 * The error for a chat request with image or audio parts that the model's
 * chat template could not read; undefined when the server's message is
 * something else (or the request had no such parts).
 */
export function partsRefused(
  request: ChatRequest,
  serverMessage: string,
  status: number | undefined,
): BackendErrorInfo | undefined {
  const parts = mediaParts(request);
  if (parts.images + parts.audio === 0) return undefined;
  if (!TEMPLATE_MET_PARTS.test(serverMessage) && !INCOMPATIBLE.test(serverMessage))
    return undefined;
  const said = `mistral.rs${status !== undefined ? `: HTTP ${String(status)}` : ''} "${serverMessage}"`;
  return {
    code: 'incompatible',
    ...(status !== undefined ? { status } : {}),
    message:
      `${modelName(request.model)} takes text only: it cannot read the ${what(parts)} attached (${said}) — ` +
      'send the message without attachments, or choose a vision or audio model',
  };
}

/** The error for an image or speech request the model's kind does not serve; undefined otherwise. */
export function generationRefused(
  kind: 'image' | 'speech',
  model: string,
  status: number,
  serverMessage: string,
): BackendErrorInfo | undefined {
  if (!INCOMPATIBLE.test(serverMessage)) return undefined;
  const said = `mistral.rs: HTTP ${String(status)} "${serverMessage}"`;
  return {
    code: 'incompatible',
    status,
    message:
      kind === 'image'
        ? `${modelName(model)} cannot make images: it is not a diffusion model (${said}) — choose an image model (mistralrs serve diffusion), or chat with this one`
        : `${modelName(model)} cannot speak: it is not a speech model (${said}) — choose a speech model (mistralrs serve speech), or chat with this one`,
  };
}
