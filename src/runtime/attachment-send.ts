// A chat turn's attachments: their bytes become content parts of the request
// (`data:` URLs on the wire; an image larger than the configured longest side
// is scaled down for sending, the original is what is saved), and after the
// user message is saved they are saved with it. The inspector's trace shows
// each part's type, mime and size, never the base64.
import type { AttachmentRef, Effect, MessageMedia } from '../app/index.js';
import type { ChatMessage, ContentPart } from '../domain/chat.js';
import type { AppPorts } from '../domain/ports.js';
import type { SessionStore } from '../domain/store.js';
import { type AttachmentEffects, metadataOf, refOf } from './attachment-effects.js';

type SendChat = Extract<Effect, { type: 'sendChat' }>;

const b64 = (b: Uint8Array): string =>
  Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');

/** Why an attachment could not be read for sending (the turn then fails with it). */
export class AttachmentMissing extends Error {
  override readonly name = 'AttachmentMissing';
}

/** The part one attachment is sent as. */
async function partOf(
  ports: AppPorts,
  media: AttachmentEffects,
  ref: AttachmentRef,
): Promise<ContentPart> {
  const bytes = await media.read(ref);
  if (bytes === undefined)
    throw new AttachmentMissing(
      `the file of attachment ${ref.name} is missing: remove it and attach it again`,
    );
  if (ref.kind === 'audio') return { type: 'audio', mime: ref.mime, base64: b64(bytes) };
  let sent: { bytes: Uint8Array; mime: string } = { bytes, mime: ref.mime };
  try {
    const scaled = await ports.media?.scaleImage(bytes);
    if (scaled !== undefined) sent = scaled;
  } catch {
    // A picture that cannot be decoded is sent as it is: the server's answer says what it makes of it.
  }
  return { type: 'image', mime: sent.mime, base64: b64(sent.bytes) };
}

/** The request's messages with each attachment added as a part after the message's text. */
export async function withMediaParts(
  ports: AppPorts,
  media: AttachmentEffects,
  messages: readonly ChatMessage[],
  mm: readonly MessageMedia[] | undefined,
): Promise<readonly ChatMessage[]> {
  if (mm === undefined || mm.length === 0) return messages;
  const out = [...messages];
  for (const { index, refs } of mm) {
    const m = out[index];
    if (m === undefined) continue;
    const text = typeof m.content === 'string' ? m.content : '';
    const parts: ContentPart[] = text !== '' ? [{ type: 'text', text }] : [];
    for (const r of refs) parts.push(await partOf(ports, media, r));
    out[index] = { ...m, content: parts };
  }
  return out;
}

/** Saves the new user message's attachments with it; the refs of the saved copies. */
export async function saveSentMedia(
  store: SessionStore,
  media: AttachmentEffects,
  sessionId: string,
  messageId: string,
  refs: readonly AttachmentRef[],
): Promise<AttachmentRef[]> {
  const out: AttachmentRef[] = [];
  for (const r of refs) {
    const bytes = await media.read(r);
    if (bytes === undefined) continue;
    const a = await store.saveAttachment({
      sessionId,
      messageId,
      name: r.name,
      mime: r.mime,
      bytes,
      origin: r.origin,
      metadata: metadataOf(r),
    });
    const saved = refOf(a);
    media.moved(r.key, saved, bytes);
    out.push(saved);
  }
  return out;
}

/** The new message's attachments: the media of the request's last message. */
export function newMessageMedia(e: SendChat): readonly AttachmentRef[] {
  const last = e.messages.length - 1;
  return e.media?.find((m) => m.index === last)?.refs ?? [];
}
