// The sidebar's models tab: a head line (counts, or the filters in use), the
// models grouped by source and kind — status mark, name, format and size —
// and, below, the selected model's details (models-details.ts).
import {
  type Buffer,
  type Rect,
  type Style,
  type Theme,
  line,
  rect,
  span,
  spinnerFrame,
  stringWidth,
  truncate,
  wrapLines,
} from '../../tui/index.js';
import { chatModel } from '../panes/chat-model.js';
import { type ModelEntry, selectedIndex, statusOf, visibleEntries } from '../panes/models.js';
import type { State } from '../types/state.js';
import { formatBytes } from '../../domain/units.js';
import { drawModelDetails } from './models-details.js';

/** Rows above the list (the head line). */
const HEAD_ROWS = 1;
/** Below this body height the details pane is left out (the list needs the room). */
const DETAILS_MIN_BODY = 14;

export type ListRow =
  | { readonly kind: 'group'; readonly label: string }
  | { readonly kind: 'entry'; readonly index: number; readonly entry: ModelEntry };

/** The list as rows: a header where the group changes, then its models. */
export function listRows(s: State): ListRow[] {
  const out: ListRow[] = [];
  let group: string | undefined;
  visibleEntries(s).forEach((entry, index) => {
    if (entry.group !== group) {
      group = entry.group;
      out.push({ kind: 'group', label: entry.group });
    }
    out.push({ kind: 'entry', index, entry });
  });
  return out;
}

/** The tab's body split into the head line, the list and the details pane. */
export function modelsSplit(s: State, body: Rect): { head: Rect; list: Rect; details?: Rect } {
  const head = rect(body.x, body.y, body.width, Math.min(HEAD_ROWS, body.height));
  const rest = rect(body.x, body.y + HEAD_ROWS, body.width, Math.max(0, body.height - HEAD_ROWS));
  if (!s.models.details || body.height < DETAILS_MIN_BODY || visibleEntries(s).length === 0)
    return { head, list: rest };
  // The list gets what it needs (and a blank row) up to half; the details the rest.
  const wanted = listRows(s).length;
  const listH = Math.max(3, Math.min(wanted + 1, Math.floor(rest.height / 2)));
  return {
    head,
    list: rect(rest.x, rest.y, rest.width, listH),
    details: rect(rest.x, rest.y + listH, rest.width, rest.height - listH),
  };
}

/** First row shown: the selection kept in view, its group header with it where it fits. */
export function listOffset(rows: readonly ListRow[], selected: number, height: number): number {
  if (height <= 0) return 0;
  const at = rows.findIndex((r) => r.kind === 'entry' && r.index === selected);
  const maxOff = Math.max(0, rows.length - height);
  return Math.min(maxOff, Math.max(0, at - height + 1));
}

/** Per row of the body: the model index drawn there (undefined: none). */
export function modelsRowMap(s: State, body: Rect): (number | undefined)[] {
  const { list } = modelsSplit(s, body);
  const rows = listRows(s);
  const off = listOffset(rows, selectedIndex(s), list.height);
  return Array.from({ length: body.height }, (_, r) => {
    const y = body.y + r;
    if (y < list.y || y >= list.y + list.height) return undefined;
    const row = rows[off + (y - list.y)];
    return row?.kind === 'entry' ? row.index : undefined;
  });
}

/**
 * The mark before a model's name and its style. A busy model (work in flight,
 * or reloading on the server) turns a spinner, so that it reads as progress
 * rather than a static mark; the app ticks while one is on screen.
 */
export function statusMark(e: ModelEntry, theme: Theme, tick = 0): [string, Style] {
  const st = statusOf(e);
  if (e.work !== undefined) return [spinnerFrame(tick), theme['status.warn']];
  switch (st) {
    case undefined:
      return [' ', theme['text.dim']];
    case 'loaded':
    case 'served':
      return ['●', theme['status.ok']];
    case 'unloaded':
      return ['○', theme['text.dim']];
    case 'reloading':
    case 'loading':
    case 'unloading':
      return [spinnerFrame(tick), theme['status.warn']];
    default:
      return ['✗', theme['status.error']];
  }
}

const FORMAT_SHORT: Readonly<Record<string, string>> = {
  gguf: 'gguf',
  safetensors: 'st',
  other: 'other',
};

