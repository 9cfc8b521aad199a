// Attachments as the app knows them: images and audio on a message or waiting
// in the composer as chips. Plain data: the bytes stay with the runtime (a
// file on disk before sending, the store's copy after), the views ask the
// MediaSource (geometry/media.ts) for them when a preview is on screen.

export type MediaKind = 'image' | 'audio';
export type AttachmentOrigin = 'attached' | 'generated' | 'tool';

export interface AttachmentRef {
  /** Stable key for caches and the view: the store id once saved, else `file:<path>` or `gen:<n>`. */
  readonly key: string;
  /** The store's id once saved. */
  readonly storeId?: string;
  readonly name: string;
  readonly mime: string;
  readonly kind: MediaKind;
  readonly sizeBytes: number;
  readonly width?: number;
  readonly height?: number;
  readonly durationMs?: number;
  /** The file it came from (an attached file before it is saved). */
  readonly path?: string;
  readonly origin: AttachmentOrigin;
  /** Why it cannot be shown ("corrupt", "missing"); it is still listed. */
  readonly problem?: string;
}

/** Audio being played: the attachment's key. */
export interface Playing {
  readonly key: string;
  /** Epoch ms it started (for the elapsed time shown). */
  readonly since: number;
}

/** An image or speech generation in flight. */
export interface Generating {
  readonly requestId: string;
  readonly what: 'image' | 'speech';
  readonly prompt: string;
  /** Epoch ms it started (the elapsed time shown). */
  readonly since: number;
  readonly itemId: string;
}

/** Per-session generation settings (kept in the session's settings). */
export interface GenerationSettings {
  readonly imageWidth?: number;
  readonly imageHeight?: number;
  readonly imageCount?: number;
}

/** The image and audio types the app attaches, by file extension. */
export const MEDIA_EXTENSIONS: Readonly<Record<string, { mime: string; kind: MediaKind }>> = {
  png: { mime: 'image/png', kind: 'image' },
  jpg: { mime: 'image/jpeg', kind: 'image' },
  jpeg: { mime: 'image/jpeg', kind: 'image' },
  gif: { mime: 'image/gif', kind: 'image' },
  webp: { mime: 'image/webp', kind: 'image' },
  wav: { mime: 'audio/wav', kind: 'audio' },
  mp3: { mime: 'audio/mpeg', kind: 'audio' },
  flac: { mime: 'audio/flac', kind: 'audio' },
  ogg: { mime: 'audio/ogg', kind: 'audio' },
};

/** The media kind a file name suggests (by extension), undefined for others. */
export function mediaByName(name: string): { mime: string; kind: MediaKind } | undefined {
  const m = /\.([A-Za-z0-9]+)$/.exec(name);
  return m === null ? undefined : MEDIA_EXTENSIONS[(m[1] ?? '').toLowerCase()];
}

/** "312 KB", "1.4 MB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** "0:07" */
export function formatMs(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** The chip's and the transcript's label: name · type · size · pixel size or duration. */
export function attachmentLabel(a: AttachmentRef): string {
  const type = a.mime
    .replace(/^(image|audio)\//, '')
    .replace(/^x-/, '')
    .toUpperCase();
  const dims =
    a.width !== undefined && a.height !== undefined
      ? `${a.width}×${a.height}`
      : a.durationMs !== undefined
        ? formatMs(a.durationMs)
        : undefined;
  return [a.name, type, formatBytes(a.sizeBytes), dims, a.problem]
    .filter((x): x is string => x !== undefined && x !== '')
    .join(' · ');
}
