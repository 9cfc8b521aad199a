// The attachments' I/O: a file read into a chip (through the media port),
// the picker's file list, saved attachments loaded with a session, the
// previews' bytes read only when a preview is drawn (the MediaSource the
// views use), playing a sound, the system's viewer, the clipboard's image,
// and image or speech generation saved as a reply's attachments.
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type Action,
  type AttachmentRef,
  type MediaEffect,
  type MediaSource,
  type SavedItem,
  mediaByName,
} from '../app/index.js';
import type { Attachment } from '../domain/session.js';
import type { MediaInfo, Playback } from '../domain/media.js';
import type { AppPorts } from '../domain/ports.js';
import type { Envelope, Graphics, Pcm, Picture } from '../tui/index.js';
import { listMediaFiles, openInViewer, resolvePath } from './media-files.js';
import { summary } from './sessions-effects.js';

const MEDIA_EFFECTS = new Set<string>([
  'probeAttachment',
  'pasteClipboardImage',
  'listMediaFiles',
  'loadAttachments',
  'openAttachment',
  'playAudio',
  'stopAudio',
  'saveAttachmentAs',
  'generateMedia',
  'cancelGeneration',
]);

export const isMediaEffect = (e: { type: string }): e is MediaEffect => MEDIA_EFFECTS.has(e.type);

export interface MediaHost {
  dispatch(a: Action): void;
  /** Asks for a frame (a preview's bytes arrived). */
  requestFrame(): void;
}

const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Bytes of previews kept in memory (least recently read go first); chips' bytes are kept apart. */
const BYTES_KEPT = 32 * 1024 * 1024;

/** A stored attachment as the app shows it. */
export function refOf(a: Attachment): AttachmentRef {
  const m = a.metadata;
  const num = (v: unknown): number | undefined => (typeof v === 'number' && v > 0 ? v : undefined);
  const width = num(m.width);
  const height = num(m.height);
  const durationMs = num(m.durationMs);
  const kind = a.mime.startsWith('audio/') ? 'audio' : 'image';
  return {
    key: a.id,
    storeId: a.id,
    name: a.name,
    mime: a.mime,
    kind,
    sizeBytes: a.sizeBytes,
    origin: a.origin,
    ...(width !== undefined && height !== undefined ? { width, height } : {}),
    ...(durationMs !== undefined ? { durationMs } : {}),
    ...(typeof m.problem === 'string' ? { problem: m.problem } : {}),
  };
}

/** A sniffed file as a chip. */
export function refFromInfo(
  key: string,
  name: string,
  size: number,
  info: MediaInfo | undefined,
  origin: AttachmentRef['origin'],
  file?: string,
): AttachmentRef {
  const byName = mediaByName(name);
  const base = {
    key,
    name,
    sizeBytes: size,
    origin,
    ...(file !== undefined ? { path: file } : {}),
  };
  if (info === undefined)
    return {
      ...base,
      mime: byName?.mime ?? 'application/octet-stream',
      kind: byName?.kind ?? 'image',
      problem: 'not a picture or sound this app can read',
    };
  if (info.kind === 'image')
    return {
      ...base,
      mime: info.mime,
      kind: 'image',
      ...(info.width > 0 && info.height > 0 ? { width: info.width, height: info.height } : {}),
      ...(info.problem !== undefined ? { problem: info.problem } : {}),
    };
  return {
    ...base,
    mime: info.mime,
    kind: 'audio',
    ...(info.durationMs !== undefined ? { durationMs: info.durationMs } : {}),
    ...(info.problem !== undefined ? { problem: info.problem } : {}),
  };
}

/** The metadata a saved attachment keeps (docs/attachments.md). */
export function metadataOf(r: AttachmentRef): Record<string, number | string> {
  return {
    ...(r.width !== undefined ? { width: r.width } : {}),
    ...(r.height !== undefined ? { height: r.height } : {}),
    ...(r.durationMs !== undefined ? { durationMs: r.durationMs } : {}),
    ...(r.path !== undefined ? { sourcePath: r.path } : {}),
    ...(r.problem !== undefined ? { problem: r.problem } : {}),
  };
}