function headText(s: State, width: number): { text: string; style: keyof Theme } {
  const ms = s.models;
  const filters = [ms.filter !== '' ? `/${ms.filter}` : undefined, ms.kind, ms.format].filter(
    (x) => x !== undefined,
  );
  if (filters.length > 0)
    return { text: `${filters.join(' · ')}  (Esc clears)`, style: 'text.accent' };
  if (!ms.loaded) return { text: 'scanning the model folders…', style: 'text.dim' };
  const all = visibleEntries(s);
  const served = all.filter((e) => e.serverId !== undefined).length;
  const n = all.length;
  const base = `${n} ${n === 1 ? 'model' : 'models'}${served > 0 ? ` · ${served} served` : ''}`;
  // The server's version where it states it (mistral.rs 0.9+ in its system info), as fits.
  const version = s.metrics.capabilities?.serverVersion;
  const server = s.backend.kind === 'mistralrs' ? 'mistral.rs' : 'server';
  const options =
    version !== undefined ? [`${base} · ${server} ${version}`, `${base} · v${version}`] : [];
  const text = options.find((o) => stringWidth(o) <= width) ?? base;
  return { text, style: 'text.dim' };
}

/** What an empty list says, as paragraphs: the folders looked in (absolute), each its own. */
function emptyText(s: State): string[] {
  const ms = s.models;
  if (ms.filter !== '' || ms.kind !== undefined || ms.format !== undefined)
    return ['No model matches the filters: Esc clears them.'];
  if (!ms.loaded) return [];
  if (ms.inventoryProblem !== undefined) return [ms.inventoryProblem];
  if (ms.folders.length === 0) return ['No models found: no model folder is scanned.'];
  return [
    'No models found. Looked in:',
    ...ms.folders.map((f) => `${f.path}${f.exists ? '' : ' (missing)'}`),
    'Put GGUF or safetensors models in one, or name a folder in [inventory] directories; r scans again.',
  ];
}

/** A name cut to `width`; a path keeps its end (the part that tells models apart). */
export function fitName(name: string, width: number): string {
  if (stringWidth(name) <= width) return name;
  if (!name.startsWith('/') || width < 2) return truncate(name, width);
  const chars = Array.from(new Intl.Segmenter().segment(name), (g) => g.segment);
  let out = '';
  for (let i = chars.length - 1; i >= 0; i--) {
    const next = `${chars[i] ?? ''}${out}`;
    if (stringWidth(next) > width - 1) break;
    out = next;
  }
  return `…${out}`;
}

function drawRow(
  buf: Buffer,
  x: number,
  y: number,
  width: number,
  e: ModelEntry,
  s: State,
  theme: Theme,
): void {
  const [mark, markStyle] = statusMark(e, theme, s.tick);
  buf.setString(x, y, mark, markStyle);
  // Narrow sidebars (80 columns) get "100M" for "100 MiB": the name needs the room.
  const bytes = e.sizeBytes !== undefined ? formatBytes(e.sizeBytes) : '';
  const size = width < 30 ? bytes.replace(/ (.)iB$/, '$1').replace(/ B$/, 'B') : bytes;
  const fmt = e.format !== undefined ? (FORMAT_SHORT[e.format] ?? e.format) : '';
  const meta = [fmt, size].filter((t) => t !== '').join(' ');
  const metaW = width >= 24 ? stringWidth(meta) : 0;
  const nameW = Math.max(1, width - 2 - (metaW > 0 ? metaW + 1 : 0));
  const current = chatModel(s) === (e.serverId ?? e.model?.id);
  buf.setString(
    x + 2,
    y,
    fitName(e.name, nameW),
    current ? theme['text.strong'] : theme.text,
    nameW,
  );
  if (metaW > 0) buf.setString(x + width - metaW, y, meta, theme['text.dim']);
}

export function drawModelsTab(
  buf: Buffer,
  body: Rect,
  s: State,
  theme: Theme,
  focused: boolean,
): void {
  const split = modelsSplit(s, body);
  const head = headText(s, body.width - 1);
  buf.setString(body.x + 1, body.y, truncate(head.text, body.width - 1), theme[head.style]);
  const { list } = split;
  const rows = listRows(s);
  if (rows.length === 0) {
    const msg = emptyText(s).map((t) => line(span(t, theme['text.dim'])));
    wrapLines(msg, list.width - 1).forEach((l, i) => {
      if (i < list.height) buf.setLine(list.x + 1, list.y + i, l, list.width - 1);
    });
    return;
  }
  const sel = selectedIndex(s);
  const off = listOffset(rows, sel, list.height);
  for (let r = 0; r < list.height; r++) {
    const row = rows[off + r];
    if (row === undefined) break;
    const y = list.y + r;
    if (row.kind === 'group') {
      buf.setString(list.x + 1, y, truncate(row.label, list.width - 1), theme['text.accent']);
      continue;
    }
    if (row.index === sel)
      buf.setStyle(
        rect(list.x, y, list.width, 1),
        focused ? theme.selection : theme['selection.inactive'],
      );
    drawRow(buf, list.x, y, list.width, row.entry, s, theme);
  }
  const e = visibleEntries(s)[sel];
  if (split.details !== undefined && e !== undefined)
    drawModelDetails(buf, split.details, e, s, theme);
}
