// The media services for attachments (docs/attachments.md), as the MediaPort
// the runtime is handed: sniffing, scaling before sending, playing audio and
// reading a picture from the clipboard.
import fs from 'node:fs';
import type { DecodeImage } from '../../domain/media.js';
import type { MediaPort } from '../../domain/ports.js';
import { readClipboardImage } from './clipboard.js';
import { findPlayer, play } from './player.js';
import { EncodeThread } from './encode-thread.js';
import { scaleImage } from './scale.js';
import { sniffMedia } from './sniff.js';

export { sniffMedia, audioKind } from './sniff.js';
export { scaleImage, scaledSize, shrink } from './scale.js';
export { findPlayer, play, PLAYERS } from './player.js';
export { readClipboardImage } from './clipboard.js';

/** Largest file read to be attached (a 10-minute WAV is 100 MB; a photo a few MB). */
export const MAX_ATTACHMENT_FILE_BYTES = 512 * 1_048_576;

export interface MediaOptions {
  /** config attachments.max_image_side */
  readonly maxImageSide: number;
  /** config attachments.audio_player */
  readonly audioPlayer?: string | undefined;
  /** The engine's full-size decoder (tui/graphics/decode.ts decodeFull), handed over by main.ts. */
  readonly decode: DecodeImage;
  readonly platform?: NodeJS.Platform;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Reads a file to attach: refuses a folder, a missing file or one too large, in words. */
export async function readMediaFile(file: string): Promise<Uint8Array> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch {
    throw new Error(`${file} does not exist`);
  }
  if (stat.isDirectory()) throw new Error(`${file} is a folder; attach a file in it`);
  if (stat.size > MAX_ATTACHMENT_FILE_BYTES) {
    throw new Error(
      `${file} is ${Math.round(stat.size / 1_048_576)} MB, over the ${MAX_ATTACHMENT_FILE_BYTES / 1_048_576} MB an attachment may be`,
    );
  }
  try {
    return new Uint8Array(await fs.promises.readFile(file));
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as Error).message}`, { cause: err });
  }
}

export function createMediaService(opts: MediaOptions): MediaPort {
  const host = { platform: opts.platform ?? process.platform, env: opts.env ?? process.env };
  const playerOpts = { ...host, configured: opts.audioPlayer };
  const encoder = new EncodeThread();
  return {
    sniff: sniffMedia,
    sniffFile: async (file) => {
      const bytes = await readMediaFile(file);
      return { bytes, info: sniffMedia(bytes) };
    },
    scaleImage: (bytes, maxSide) =>
      scaleImage(bytes, maxSide ?? opts.maxImageSide, opts.decode, encoder.encode),
    findPlayer: () => Promise.resolve(findPlayer(playerOpts)),
    play: (audio) => play(audio, playerOpts),
    readClipboardImage: () => readClipboardImage(host),
  };
}
