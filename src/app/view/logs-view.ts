// The sidebar's logs tab: a header (which view, the level shown, follow or
// paused, the text filter), then the entries that pass the filters, newest at
// the bottom, each wrapped to the tab's width with the filter's matches
// highlighted. The same tab shows the notifications of this run ('n').
import {
  type Buffer,
  type Line,
  type Rect,
  type Span,
  type Style,
  type Theme,
  line,
  sanitize,
  span,
  stringWidth,
  truncate,
  wrapLine,
} from '../../tui/index.js';
import { visibleEntries } from '../panes/logs.js';
import type { LogLevel, LogLine, State } from '../types/state.js';

const LEVEL_MARK: Readonly<Record<LogLevel, string>> = {
  debug: 'D',
  info: 'I',
  warn: 'W',
  error: 'E',
};

function levelStyle(level: LogLevel, theme: Theme): Style {
  switch (level) {
    case 'error':
      return theme['status.error'];
    case 'warn':
      return theme['status.warn'];
    case 'info':
      return theme['status.info'];
    case 'debug':
      return theme['text.dim'];
  }
}

const CONTINUATION = '  ';

/** The spans without their first `n` characters. */
function dropChars(spans: readonly Span[], n: number): Span[] {
  const out: Span[] = [];
  let left = n;
  for (const s of spans) {
    if (left >= s.content.length) {
      left -= s.content.length;
      continue;
    }
    out.push(left > 0 ? span(s.content.slice(left), s.style) : s);
    left = 0;
  }
  return out;
}

/** The spans without the blanks they start with (the break between two rows). */
function trimStart(spans: readonly Span[]): Span[] {
  const i = spans.findIndex((s) => s.content.trimStart() !== '');
  const first = spans[i];
  if (first === undefined) return [];
  return [span(first.content.trimStart(), first.style), ...spans.slice(i + 1)];
}

/** `text` as spans with every case-insensitive match of `query` highlighted. */
/** hh:mm:ss in local time, as the chat and sessions show times. */
function localTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '--:--:--';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export function highlighted(text: string, query: string, base: Style, mark: Style): Span[] {
  if (query === '') return [span(text, base)];
  const out: Span[] = [];
  const lower = text.toLowerCase();
  const q = query.toLowerCase();
  let at = 0;
  for (let i = lower.indexOf(q); i >= 0; i = lower.indexOf(q, i + q.length)) {
    if (i > at) out.push(span(text.slice(at, i), base));
    out.push(span(text.slice(i, i + q.length), mark));
    at = i + q.length;
  }
  if (at < text.length) out.push(span(text.slice(at), base));
  return out;
}

/** One entry as rows of `width`: time, level, a server marker, the text (matches highlighted). */
export function entryRows(
  e: Omit<LogLine, 'id'>,
  width: number,
  query: string,
  theme: Theme,
): Line[] {
  const time = localTime(e.at);
  const head = [
    span(`${time} `, theme['text.dim']),
    span(LEVEL_MARK[e.level], levelStyle(e.level, theme)),
    span(e.source === 'server' ? ' ▸ ' : ' ', theme['text.accent']),
  ];
  const textStyle = e.level === 'error' ? theme['status.error'] : theme.text;
  const spans = [...head, ...highlighted(sanitize(e.text), query, textStyle, theme.selection)];
  // Words stay whole where they can (a token longer than the row is still cut).
  const [first, ...more] = wrapLine(line(...spans), width, 'word');
  if (first === undefined || more.length === 0) return first === undefined ? [] : [first];
  // Continuation rows are indented so each entry's first row stands out.
  const taken = first.spans.reduce((n, x) => n + x.content.length, 0);
  const rest = wrapLine(
    line(...trimStart(dropChars(spans, taken))),
    Math.max(1, width - CONTINUATION.length),
    'word',
  );
  return [first, ...rest.map((r) => line(span(CONTINUATION), ...r.spans))];
}

function emptyText(s: State): string {
  const l = s.logs;
  const total = l.view === 'logs' ? l.lines.length : s.notices.length;
  if (total === 0) return l.view === 'logs' ? 'No log lines yet.' : 'No notifications yet.';
  const what = l.query !== '' ? ' matching the filter' : '';
  return `Nothing at ${l.minLevel} or above${what}. l: level, c: clear the filter.`;
}

function header(s: State, width: number, theme: Theme): Line {
  const l = s.logs;
  const tab = (name: string, on: boolean) =>
    span(name, on ? theme['text.strong'] : theme['text.dim']);
  const left = [
    tab('logs', l.view === 'logs'),
    span(' ', theme.text),
    tab('notices', l.view === 'notifications'),
    span(`  ≥${l.minLevel}`, theme['text.accent']),
  ];
  const used = left.reduce((w, x) => w + stringWidth(x.content), 0);
  const room = width - used - 1;
  // The longest wording that fits: narrow tabs get the short one.
  const words = l.follow ? ['following', 'live'] : ['paused · End', 'paused'];
  const word = words.find((w) => stringWidth(w) <= room);
  const right =
    word === undefined ? [] : [span(word, l.follow ? theme['status.ok'] : theme['status.warn'])];
  const gap = width - used - right.reduce((w, x) => w + stringWidth(x.content), 0);
  return line(...left, span(' '.repeat(Math.max(0, gap)), theme.text), ...right);
}

export function drawLogsTab(
  buf: Buffer,
  body: Rect,
  s: State,
  theme: Theme,
  _focused: boolean,
): void {
  if (body.height <= 0) return;
  const l = s.logs;
  const x = body.x + 1;
  const width = Math.max(1, body.width - 2);
  const entries = visibleEntries(s);
  buf.setLine(x, body.y, header(s, width, theme), width);
  let top = body.y + 1;
  if (l.query !== '') {
    buf.setLine(
      x,
      top,
      line(
        span(truncate(`/${l.query}`, Math.max(1, width - 12)), theme['text.accent']),
        span(
          `  ${entries.length} ${entries.length === 1 ? 'match' : 'matches'}`,
          theme['text.dim'],
        ),
      ),
      width,
    );
    top++;
  }
  const height = body.y + body.height - top;
  if (height <= 0) return;
  if (entries.length === 0) {
    const text = emptyText(s);
    wrapLine(line(span(text, theme['text.dim'])), width).forEach((row, i) => {
      if (i < height) buf.setLine(x, top + i, row, width);
    });
    return;
  }
  // From the newest entry shown upwards, until the rows fill the height.
  const newest = Math.max(0, entries.length - 1 - Math.min(l.scroll, entries.length - 1));
  let rows: Line[] = [];
  for (let i = newest; i >= 0 && rows.length < height; i--) {
    const e = entries[i];
    if (e !== undefined) rows = [...entryRows(e, width, l.query, theme), ...rows];
  }
  let shown: Line[];
  if (rows.length >= height) shown = rows.slice(rows.length - height);
  else {
    // Scrolled back to the oldest lines: newer ones fill the rows below them.
    for (let i = newest + 1; i < entries.length && rows.length < height; i++) {
      const e = entries[i];
      if (e !== undefined) rows = [...rows, ...entryRows(e, width, l.query, theme)];
    }
    shown = rows.slice(0, height);
  }
  shown.forEach((row, i) => buf.setLine(x, top + i, row, width));
}