export class AttachmentEffects implements MediaSource {
  /** Chips' and unsaved results' bytes: kept until sent (never evicted). */
  private readonly pinned = new Map<string, Uint8Array>();
  /** Previews' bytes by key (`null`: missing), least recently used first. */
  private readonly bytesCache = new Map<string, Uint8Array | null>();
  private bytesTotal = 0;
  private readonly reading = new Set<string>();
  private readonly pictures = new Map<string, Picture>();
  private readonly sounds = new Map<string, Pcm | null | 'decoding'>();
  private readonly waves = new Map<string, Map<number, Envelope>>();
  private playback: Playback | undefined;
  private readonly generations = new Map<string, AbortController>();
  private clipSeq = 0;
  private g: Graphics | undefined;

  constructor(
    private readonly ports: () => AppPorts,
    private readonly host: MediaHost,
  ) {}

  /** The engine's graphics context (the host's, once probed): previews draw with it. */
  useGraphics(g: Graphics): void {
    this.g = g;
  }

  get graphics(): Graphics {
    if (this.g === undefined) throw new Error('no graphics context');
    return this.g;
  }

  get hasGraphics(): boolean {
    return this.g !== undefined;
  }

  // --- the MediaSource the views draw with ---------------------------------------

  /** The bytes of an attachment, or a read started (undefined), or null when missing. */
  bytesOf(ref: AttachmentRef): Uint8Array | undefined | null {
    const pinned = this.pinned.get(ref.key);
    if (pinned !== undefined) return pinned;
    const hit = this.bytesCache.get(ref.key);
    if (hit !== undefined) {
      this.bytesCache.delete(ref.key);
      this.bytesCache.set(ref.key, hit);
      return hit;
    }
    if (!this.reading.has(ref.key)) {
      this.reading.add(ref.key);
      void this.read(ref)
        .then((b) => {
          this.keep(ref.key, b ?? null);
        })
        .catch(() => {
          this.keep(ref.key, null);
        })
        .finally(() => {
          this.reading.delete(ref.key);
          this.host.requestFrame();
        });
    }
    return undefined;
  }

  /** Reads an attachment's bytes: the store's copy once saved, else its file. */
  async read(ref: AttachmentRef): Promise<Uint8Array | undefined> {
    const pinned = this.pinned.get(ref.key);
    if (pinned !== undefined) return pinned;
    const store = this.ports().store;
    if (ref.storeId !== undefined && store !== undefined) return store.readAttachment(ref.storeId);
    const media = this.ports().media;
    if (ref.path !== undefined && media !== undefined)
      return (await media.sniffFile(ref.path)).bytes;
    return undefined;
  }

  private keep(key: string, b: Uint8Array | null): void {
    this.bytesCache.set(key, b);
    this.bytesTotal += b?.length ?? 0;
    for (const [k, old] of this.bytesCache) {
      if (this.bytesTotal <= BYTES_KEPT || k === key) break;
      this.bytesTotal -= old?.length ?? 0;
      this.bytesCache.delete(k);
    }
  }

  picture(ref: AttachmentRef): Picture | undefined | null {
    const p = this.pictures.get(ref.key);
    if (p !== undefined) return p;
    const b = this.bytesOf(ref);
    if (b === undefined || b === null) return b;
    // The picture holds the bytes it decodes: the cache's copy can go.
    const pic = this.graphics.picture(b);
    this.pictures.set(ref.key, pic);
    return pic;
  }

  pcm(ref: AttachmentRef): Pcm | undefined | null {
    const s = this.sounds.get(ref.key);
    if (s === 'decoding') return undefined;
    if (s !== undefined) return s;
    const b = this.bytesOf(ref);
    if (b === undefined || b === null) return b;
    this.sounds.set(ref.key, 'decoding');
    this.graphics.audio(b).then(
      (pcm) => {
        this.sounds.set(ref.key, pcm);
        this.host.requestFrame();
      },
      () => {
        this.sounds.set(ref.key, null);
        this.host.requestFrame();
      },
    );
    return undefined;
  }

