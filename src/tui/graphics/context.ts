// The graphics context an app holds: the terminal's capabilities, the pictures
// it was given (deduplicated by content hash, decoded lazily off the main
// thread) and the encoded forms, cached by (picture, size, crop, protocol) so
// an unchanged picture costs nothing per frame.
import { type Color, type ColorDepth, DEFAULT, rgb } from '../style/color.js';
import {
  type CellPixels,
  type GraphicsCapabilities,
  type GraphicsProtocol,
  resolveCapabilities,
} from './caps.js';
import type { Pcm } from './audio.js';
import { ImageDecoder } from './decoder.js';
import { type ImageInfo, sniffImage } from './format.js';
import { iterm2Image } from './iterm2.js';
import { idColor, kittyDelete, kittyFree, kittyPlace, kittyTransmit, maxImageId } from './kitty.js';
import { maybePassthrough } from './tmux.js';
import { DEFAULT_CELL, type Fit, type Rgba, crop, resize } from './raster.js';
import { encodeSixel } from './sixel.js';

/** Thrown by an encoder whose picture's pixels were dropped: they are being decoded again. */
export class NotDecoded extends Error {
  constructor() {
    super('picture not decoded');
  }
}

export type PictureStatus = 'new' | 'decoding' | 'ready' | 'failed';

/** One picture: its bytes and header, and its pixels once decoded. */
export class Picture {
  status: PictureStatus = 'new';
  rgba: Rgba | undefined;
  error: string | undefined;
  constructor(
    readonly hash: string,
    readonly info: ImageInfo,
    readonly bytes: Uint8Array | undefined,
  ) {
    if (info.problem !== undefined) this.status = 'failed';
  }
}

/** Half-block cells: per cell, the colour of its top and bottom half (DEFAULT: transparent). */
export interface BlockCells {
  readonly cols: number;
  readonly rows: number;
  readonly top: Int32Array;
  readonly bottom: Int32Array;
}

export interface PlaceholderPicture {
  readonly id: number;
  readonly fg: Color;
  readonly transmit: string;
  readonly free: string;
}

export interface PixelPicture {
  readonly key: string;
  readonly draw: string;
  readonly erase: string;
  readonly transmit?: { readonly id: string; readonly bytes: string; readonly free: string };
}

export interface GraphicsOptions {
  readonly depth: ColorDepth;
  /** Called when a picture finished decoding (request a frame). */
  readonly onChange?: () => void;
  readonly decoder?: ImageDecoder;
  /** Most encoded forms kept (least recently used go first). */
  readonly cacheSize?: number;
  /**
   * Bytes of decoded pixels kept (default 256 MB), least recently drawn
   * dropped first; their scaled and encoded forms stay cached, and a picture
   * whose pixels were dropped is decoded again only if a new size is needed.
   */
  readonly decodedBytes?: number;
}

export class Graphics {
  caps: GraphicsCapabilities;
  readonly depth: ColorDepth;
  private readonly decoder: ImageDecoder;
  private readonly onChange: (() => void) | undefined;
  private readonly pictures = new Map<string, Picture>();
  private readonly encoded = new Map<string, unknown>();
  private readonly cacheSize: number;
  private readonly decodedBytes: number;
  /** Pictures holding pixels, least recently drawn first. */
  private readonly decoded = new Set<Picture>();
  private readonly kittyIds = new Map<string, number>();
  private nextId: number;

  constructor(caps: GraphicsCapabilities | undefined, opts: GraphicsOptions) {
    this.caps = caps ?? resolveCapabilities({}, undefined, { setting: 'blocks' });
    this.depth = opts.depth;
    this.decoder = opts.decoder ?? new ImageDecoder();
    this.onChange = opts.onChange;
    this.cacheSize = opts.cacheSize ?? 64;
    this.decodedBytes = opts.decodedBytes ?? 256 * 1024 * 1024;
    // Ids are shared by every program in the terminal window (tmux panes
    // too): start somewhere random so two programs rarely collide.
    const max = maxImageId(this.depth);
    this.nextId = max > 255 ? 256 + Math.floor(Math.random() * (max - 0x10000)) : 1;
  }

  get protocol(): GraphicsProtocol {
    return this.caps.protocol;
  }

  get cell(): CellPixels {
    return this.caps.cell ?? DEFAULT_CELL;
  }

  /** Switches protocol (the gallery's cycle key); encoded forms of the others stay cached. */
  setProtocol(protocol: GraphicsProtocol, placeholders = this.caps.placeholders): void {
    this.caps = { ...this.caps, protocol, placeholders, source: 'config' };
  }

  /** The picture for these bytes (the same object for the same content). Reads only the header now. */
  picture(bytes: Uint8Array): Picture {
    // node:crypto is taken here, not at start-up (the first frame needs no picture).
    const hash = process
      .getBuiltinModule('node:crypto')
      .createHash('sha1')
      .update(bytes)
      .digest('hex')
      .slice(0, 16);
    let p = this.pictures.get(hash);
    if (!p) {
      p = new Picture(hash, sniffImage(bytes), bytes);
      this.pictures.set(hash, p);
    }
    return p;
  }

