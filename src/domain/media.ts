// What a media file is, read from its header without decoding it, and the
// results of the media services (services/media) the runtime calls through
// the MediaPort in ports.ts. Plain data, no I/O.

export type ImageKind = 'png' | 'jpeg' | 'gif' | 'webp';
export type AudioKind = 'wav' | 'mp3' | 'flac' | 'ogg';

/** A sniffed file: its type by magic bytes and the facts its header gives cheaply. */
export type MediaInfo =
  | {
      readonly kind: 'image';
      readonly format: ImageKind;
      readonly mime: string;
      /** Pixels; 0 when the header could not be read. */
      readonly width: number;
      readonly height: number;
      /** Why the picture cannot be used (corrupt header, too large), else undefined. */
      readonly problem: string | undefined;
    }
  | {
      readonly kind: 'audio';
      readonly format: AudioKind;
      readonly mime: string;
      /** undefined when the header does not say (a VBR MP3 without a Xing header, a corrupt file). */
      readonly durationMs: number | undefined;
      readonly sampleRate: number | undefined;
      readonly channels: number | undefined;
      readonly problem: string | undefined;
    };

/** Decoded pixels: width * height * 4 bytes of straight RGBA, row-major. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/**
 * Decodes a picture, scaled down to `fit` when given (the engine's decoder,
 * off the main thread, handed over by main.ts); throws on a corrupt file. A
 * decoder that ignores `fit` is allowed: the caller scales what comes back.
 */
export type DecodeImage = (
  bytes: Uint8Array,
  format: ImageKind,
  fit?: { readonly width: number; readonly height: number },
) => Promise<RgbaImage>;

/** An image re-encoded smaller for sending; the original is kept as it was. */
export interface ScaledImage {
  readonly bytes: Uint8Array;
  readonly mime: string;
  readonly width: number;
  readonly height: number;
  readonly original: { readonly width: number; readonly height: number };
}

/** A player found on PATH, or a message naming the ones looked for. */
export type PlayerLookup =
  | { readonly found: true; readonly name: string; readonly path: string }
  | { readonly found: false; readonly message: string };

/** A sound being played; `done` settles when it ends, is stopped, or fails (with the player's message). */
export interface Playback {
  stop(): void;
  readonly done: Promise<{ readonly ok: true } | { readonly ok: false; readonly message: string }>;
}

/** The clipboard's image, none there, or no tool to read it (the message names the tool to install). */
export type ClipboardImage =
  | { readonly type: 'image'; readonly bytes: Uint8Array; readonly mime: string }
  | { readonly type: 'empty'; readonly message: string }
  | { readonly type: 'unavailable'; readonly message: string };
