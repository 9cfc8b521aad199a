// The inspector's rows: the selected message (the latest when none is
// selected) in full — role, model, status, its versions, token counts and
// timings, the request that was sent and the events received, reasoning, tool
// calls, error and text — laid out at the inspector's width. The view draws
// them; the inspector's scroll is clamped by how many there are.
import {
  type Line,
  type Rect,
  type Style,
  type Theme,
  DARK_THEME,
  line,
  span,
  styledLine,
  text,
  wrapLine,
  wrapLines,
} from '../../tui/index.js';
import type { ChatItem, ReplyTrace, State, TracedEvent } from '../types/state.js';
import { computeLayout } from './layout.js';

/** Characters of each request message shown (the message itself is shown in full below). */
const REQUEST_CHARS = 400;

function ms(v: number): string {
  return v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${Math.round(v)} ms`;
}

/** A local date and time to the second ("2026-01-02 03:04:05"); the ISO text when unreadable. */
function when(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

function section(title: string, theme: Theme): Line[] {
  return [styledLine([]), line(span(title, theme['title.focused']))];
}

/** Columns of a field's label; a value too long for its row wraps under itself. */
const LABEL_WIDTH = 12;
/** The lines made by field() (wrapped with the value's column kept). */
const FIELDS = new WeakSet<Line>();

function field(label: string, value: string, theme: Theme): Line {
  const l = line(span(label.padEnd(LABEL_WIDTH), theme['text.dim']), span(value, theme.text));
  FIELDS.add(l);
  return l;
}

/** The lines wrapped to `width`; a field's value continues under the value, not under the label. */
function wrapRows(lines: readonly Line[], width: number): Line[] {
  return lines.flatMap((l) => {
    const [label, ...value] = l.spans;
    if (!FIELDS.has(l) || label === undefined || width - LABEL_WIDTH < 12)
      return wrapLines([l], width);
    return wrapLine(line(...value), width - LABEL_WIDTH).map((row, i) =>
      line(span(i === 0 ? label.content : ' '.repeat(LABEL_WIDTH), label.style), ...row.spans),
    );
  });
}

function para(s: string, style?: Style): Line[] {
  return [...text(s, style).lines];
}

function figures(it: ChatItem, theme: Theme): Line[] {
  const f = it.figures;
  if (f === undefined) return [];
  const out = section('Tokens and timings', theme);
  if (f.ttftMs !== undefined) out.push(field('TTFT', ms(f.ttftMs), theme));
  if (f.tokensPerSec !== undefined) out.push(field('tok/s', f.tokensPerSec.toFixed(1), theme));
  if (f.promptTokens !== undefined) out.push(field('prompt', `${f.promptTokens} tokens`, theme));
  if (f.completionTokens !== undefined)
    out.push(field('completion', `${f.completionTokens} tokens`, theme));
  if (f.totalMs !== undefined) out.push(field('duration', ms(f.totalMs), theme));
  return out;
}

function eventLine(e: TracedEvent, theme: Theme): Line {
  return line(
    span(`+${String(Math.round(e.ms)).padStart(6)} ms `, theme['text.dim']),
    span(`${e.type} `, theme['text.accent']),
    span(e.text, theme.text),
  );
}

function request(t: ReplyTrace, theme: Theme): Line[] {
  const out = section('Request sent', theme);
  out.push(field('sent at', when(t.sentAt), theme), field('model', t.model, theme));
  const sampling = Object.entries(t.sampling ?? {}).filter(([, v]) => v !== undefined);
  if (sampling.length > 0)
    out.push(field('sampling', sampling.map(([k, v]) => `${k}=${String(v)}`).join(' '), theme));
  out.push(field('messages', String(t.messages.length), theme));
  for (const m of t.messages) {
    const body =
      m.content.length > REQUEST_CHARS ? `${m.content.slice(0, REQUEST_CHARS - 1)}…` : m.content;
    out.push(line(span(`[${m.role}] `, theme['text.accent']), span(body.replace(/\s+/g, ' '))));
  }
  out.push(...section(`Events received: ${t.total}`, theme));
  const counts = Object.entries(t.counts)
    .map(([k, v]) => `${k} ${v}`)
    .join(' · ');
  if (counts !== '') out.push(line(span(counts, theme['text.dim'])));
  for (const e of t.first) out.push(eventLine(e, theme));
  const hidden = t.total - t.first.length - t.last.length;
  if (hidden > 0) out.push(line(span(`… ${hidden} more …`, theme['text.dim'])));
  for (const e of t.last) out.push(eventLine(e, theme));
  return out;
}

/** The inspector's lines for `it` (before wrapping). */
export function inspectorLines(s: State, index: number, it: ChatItem, theme: Theme): Line[] {
  const out: Line[] = [
    line(
      span(`#${index + 1} ${it.role}`, theme['title.focused']),
      span(` · ${it.status}`, it.status === 'error' ? theme['status.error'] : theme['text.dim']),
    ),
  ];
  if (it.modelId !== undefined) out.push(field('model', it.modelId, theme));
  out.push(field('created', when(it.createdAt), theme));
  out.push(field('id', it.storeId ?? `${it.id} (not saved)`, theme));
  if (it.siblings !== undefined && it.storeId !== undefined)
    out.push(
      field(
        'version',
        `${it.siblings.indexOf(it.storeId) + 1} of ${it.siblings.length} (← → in the chat)`,
        theme,
      ),
    );
  out.push(...figures(it, theme));
  const trace = s.chat.traces?.[it.storeId ?? it.id] ?? s.chat.traces?.[it.id];
  if (trace !== undefined) out.push(...request(trace, theme));
  else if (it.role === 'assistant')
    out.push(
      ...section('Request sent', theme),
      line(
        span(
          it.status === 'streaming'
            ? 'Shown once the reply ends (the request and the events received).'
            : 'Not recorded: the request and events are kept for replies of this run.',
          theme['text.dim'],
        ),
      ),
    );
  if (it.error !== undefined)
    out.push(...section('Error', theme), ...para(it.error, theme['status.error']));
  if (it.reasoning !== undefined && it.reasoning !== '')
    out.push(...section('Reasoning', theme), ...para(it.reasoning, theme['text.dim']));
  if (it.toolCalls !== undefined && it.toolCalls !== null)
    out.push(...section('Tool calls', theme), ...para(JSON.stringify(it.toolCalls, null, 2)));
  if (it.tool !== undefined)
    out.push(
      ...section('Tool call (agent mode): decision, arguments, result', theme),
      ...para(JSON.stringify(it.tool, null, 2)),
    );
  out.push(...section(it.tool !== undefined ? 'Text sent to the model' : 'Text', theme));
  out.push(...(it.content === '' ? [line(span('(empty)', theme['text.dim']))] : para(it.content)));
  return out;
}

/** The message the inspector shows: the selected one, else the latest. */
export function inspectedItem(s: State): { index: number; it: ChatItem } | undefined {
  const items = s.chat.items;
  const sel = s.chat.selected;
  const index = sel !== undefined && sel >= 0 && sel < items.length ? sel : items.length - 1;
  const it = items[index];
  return it === undefined ? undefined : { index, it };
}

/** The inspector's rows for its rect (border and margins taken off), and how many fit. */
export function inspectorRows(
  s: State,
  area: Rect,
  theme: Theme,
): { rows: Line[]; height: number } {
  const width = area.width - 4;
  const height = area.height - 2;
  const m = inspectedItem(s);
  if (m === undefined || width <= 0) return { rows: [], height };
  return { rows: wrapRows(inspectorLines(s, m.index, m.it, theme), width), height };
}

/** How far the inspector can scroll (0 when it is not shown or fits). */
export function inspectorMaxScroll(s: State): number {
  const area = computeLayout(s).inspector;
  if (area === undefined) return 0;
  // The theme does not change how many rows the text takes.
  const { rows, height } = inspectorRows(s, area, DARK_THEME);
  return Math.max(0, rows.length - height);
}