  envelopes(ref: AttachmentRef): Map<number, Envelope> {
    let m = this.waves.get(ref.key);
    if (m === undefined) {
      m = new Map();
      this.waves.set(ref.key, m);
    }
    return m;
  }

  /** A chip's bytes (pinned while it waits), for sending. */
  pinnedBytes(key: string): Uint8Array | undefined {
    return this.pinned.get(key);
  }

  /** The bytes were saved under `ref` (the store's key): previews find them without reading. */
  moved(from: string, to: AttachmentRef, bytes: Uint8Array): void {
    this.pinned.delete(from);
    this.keep(to.key, bytes);
    const p = this.pictures.get(from);
    if (p !== undefined) this.pictures.set(to.key, p);
  }

  // --- effects -------------------------------------------------------------------

  async exec(e: MediaEffect): Promise<void> {
    switch (e.type) {
      case 'probeAttachment':
        return this.probe(e.path, e.pasted);
      case 'listMediaFiles': {
        const root = process.cwd();
        this.host.dispatch({
          type: 'mediaFiles',
          root,
          files: await listMediaFiles(root),
          open: e.open,
        });
        return;
      }
      case 'loadAttachments':
        return this.loadAttachments(e.sessionId);
      case 'pasteClipboardImage':
        return this.pasteClipboard();
      case 'openAttachment':
        return this.openViewer(e.ref);
      case 'playAudio':
        return this.play(e.ref);
      case 'stopAudio':
        this.playback?.stop();
        this.playback = undefined;
        return;
      case 'saveAttachmentAs': {
        const b = await this.read(e.ref);
        if (b === undefined) {
          this.notice('error', `Cannot save ${e.ref.name}: its file is missing`);
          return;
        }
        const file = resolvePath(e.path);
        await writeFile(file, b);
        this.notice('info', `Saved ${e.ref.name} to ${file}`);
        return;
      }
      case 'generateMedia':
        return this.generate(e);
      case 'cancelGeneration':
        this.generations.get(e.requestId)?.abort();
        return;
    }
  }

  /** Stops a generation running under a chat request id (Esc); false when there is none. */
  cancel(requestId: string): boolean {
    const ac = this.generations.get(requestId);
    ac?.abort();
    return ac !== undefined;
  }

  private notice(level: 'info' | 'warn' | 'error', text: string): void {
    this.host.dispatch({ type: 'notice', level, text });
  }

  private async probe(typed: string, pasted: string | undefined): Promise<void> {
    const media = this.ports().media;
    const file = resolvePath(typed);
    const name = path.basename(file);
    let read: { bytes: Uint8Array; info: MediaInfo | undefined };
    try {
      if (media === undefined) throw new Error('attachments are not available in this build');
      read = await media.sniffFile(file);
    } catch (err) {
      // A pasted path that is not a readable file was text after all.
      if (pasted !== undefined) {
        this.host.dispatch({ type: 'pasteText', text: pasted });
        return;
      }
      const code = (err as { code?: string }).code;
      const why =
        code === 'ENOENT'
          ? `no such file: ${file}`
          : code === 'EISDIR'
            ? `${file} is a folder: name a file in it (or /attach with no path for the picker)`
            : errText(err);
      this.notice('error', `Cannot attach ${typed}: ${why}`);
      return;
    }
    if (read.info === undefined && pasted !== undefined) {
      this.host.dispatch({ type: 'pasteText', text: pasted });
      return;
    }
    if (read.info === undefined && mediaByName(name) === undefined) {
      this.notice(
        'error',
        `Cannot attach ${name}: not an image or a sound (png, jpg, gif, webp, wav, mp3, flac, ogg)`,
      );
      return;
    }
    const key = `file:${file}`;
    this.pinned.set(key, read.bytes);
    this.host.dispatch({
      type: 'attachmentProbed',
      ref: refFromInfo(key, name, read.bytes.length, read.info, 'attached', file),
    });
  }