  /** A picture drawn by the program itself (a diagram), already in pixels. */
  pictureFromPixels(name: string, rgba: Rgba): Picture {
    const hash = `px:${name}:${rgba.width}x${rgba.height}`;
    let p = this.pictures.get(hash);
    if (!p) {
      const info: ImageInfo = {
        format: 'png',
        width: rgba.width,
        height: rgba.height,
        bytes: rgba.data.length,
        problem: undefined,
      };
      p = new Picture(hash, info, undefined);
      p.rgba = rgba;
      p.status = 'ready';
      this.pictures.set(hash, p);
    }
    return p;
  }

  /**
   * Starts decoding a picture that has not been decoded; `onChange` is called
   * when it is done. With `fit`, the decoder also scales it to the size this
   * protocol draws it at, so its first drawing does no pixel work here.
   */
  request(p: Picture, fit?: Fit): void {
    if (p.status !== 'new' || p.bytes === undefined || p.info.format === undefined) return;
    p.status = 'decoding';
    const hint = fit && fit.cols > 0 ? this.drawSize(fit) : undefined;
    this.decoder.decode(p.bytes, p.info.format, hint).then(
      (d) => {
        p.rgba = d.img;
        p.status = 'ready';
        if (hint && d.scaled) this.cached(scaledKey(p, hint.width, hint.height), () => d.scaled);
        this.touch(p);
        this.onChange?.();
      },
      (err: unknown) => {
        p.status = 'failed';
        p.error =
          err instanceof Error && /large|memory/i.test(err.message) ? 'too large' : 'corrupt';
        this.onChange?.();
      },
    );
  }

  /** Marks a picture as just drawn; drops the pixels of the least recently drawn over the budget. */
  touch(p: Picture): void {
    if (!p.rgba || p.bytes === undefined) return;
    this.decoded.delete(p);
    this.decoded.add(p);
    let total = 0;
    for (const q of this.decoded) total += q.rgba?.data.length ?? 0;
    for (const old of this.decoded) {
      if (total <= this.decodedBytes || old === p) break;
      total -= old.rgba?.data.length ?? 0;
      old.rgba = undefined;
      this.decoded.delete(old);
    }
  }

  /** The picture's pixels; when they were dropped, decoding starts again and this throws NotDecoded. */
  private source(p: Picture): Rgba {
    if (p.rgba) return p.rgba;
    if (p.status === 'ready') p.status = 'new';
    this.request(p);
    throw new NotDecoded();
  }

  /** Waits until a picture is decoded (tests, benchmarks). */
  async ready(p: Picture): Promise<void> {
    this.request(p);
    while (p.status === 'decoding') await new Promise((r) => setTimeout(r, 2));
  }

  private cached<T>(key: string, make: () => T): T {
    const hit = this.encoded.get(key);
    if (hit !== undefined) {
      // Map order is insertion order: move to the end as most recently used.
      this.encoded.delete(key);
      this.encoded.set(key, hit);
      return hit as T;
    }
    const v = make();
    this.encoded.set(key, v);
    if (this.encoded.size > this.cacheSize) {
      const oldest = this.encoded.keys().next().value;
      if (oldest !== undefined) this.encoded.delete(oldest);
    }
    return v;
  }

  /** The pixel size the current protocol draws a picture fitted as `fit` at. */
  private drawSize(fit: Fit): { width: number; height: number } {
    if (this.protocol !== 'blocks') return { width: fit.width, height: fit.height };
    const cell = this.cell;
    // Each cell is two pixels tall; the picture keeps its place in the cell box.
    return {
      width: Math.max(1, Math.round((fit.width / (fit.cols * cell.width)) * fit.cols)),
      height: Math.max(1, Math.round((fit.height / (fit.rows * cell.height)) * fit.rows * 2)),
    };
  }

  /** The picture scaled to `w`x`h` pixels (cached). */
  private scaledTo(p: Picture, w: number, h: number): Rgba {
    return this.cached(scaledKey(p, w, h), () => resize(this.source(p), w, h));
  }

  /** The picture scaled to its fitted pixel size. */
  private scaled(p: Picture, fit: Fit): Rgba {
    return this.scaledTo(p, fit.width, fit.height);
  }

  /** Half-block cells for a picture fitted into `fit.cols`x`fit.rows` cells. */
  blocks(p: Picture, fit: Fit): BlockCells {
    return this.cached(
      `blocks:${p.hash}:${fit.cols}x${fit.rows}:${fit.width}x${fit.height}`,
      () => {
        const { width: w, height: h } = this.drawSize(fit);
        const img = this.scaledTo(p, w, h);
        const n = fit.cols * fit.rows;
        const top = new Int32Array(n).fill(DEFAULT);
        const bottom = new Int32Array(n).fill(DEFAULT);
        const px = (x: number, y: number): Color => {
          if (x >= w || y >= h) return DEFAULT;
          const i = (y * w + x) * 4;
          if ((img.data[i + 3] ?? 0) < 128) return DEFAULT;
          return rgb(img.data[i] ?? 0, img.data[i + 1] ?? 0, img.data[i + 2] ?? 0);
        };
        for (let r = 0; r < fit.rows; r++) {
          for (let c = 0; c < fit.cols; c++) {
            top[r * fit.cols + c] = px(c, r * 2);
            bottom[r * fit.cols + c] = px(c, r * 2 + 1);
          }
        }
        return { cols: fit.cols, rows: fit.rows, top, bottom };
      },
    );
  }

