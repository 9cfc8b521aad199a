// Where attachments sit: the chips row above the composer's editor (and which
// chip, or its ✕, a click hits) and the rows a preview takes in the chat (a
// label row, then the picture or the waveform). Previews are measured from the
// attachment's stored pixel size, never from its bytes, so the chat's heights
// are known before anything is read. The bytes come through the runtime's
// MediaSource only when a preview is drawn.
import {
  type Envelope,
  type Graphics,
  type Pcm,
  type Picture,
  fitCells,
  stringWidth,
} from '../../tui/index.js';
import { type AttachmentRef, attachmentLabel } from '../types/attachments.js';

/**
 * The runtime's side of previews (runtime/attachment-effects.ts): the
 * engine's graphics context and the attachments' bytes, read on first use
 * (only previews on screen ask) and kept in a small cache.
 */
export interface MediaSource {
  readonly graphics: Graphics;
  /** The picture; undefined while its bytes are read (reading starts), null when they are missing. */
  picture(ref: AttachmentRef): Picture | undefined | null;
  /** The decoded sound; undefined while it is read and decoded, null when missing or undecodable. */
  pcm(ref: AttachmentRef): Pcm | undefined | null;
  /** The waveform's envelopes by width, one map per sound. */
  envelopes(ref: AttachmentRef): Map<number, Envelope>;
}

/** Rows a picture preview takes at most, and columns. */
export const PREVIEW_ROWS = 10;
export const PREVIEW_COLS = 48;
/** Rows of a waveform (two of signal, one for the time axis). */
export const WAVE_ROWS = 3;
/** The cell size previews are measured with (the terminal's may differ: the picture fits inside). */
const CELL = { width: 10, height: 20 };

/** Rows the preview of `ref` takes below its label at `width`, 0 for none. */
export function previewRows(ref: AttachmentRef, width: number): number {
  if (ref.problem !== undefined || width < 8) return 0;
  if (ref.kind === 'audio') return WAVE_ROWS;
  const cols = Math.min(PREVIEW_COLS, width);
  if (ref.width === undefined || ref.height === undefined) return Math.min(6, PREVIEW_ROWS);
  return Math.max(1, fitCells(ref.width, ref.height, cols, PREVIEW_ROWS, CELL).rows);
}

/** Columns a preview takes (a waveform fills them; a picture fits inside). */
export function previewCols(ref: AttachmentRef, width: number): number {
  return ref.kind === 'audio' ? Math.min(PREVIEW_COLS, width) : Math.min(PREVIEW_COLS, width);
}

// --- chips ---------------------------------------------------------------------

export interface ChipSpan {
  readonly index: number;
  /** [x, x + width) relative to the row's start; the ✕ is its last two cells. */
  readonly x: number;
  readonly width: number;
  readonly text: string;
}

/** Icon of a chip: a picture or a sound. */
export const chipIcon = (r: AttachmentRef): string => (r.kind === 'image' ? '▣' : '♪');

/** The chips laid out on one row of `width` cells; those that do not fit are counted in `more`. */
export function chipSpans(
  refs: readonly AttachmentRef[],
  width: number,
): { spans: ChipSpan[]; more: number } {
  const spans: ChipSpan[] = [];
  let x = 0;
  for (let i = 0; i < refs.length; i++) {
    const r = refs[i];
    if (r === undefined) continue;
    const rest = refs.length - i - 1;
    const room = width - x - (rest > 0 ? 8 : 0);
    let text = ` ${chipIcon(r)} ${attachmentLabel(r)} ✕ `;
    if (stringWidth(text) > room) {
      // Shortened to the name (and then to what fits) before giving up.
      text = ` ${chipIcon(r)} ${r.name} ✕ `;
      if (stringWidth(text) > room) {
        if (room < 8) return { spans, more: refs.length - i };
        text = ` ${chipIcon(r)} ${r.name.slice(0, room - 7)}… ✕ `;
      }
    }
    const w = stringWidth(text);
    spans.push({ index: i, x, width: w, text });
    x += w + 1;
  }
  return { spans, more: 0 };
}

/** Which chip a click at column `dx` of the chips row hits, and whether on its ✕. */
export function chipAt(
  refs: readonly AttachmentRef[],
  width: number,
  dx: number,
): { chip: number; remove: boolean } | undefined {
  const s = chipSpans(refs, width).spans.find((c) => dx >= c.x && dx < c.x + c.width);
  if (s === undefined) return undefined;
  return { chip: s.index, remove: dx >= s.x + s.width - 3 };
}