  private async pasteClipboard(): Promise<void> {
    const media = this.ports().media;
    if (media === undefined) {
      this.notice('warn', 'Pasting images is not available in this build');
      return;
    }
    const clip = await media.readClipboardImage();
    if (clip.type !== 'image') {
      this.notice(clip.type === 'empty' ? 'info' : 'warn', clip.message);
      return;
    }
    const ext = clip.mime.split('/')[1] ?? 'png';
    const name = `clipboard-${++this.clipSeq}.${ext === 'jpeg' ? 'jpg' : ext}`;
    const key = `clip:${Date.now()}:${this.clipSeq}`;
    this.pinned.set(key, clip.bytes);
    this.host.dispatch({
      type: 'attachmentProbed',
      ref: refFromInfo(key, name, clip.bytes.length, media.sniff(clip.bytes), 'attached'),
    });
  }

  private async loadAttachments(sessionId: string): Promise<void> {
    const store = this.ports().store;
    if (store === undefined) return;
    const all = await store.listAttachments(sessionId);
    const byMessage: Record<string, AttachmentRef[]> = {};
    for (const a of all) {
      if (a.messageId === null) continue;
      (byMessage[a.messageId] ??= []).push(refOf(a));
    }
    this.host.dispatch({ type: 'attachmentsLoaded', sessionId, byMessage });
  }

  private async openViewer(ref: AttachmentRef): Promise<void> {
    let file = ref.path;
    if (file === undefined) {
      const b = await this.read(ref);
      if (b === undefined) {
        this.notice('error', `Cannot open ${ref.name}: its file is missing`);
        return;
      }
      file = path.join(tmpdir(), `mistralrs-tui-${ref.key.replace(/[^\w.-]/g, '_')}-${ref.name}`);
      await writeFile(file, b);
    }
    const problem = await openInViewer(file);
    if (problem !== undefined) this.notice('warn', problem);
  }

  private async play(ref: AttachmentRef): Promise<void> {
    const media = this.ports().media;
    this.playback?.stop();
    this.playback = undefined;
    const ended = (): void => {
      this.host.dispatch({ type: 'playbackEnded', key: ref.key });
    };
    if (media === undefined) {
      ended();
      this.notice('warn', 'Playing sound is not available in this build');
      return;
    }
    const b = ref.path ?? (await this.read(ref));
    if (b === undefined) {
      ended();
      this.notice('error', `Cannot play ${ref.name}: its file is missing`);
      return;
    }
    try {
      const pb = await media.play(b);
      this.playback = pb;
      void pb.done.then((r) => {
        if (this.playback === pb) this.playback = undefined;
        if (!r.ok) this.notice('warn', `Playing ${ref.name} failed: ${r.message}`);
        ended();
      });
    } catch (err) {
      ended();
      this.notice('warn', errText(err));
    }
  }

  // --- generation ---------------------------------------------------------------

