// The sidebar's sessions tab. The list: a count line, then per session its
// title and date (current session marked •) and, when the tab is wide
// enough, a second row with model, message count and tags. While searching:
// the search line, a result count, then per hit its session's title and a
// snippet with the matched words highlighted. Geometry: sessions-rows.ts.
import {
  type Buffer,
  type Line,
  type Rect,
  type Span,
  type Style,
  type Theme,
  drawTextArea,
  line,
  patch,
  rect,
  span,
  stringWidth,
  truncate,
  truncateLine,
  wrapLines,
} from '../../tui/index.js';
import { modelName } from '../../domain/model.js';
import type { SessionHit, SessionSearch, SessionSummary, State } from '../types/state.js';
import { rowsPerSession, sessionsGeometry } from '../geometry/sessions-rows.js';

function shortDate(iso: string, withTime: boolean): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  const day = `${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  return withTime ? `${day} ${p(d.getHours())}:${p(d.getMinutes())}` : day;
}

/** Stored text on one row: control characters (newlines too) become spaces, one for one. */
function oneRow(text: string): string {
  return text.replace(/\p{Cc}/gu, ' ');
}

/** Before a fork's title: it branched off another session. */
const FORK_MARK = '↳ ';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The details row: model, message count, tags, archived. */
function details(s: State, it: SessionSummary, theme: Theme): Line {
  const parts: Span[] = [];
  const add = (text: string, style: Style) => {
    if (parts.length > 0) parts.push(span(' · ', theme['text.dim']));
    parts.push(span(text, style));
  };
  if (it.archived === true) add('archived', theme['status.warn']);
  if (it.modelId !== null && it.modelId !== '')
    add(oneRow(modelName(s.models.inventory, it.modelId)), theme['text.dim']);
  if (it.messages !== undefined) add(plural(it.messages, 'msg', 'msgs'), theme['text.dim']);
  const tags = it.tags ?? [];
  if (tags.length > 0) add(tags.map((t) => `#${oneRow(t)}`).join(' '), theme['text.accent']);
  return line(...parts);
}

function drawHead(buf: Buffer, body: Rect, s: State, theme: Theme): void {
  const { items, total, showArchived, loadingMore, loaded } = s.sessions;
  // Until the list is in, the count is unknown: the list says "loading…".
  if (!loaded) return;
  const n = total ?? items.length;
  let text = n === 1 ? '1 saved' : `${n} saved`;
  if (items.length < n) text += `, ${items.length} loaded`;
  if (loadingMore === true) text += ' …';
  if (showArchived === true) text += ' · with archived';
  buf.setString(body.x + 1, body.y, text, theme['text.dim'], body.width - 1);
}

function drawMessage(buf: Buffer, area: Rect, text: string, style: Style): void {
  wrapLines([line(span(text, style))], Math.max(1, area.width - 1)).forEach((l, i) => {
    if (i < area.height) buf.setLine(area.x + 1, area.y + i, l, area.width - 1);
  });
}

function drawList(buf: Buffer, body: Rect, s: State, theme: Theme, focused: boolean): void {
  drawHead(buf, body, s, theme);
  const g = sessionsGeometry(s, body);
  const rest = rect(body.x, g.top, body.width, Math.max(0, body.y + body.height - g.top));
  if (!s.sessions.loaded) {
    buf.setString(rest.x + 1, rest.y, 'loading…', theme['text.dim'], rest.width - 1);
    return;
  }
  if (s.sessions.items.length === 0) {
    const msg =
      s.sessions.problem ??
      (s.sessions.showArchived === true
        ? 'No sessions.'
        : 'No sessions to show: your first message starts one (archived ones: Shift+A).');
    drawMessage(buf, rest, msg, theme['text.dim']);
    return;
  }
  const two = rowsPerSession(body.width) === 2;
  for (let r = 0; r < g.visible; r++) {
    const i = g.offset + r;
    const it = s.sessions.items[i];
    if (it === undefined) break;
    const y = g.top + r * g.per;
    const selected = i === s.sessions.selected;
    const current = it.id === s.chat.sessionId;
    if (selected)
      buf.setStyle(
        rect(body.x, y, body.width, g.per),
        focused ? theme.selection : theme['selection.inactive'],
      );
    const date = shortDate(it.updatedAt, body.width >= 34);
    const titleW = Math.max(1, body.width - 2 - stringWidth(date) - 1);
    buf.setString(body.x, y, current ? '•' : ' ', theme['text.accent']);
    const titleStyle = current
      ? theme['text.strong']
      : it.archived === true
        ? theme['text.dim']
        : theme.text;
    // A fork is told apart from its original (same title, same date) by a mark before the title.
    const mark = it.fork === true ? FORK_MARK : '';
    if (mark !== '') buf.setString(body.x + 1, y, mark, theme['text.accent']);
    const titleX = body.x + 1 + stringWidth(mark);
    const titleText = truncate(oneRow(it.title || 'untitled'), titleW - stringWidth(mark));
    buf.setString(titleX, y, titleText, titleStyle);
    buf.setString(body.x + body.width - stringWidth(date), y, date, theme['text.dim']);
    if (two)
      buf.setLine(
        body.x + 2,
        y + 1,
        truncateLine(details(s, it, theme), body.width - 2),
        body.width - 2,
      );
  }
}

