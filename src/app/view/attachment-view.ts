// Attachments drawn: a preview in the chat (the engine's Image widget for a
// picture, its waveform for a sound) in the rows the layout kept for it, the
// chips above the composer's editor, and a picture full size over the panes.
// Bytes come from the runtime's MediaSource, which reads them only when asked
// here: only previews on screen are read and decoded, off the typing path
// (the engine decodes in a worker and asks for a frame when done).
import {
  type Buffer,
  type Rect,
  type Theme,
  Mod,
  drawBlock,
  drawImage,
  drawWaveform,
  line,
  rect,
  span,
} from '../../tui/index.js';
import type { Row, ViewCache } from '../geometry/chat-layout.js';
import { chipSpans, previewCols } from '../geometry/media.js';
import { type AppLayout, chipsRow } from '../geometry/layout.js';
import { type AttachmentRef, mediaByName } from '../types/attachments.js';
import type { PickItem } from '../types/dialog.js';
import type { State } from '../types/state.js';

/**
 * Draws the preview a row belongs to, once: on its first row, or on the
 * chat's top row when the preview is scrolled partly out of view.
 */
export function drawPreviewRow(
  buf: Buffer,
  area: Rect,
  x: number,
  y: number,
  row: Row,
  s: State,
  cache: ViewCache,
): void {
  const m = row.media;
  if (m === undefined || (m.offset !== 0 && y !== area.y)) return;
  const width = area.x + area.width - x;
  const box = rect(x, y - m.offset, previewCols(m.ref, width), m.rows);
  drawPreview(buf, box, area, m.ref, s, cache);
}

function placeholder(buf: Buffer, box: Rect, clip: Rect, text: string, theme: Theme): void {
  if (box.y >= clip.y && box.y < clip.y + clip.height)
    buf.setString(box.x, box.y, text, { ...theme['text.dim'], add: Mod.italic }, box.width);
}

function drawPreview(
  buf: Buffer,
  box: Rect,
  clip: Rect,
  ref: AttachmentRef,
  s: State,
  cache: ViewCache,
): void {
  const theme = cache.theme;
  const media = cache.media;
  if (media === undefined) return;
  if (ref.kind === 'image') {
    const p = media.picture(ref);
    if (p === null) {
      placeholder(buf, box, clip, `[missing: ${ref.name}]`, theme);
      return;
    }
    if (p === undefined) {
      placeholder(buf, box, clip, 'loading…', theme);
      return;
    }
    drawImage(buf, box, {
      picture: p,
      graphics: media.graphics,
      clip,
      labelStyle: theme['text.dim'],
    });
    return;
  }
  const pcm = media.pcm(ref);
  if (pcm === null) {
    placeholder(buf, box, clip, `[cannot read the sound: ${ref.name}]`, theme);
    return;
  }
  if (pcm === undefined) {
    placeholder(buf, box, clip, 'loading…', theme);
    return;
  }
  // Only the rows in view: the widget draws into the whole box.
  const top = Math.max(box.y, clip.y);
  const bottom = Math.min(box.y + box.height, clip.y + clip.height);
  if (bottom <= top) return;
  const playing = s.chat.playing?.key === ref.key;
  drawWaveform(
    buf,
    box.y === top && bottom - top === box.height ? box : rect(box.x, top, box.width, bottom - top),
    {
      pcm,
      cache: media.envelopes(ref),
      style: playing ? theme['status.ok'] : theme['text.accent'],
      axisStyle: theme['text.dim'],
    },
  );
}

/** The chips row above the composer's editor (nothing when there are none). */
export function drawChips(buf: Buffer, layout: AppLayout, s: State, theme: Theme): void {
  const refs = s.composer.attachments ?? [];
  if (refs.length === 0) return;
  const row = chipsRow(layout);
  const { spans, more } = chipSpans(refs, row.width);
  for (const c of spans) {
    const problem = refs[c.index]?.problem !== undefined;
    buf.setLine(
      row.x + c.x,
      row.y,
      line(span(c.text, problem ? { ...theme['status.warn'], add: Mod.reverse } : theme.selection)),
      c.width,
    );
  }
  if (more > 0) {
    const last = spans.at(-1);
    const x = last === undefined ? 0 : last.x + last.width + 1;
    buf.setString(row.x + x, row.y, `+${more}`, theme['text.dim'], row.width - x);
  }
}

/** A picture full size over the panes; any key or click closes it. */
export function drawMediaOverlay(
  buf: Buffer,
  screen: Rect,
  ref: AttachmentRef,
  cache: ViewCache,
): void {
  const theme = cache.theme;
  const box = rect(screen.x, screen.y, screen.width, Math.max(0, screen.height - 1));
  const body = drawBlock(buf, box, {
    borderType: 'rounded',
    borderStyle: theme['border.focused'],
    titles: [
      { content: line(span(` ${ref.name} `)) },
      { content: ' any key closes ', align: 'right' },
    ],
    titleStyle: theme['title.focused'],
  });
  buf.clear(body);
  const media = cache.media;
  const p = media?.picture(ref);
  if (media === undefined || p === undefined || p === null) {
    buf.setString(
      body.x,
      body.y,
      p === null ? `[missing: ${ref.name}]` : 'loading…',
      theme['text.dim'],
      body.width,
    );
    return;
  }
  drawImage(buf, body, {
    picture: p,
    graphics: media.graphics,
    clip: body,
    upscale: true,
    labelStyle: theme['text.dim'],
  });
}

/** The attachment picker's preview of the highlighted file (read only while it is highlighted). */
export function drawPickPreview(
  buf: Buffer,
  area: Rect,
  root: string,
  item: PickItem | undefined,
  s: State,
  cache: ViewCache,
): void {
  if (item === undefined || area.width < 8 || area.height < 3) return;
  const m = mediaByName(item.value);
  if (m === undefined) return;
  const file = item.value.startsWith('/') ? item.value : `${root.replace(/\/$/, '')}/${item.value}`;
  const ref: AttachmentRef = {
    key: `file:${file}`,
    name: item.value.split('/').pop() ?? item.value,
    mime: m.mime,
    kind: m.kind,
    sizeBytes: 0,
    path: file,
    origin: 'attached',
  };
  buf.setString(area.x, area.y, ref.name, cache.theme['text.accent'], area.width);
  const rows = m.kind === 'audio' ? Math.min(3, area.height - 1) : area.height - 1;
  drawPreview(buf, rect(area.x, area.y + 1, area.width, rows), area, ref, s, cache);
}