  private kittyId(key: string): number {
    let id = this.kittyIds.get(key);
    if (id === undefined) {
      const max = maxImageId(this.depth);
      if (this.nextId > max) this.nextId = max > 255 ? 256 : 1;
      id = this.nextId++;
      this.kittyIds.set(key, id);
    }
    return id;
  }

  /** Kitty image data with a virtual placement of `fit.cols`x`fit.rows` cells, for placeholder cells. */
  placeholders(p: Picture, fit: Fit): PlaceholderPicture {
    const key = `kitty-u:${p.hash}:${fit.cols}x${fit.rows}`;
    return this.cached(key, () => {
      const id = this.kittyId(key);
      const img = this.padded(p, fit);
      const transmit = kittyTransmit(img, id, {
        virtual: { cols: fit.cols, rows: fit.rows },
        tmux: this.caps.tmux,
      });
      const free = maybePassthrough(kittyFree(id), this.caps.tmux);
      return { id, fg: idColor(id, this.depth), transmit, free };
    });
  }

  /**
   * Kitty stretches a picture over the cells it is given: pad it with
   * transparent pixels to the whole cell box so it keeps its aspect ratio.
   */
  private padded(p: Picture, fit: Fit): Rgba {
    const img = this.scaled(p, fit);
    const cell = this.cell;
    const w = fit.cols * cell.width;
    const h = fit.rows * cell.height;
    if (w === img.width && h === img.height) return img;
    const out = new Uint8Array(w * h * 4);
    for (let y = 0; y < Math.min(h, img.height); y++) {
      const n = Math.min(w, img.width) * 4;
      out.set(img.data.subarray(y * img.width * 4, y * img.width * 4 + n), y * w * 4);
    }
    return { width: w, height: h, data: out };
  }

  /**
   * An out-of-grid picture showing the cells `vis` (columns and rows counted
   * from the picture's top-left cell) of a picture fitted as `fit`, drawn at
   * screen cell (x, y).
   */
  pixels(
    p: Picture,
    fit: Fit,
    vis: { col: number; row: number; cols: number; rows: number },
    at: { x: number; y: number },
  ): PixelPicture {
    const protocol = this.protocol;
    const cell = this.cell;
    const cropKey = `${vis.col},${vis.row},${vis.cols}x${vis.rows}`;
    const key = `${protocol}:${p.hash}:${fit.cols}x${fit.rows}:${cropKey}`;
    const src = { x: vis.col * cell.width, y: vis.row * cell.height };
    const size = { w: vis.cols * cell.width, h: vis.rows * cell.height };
    if (protocol === 'kitty') {
      const dataKey = `kitty:${p.hash}:${fit.cols}x${fit.rows}`;
      const id = this.kittyId(dataKey);
      const transmit = this.cached(dataKey, () =>
        kittyTransmit(this.padded(p, fit), id, { tmux: this.caps.tmux }),
      );
      // One placement per screen cell position: the same picture may be shown twice.
      const placement = at.y * 4096 + at.x + 1;
      const whole =
        vis.col === 0 && vis.row === 0 && vis.cols === fit.cols && vis.rows === fit.rows;
      return {
        key,
        transmit: {
          id: `kitty:${id}`,
          bytes: transmit,
          free: maybePassthrough(kittyFree(id), this.caps.tmux),
        },
        draw: kittyPlace(
          id,
          placement,
          vis.cols,
          vis.rows,
          whole ? undefined : { x: src.x, y: src.y, w: size.w, h: size.h },
        ),
        erase: kittyDelete(id, placement),
      };
    }
    const draw = this.cached(key, () => {
      const img = crop(this.scaled(p, fit), src.x, src.y, size.w, size.h);
      if (img.width === 0 || img.height === 0) return '';
      return protocol === 'sixel'
        ? encodeSixel(img)
        : this.caps.cell
          ? iterm2Image(img, `${img.width}px`, `${img.height}px`, this.caps.tmux)
          : iterm2Image(img, String(vis.cols), String(vis.rows), this.caps.tmux);
    });
    return { key, draw, erase: '' };
  }

  /** Decodes audio for a waveform (WAV, MP3, FLAC, Ogg Vorbis) in the decode worker. */
  audio(bytes: Uint8Array): Promise<Pcm> {
    return this.decoder.audio(bytes);
  }

  dispose(): Promise<void> {
    return this.decoder.dispose();
  }
}

function scaledKey(p: Picture, w: number, h: number): string {
  return `scaled:${p.hash}:${w}x${h}`;
}