  private async generate(e: Extract<MediaEffect, { type: 'generateMedia' }>): Promise<void> {
    const ac = new AbortController();
    this.generations.set(e.requestId, ac);
    const { backend } = this.ports();
    const results: {
      bytes: Uint8Array;
      mime: string;
      name: string;
      meta: MediaInfo | undefined;
    }[] = [];
    let error: string | undefined;
    try {
      if (e.what === 'image') {
        if (backend.generateImage === undefined)
          throw new Error(`${backend.name} cannot generate images (a mistral.rs server can)`);
        for (let i = 0; i < (e.count ?? 1); i++) {
          const imgs = await backend.generateImage(
            e.prompt,
            {
              model: e.model,
              ...(e.width !== undefined ? { width: e.width } : {}),
              ...(e.height !== undefined ? { height: e.height } : {}),
            },
            ac.signal,
          );
          for (const img of imgs)
            results.push({
              ...img,
              name: `image-${results.length + 1}.png`,
              meta: this.ports().media?.sniff(img.bytes),
            });
        }
      } else {
        if (backend.generateSpeech === undefined)
          throw new Error(`${backend.name} cannot generate speech (a mistral.rs server can)`);
        const sp = await backend.generateSpeech(
          e.prompt,
          { model: e.model, format: 'wav' },
          ac.signal,
        );
        results.push({
          bytes: sp.bytes,
          mime: sp.mime,
          name: 'speech.wav',
          meta: this.ports().media?.sniff(sp.bytes),
        });
      }
    } catch (err) {
      error = ac.signal.aborted ? undefined : errText(err);
    } finally {
      this.generations.delete(e.requestId);
    }
    const cancelled = ac.signal.aborted;
    const refs = await this.saveGenerated(
      e,
      results,
      error ?? (cancelled ? 'cancelled' : undefined),
    );
    this.host.dispatch({
      type: 'generationEnded',
      requestId: e.requestId,
      refs,
      ...(error !== undefined ? { error } : {}),
      ...(cancelled ? { cancelled: true } : {}),
    });
  }

  /** Saves the prompt, the reply and its results; the refs to show (pinned bytes without a store). */
  private async saveGenerated(
    e: Extract<MediaEffect, { type: 'generateMedia' }>,
    results: readonly {
      bytes: Uint8Array;
      mime: string;
      name: string;
      meta: MediaInfo | undefined;
    }[],
    failed: string | undefined,
  ): Promise<AttachmentRef[]> {
    const unsaved = results.map((r, i) => {
      const key = `gen:${e.requestId}:${i}`;
      this.pinned.set(key, r.bytes);
      return refFromInfo(key, r.name, r.bytes.length, r.meta, 'generated');
    });
    const { store, logger } = this.ports();
    if (store === undefined) return unsaved;
    try {
      let sessionId = e.sessionId;
      let created: Extract<Action, { type: 'turnSaved' }>['created'];
      if (sessionId === undefined) {
        const s = await store.createSession({
          title: e.title,
          modelId: e.model,
          backend: this.ports().backend.name,
        });
        sessionId = s.id;
        created = { session: summary(s), settings: s.settings };
      }
      const label = e.what === 'image' ? '/image' : '/speak';
      const user = await store.appendMessage({
        sessionId,
        parentId: e.parentStoreId ?? null,
        role: 'user',
        content: `${label} ${e.prompt}`,
      });
      const reply = await store.appendMessage({
        sessionId,
        parentId: user.id,
        role: 'assistant',
        content: '',
        modelId: e.model,
        status: failed === undefined ? 'complete' : failed === 'cancelled' ? 'cancelled' : 'error',
        ...(failed !== undefined && failed !== 'cancelled' ? { error: failed } : {}),
      });
      const items: SavedItem[] = [
        { itemId: e.userItemId, storeId: user.id },
        { itemId: e.replyItemId, storeId: reply.id },
      ];
      this.host.dispatch({
        type: 'turnSaved',
        ...(created !== undefined ? { created } : {}),
        items,
      });
      const refs: AttachmentRef[] = [];
      for (const [i, r] of results.entries()) {
        const ref = unsaved[i];
        if (ref === undefined) continue;
        const a = await store.saveAttachment({
          sessionId,
          messageId: reply.id,
          name: r.name,
          mime: r.mime,
          bytes: r.bytes,
          origin: 'generated',
          metadata: metadataOf(ref),
        });
        const saved = refOf(a);
        this.moved(ref.key, saved, r.bytes);
        refs.push(saved);
      }
      return refs;
    } catch (err) {
      logger.error('saving the generated media failed', { error: errText(err) });
      this.notice('error', `Not saved: ${errText(err)}`);
      return unsaved;
    }
  }
}