/**
 * The snippet as spans, the matched words highlighted, starting early
 * enough that the first match shows in `width` cells.
 */
export function snippetLine(hit: SessionHit, width: number, base: Style, mark: Style): Line {
  const text = oneRow(hit.snippet);
  let from = 0;
  const first = hit.highlights[0];
  if (first !== undefined && stringWidth(text.slice(0, first[1])) > width - 1)
    from = Math.max(0, first[0] - 8);
  const spans: Span[] = from > 0 ? [span('…', base)] : [];
  let at = from;
  for (const [start, end] of hit.highlights) {
    if (end <= at) continue;
    const s0 = Math.max(start, at);
    if (s0 > at) spans.push(span(text.slice(at, s0), base));
    spans.push(span(text.slice(s0, end), mark));
    at = end;
  }
  if (at < text.length) spans.push(span(text.slice(at), base));
  return truncateLine(line(...spans), width);
}

function searchStatus(search: SessionSearch): string {
  if (search.error !== undefined) return search.error;
  if (search.editor.value.trim() === '') return 'Type words from a title or message';
  if (search.pending && search.query !== search.editor.value.trim()) return 'searching…';
  const n = search.hits.length;
  return n === 0 ? `Nothing matches “${search.query}”` : plural(n, 'match', 'matches');
}

function drawSearch(
  buf: Buffer,
  body: Rect,
  s: State,
  search: SessionSearch,
  theme: Theme,
  focused: boolean,
): void {
  buf.setString(body.x, body.y, '/', theme['text.accent']);
  const field = rect(body.x + 2, body.y, Math.max(1, body.width - 2), 1);
  // The text area widget keeps the cursor's part of a long query in view.
  const cursor = drawTextArea(buf, field, search.editor, {
    focused,
    placeholder: 'search sessions',
    placeholderStyle: theme['input.placeholder'],
  });
  // The terminal's cursor stays with the composer: this one is drawn.
  if (cursor !== undefined) buf.setStyle(rect(cursor.x, cursor.y, 1, 1), theme['input.cursor']);
  buf.setString(
    body.x + 1,
    body.y + 1,
    searchStatus(search),
    search.error !== undefined ? theme['status.error'] : theme['text.dim'],
    body.width - 1,
  );
  const g = sessionsGeometry(s, body);
  const mark = patch(theme['text.accent'], theme['text.strong']);
  for (let r = 0; r < g.visible; r++) {
    const i = g.offset + r;
    const hit = search.hits[i];
    if (hit === undefined) break;
    const y = g.top + r * g.per;
    const selected = i === search.selected;
    if (selected)
      buf.setStyle(
        rect(body.x, y, body.width, g.per),
        focused ? theme.selection : theme['selection.inactive'],
      );
    const current = hit.sessionId === s.chat.sessionId;
    buf.setString(body.x, y, current ? '•' : ' ', theme['text.accent']);
    const titleHit = hit.messageId === null;
    const where = titleHit ? 'title' : (hit.role ?? '');
    const titleW = Math.max(1, body.width - 2 - stringWidth(where) - 1);
    // A title hit highlights the title itself; its second row tells about the session.
    const title = titleHit
      ? snippetLine(hit, titleW, theme['text.strong'], mark)
      : line(span(truncate(oneRow(hit.title || 'untitled'), titleW), theme['text.strong']));
    buf.setLine(body.x + 1, y, title, titleW);
    buf.setString(body.x + body.width - stringWidth(where), y, where, theme['text.dim']);
    const known = titleHit ? s.sessions.items.find((x) => x.id === hit.sessionId) : undefined;
    const second = titleHit
      ? known === undefined
        ? line()
        : details(s, known, theme)
      : snippetLine(hit, body.width - 2, theme['text.dim'], mark);
    buf.setLine(body.x + 2, y + 1, truncateLine(second, body.width - 2), body.width - 2);
  }
}

export function drawSessionsTab(
  buf: Buffer,
  body: Rect,
  s: State,
  theme: Theme,
  focused: boolean,
): void {
  const search = s.sessions.search;
  if (search !== undefined) drawSearch(buf, body, s, search, theme, focused);
  else drawList(buf, body, s, theme, focused);
}
