// The sidebar's metrics tab: the backend and its model, the last reply's
// TTFT and tokens/s with sparklines over the chat, context use, the chat's
// token totals, the server's queue and the machine's devices. Laid out in
// label/value rows that read at 24-36 columns; what nobody measured says so.
import {
  type Buffer,
  type Line,
  type Rect,
  type Style,
  type Theme,
  drawGauge,
  drawSparkline,
  line,
  rect,
  span,
  stringWidth,
  truncate,
  wrapLine,
} from '../../tui/index.js';
import { chatModel } from '../panes/chat-model.js';
import { contextUse, replyStats } from '../panes/metrics.js';
import type { State } from '../types/state.js';
import { meaningfulRate } from '../types/figures.js';

const LABEL = 8;

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 1000).toFixed(2)} s`;
}

export function formatGiB(bytes: number): string {
  const g = bytes / 1024 ** 3;
  return g >= 100 ? g.toFixed(0) : g.toFixed(1);
}

/** Draws rows top to bottom inside `area`, one call per row; rows past the bottom are dropped. */
class Rows {
  y: number;
  constructor(
    private readonly buf: Buffer,
    private readonly area: Rect,
  ) {
    this.y = area.y;
  }
  get bottom(): number {
    return this.area.y + this.area.height;
  }
  get left(): boolean {
    return this.y < this.bottom;
  }
  get x(): number {
    return this.area.x + 1;
  }
  get width(): number {
    return Math.max(0, this.area.width - 2);
  }
  /** A row; returns the x after the text (for something drawn beside it). */
  line(l: Line): number {
    if (!this.left) return this.x;
    const end = this.buf.setLine(this.x, this.y, l, this.width);
    this.y++;
    return end;
  }
  blank(): void {
    if (this.y > this.area.y) this.y++;
  }
  /** Gives a one-row rect to draw a widget in, moving down. */
  take(): Rect | undefined {
    if (!this.left) return undefined;
    return rect(this.x, this.y++, this.width, 1);
  }
}

/** The first text that fits `width` cells (the last one cut if none does). */
function fit(options: readonly string[], width: number): string {
  const w = Math.max(1, width);
  return options.find((o) => stringWidth(o) <= w) ?? truncate(options.at(-1) ?? '', w);
}

function labelled(label: string, value: string, theme: Theme, valueStyle?: Style): Line {
  return line(span(label.padEnd(LABEL), theme['text.dim']), span(value, valueStyle ?? theme.text));
}

/**
 * Below this many rows the tab drops what the status bar or the help already
 * says (the Backend heading, the URL, the capability lists) so the figures fit.
 */
const COMPACT_BELOW = 26;

function backendSection(r: Rows, s: State, theme: Theme, compact: boolean): void {
  const b = s.backend;
  if (!compact) r.line(line(span('Backend', theme['text.strong'])));
  const conn =
    b.connection === 'ok'
      ? span('● connected', theme['status.ok'])
      : b.connection === 'checking'
        ? span('○ connecting', theme['status.warn'])
        : span('○ unreachable', theme['status.error']);
  r.line(line(conn));
  r.line(
    labelled('backend', truncate(`${b.name} (${b.kind})`, Math.max(1, r.width - LABEL)), theme),
  );
  if (b.url !== undefined && !compact)
    r.line(line(span(truncate(b.url, r.width), theme['text.dim'])));
  r.line(labelled('model', truncate(chatModel(s), Math.max(1, r.width - LABEL)), theme));
  if (b.connection === 'down' && b.message !== undefined)
    r.line(line(span(truncate(b.message, r.width), theme['status.error'])));
  const c = s.metrics.capabilities;
  if (c !== undefined && !compact) {
    const named: [boolean, string][] = [
      [c.toolCalling, 'tools'],
      [c.webSearch, 'web search'],
      [c.modelManagement, 'model control'],
      [c.metrics, '/metrics'],
      [c.systemInfo, 'system info'],
    ];
    const has = named.filter(([on]) => on).map(([, n]) => n);
    const lacks = named.filter(([on]) => !on).map(([, n]) => n);
    if (has.length > 0) wrapped(r, 'has', has.join(', '), theme, theme.text);
    if (lacks.length > 0) wrapped(r, 'lacks', lacks.join(', '), theme, theme['text.dim']);
  }
}

/** A labelled value wrapped under itself (lists that do not fit one row). */
function wrapped(r: Rows, label: string, value: string, theme: Theme, style: Style): void {
  const rows = wrapLine(line(span(value, style)), Math.max(1, r.width - LABEL));
  rows.forEach((row, i) =>
    r.line(line(span((i === 0 ? label : '').padEnd(LABEL), theme['text.dim']), ...row.spans)),
  );
}

/** A figure with its sparkline beside it (or below it when the tab is narrow). */
function figureRow(
  r: Rows,
  buf: Buffer,
  label: string,
  value: string,
  series: readonly number[],
  theme: Theme,
): void {
  const y = r.y;
  const end = r.line(labelled(label, value, theme, theme['text.strong']));
  if (series.length < 2 || r.y === y) return;
  // Every measured reply shows at least the lowest bar (a tiny one would round to blank).
  const max = Math.max(...series);
  const data = series.map((v) => (v > 0 ? Math.max(v, max / 8) : 0));
  const x = Math.max(end + 2, r.x + LABEL + 10);
  const room = r.x + r.width - x;
  if (room >= 6) drawSparkline(buf, rect(x, y, room, 1), { data, max, style: theme['chart.1'] });
  else {
    const area = r.take();
    if (area !== undefined) drawSparkline(buf, area, { data, max, style: theme['chart.1'] });
  }
}

function replySection(r: Rows, buf: Buffer, s: State, theme: Theme): void {
  const st = replyStats(s.chat.items);
  r.line(line(span('Last reply', theme['text.strong'])));
  const f = st.last?.figures;
  if (f === undefined) {
    r.line(line(span('No reply in this chat yet.', theme['text.dim'])));
  } else {
    figureRow(r, buf, 'TTFT', f.ttftMs !== undefined ? formatMs(f.ttftMs) : '—', st.ttft, theme);
    figureRow(r, buf, 'tok/s', meaningfulRate(f)?.toFixed(1) ?? '—', st.tokensPerSec, theme);
  }
  const ctx = contextUse(s);
  if (ctx.used !== undefined && ctx.length !== undefined && ctx.length > 0) {
    const ratio = ctx.used / ctx.length;
    r.line(
      labelled(
        'context',
        // The gauge below shows the percentage too: a narrow tab drops it here.
        fit(
          [
            `${formatCount(ctx.used)} / ${formatCount(ctx.length)} (${Math.round(ratio * 100)}%)`,
            `${formatCount(ctx.used)} / ${formatCount(ctx.length)}`,
          ],
          r.width - LABEL,
        ),
        theme,
        ratio >= 0.9 ? theme['status.error'] : ratio >= 0.75 ? theme['status.warn'] : theme.text,
      ),
    );
    const g = r.take();
    if (g !== undefined)
      drawGauge(buf, g, {
        ratio,
        filledStyle: ratio >= 0.9 ? theme['status.error'] : theme['gauge.filled'],
        emptyStyle: theme['gauge.empty'],
      });
  } else if (ctx.used !== undefined) {
    const used = formatCount(ctx.used);
    const fits = LABEL + used.length + ' / unknown'.length <= r.width;
    r.line(labelled('context', `${used} / ${fits ? 'unknown' : '?'}`, theme));
  } else if (ctx.length !== undefined) {
    r.line(labelled('context', `? / ${formatCount(ctx.length)} tokens`, theme));
  } else r.line(labelled('context', 'unknown', theme, theme['text.dim']));
  r.blank();
  r.line(
    line(
      span('Session', theme['text.strong']),
      span(`  ${st.replies} ${st.replies === 1 ? 'reply' : 'replies'}`, theme['text.dim']),
    ),
  );
  r.line(labelled('in', `${formatCount(st.promptTokens)} tokens`, theme));
  r.line(labelled('out', `${formatCount(st.completionTokens)} tokens`, theme));
}

function serverSection(r: Rows, buf: Buffer, s: State, theme: Theme): void {
  const m = s.metrics;
  r.line(line(span('Server', theme['text.strong'])));
  if (m.queue !== undefined)
    r.line(
      labelled(
        'queue',
        fit(
          [
            `${m.queue.running} running · ${m.queue.waiting} waiting`,
            `${m.queue.running} running · ${m.queue.waiting} wait`,
            `${m.queue.running} run · ${m.queue.waiting} wait`,
          ],
          r.width - LABEL,
        ),
        theme,
      ),
    );
  else if (m.queueUnavailable === true || m.hardware !== undefined) {
    // A poll went by without a queue: the server has no /metrics, or the backend
    // (in-process, another kind of server) has no such figure at all.
    const why = m.queueUnavailable === true ? ['no /metrics route', 'no /metrics'] : [];
    r.line(
      labelled('queue', fit([...why, 'not reported'], r.width - LABEL), theme, theme['text.dim']),
    );
  } else r.line(labelled('queue', m.polling ? 'reading…' : '—', theme, theme['text.dim']));
  const h = m.hardware;
  if (h === undefined) {
    r.line(labelled('devices', m.polling ? 'reading…' : '—', theme, theme['text.dim']));
    return;
  }
  for (const g of h.gpus) {
    const util = g.utilizationPct !== undefined ? ` ${Math.round(g.utilizationPct)}%` : '';
    r.line(labelled('GPU', truncate(`${g.name}${util}`, Math.max(1, r.width - LABEL)), theme));
    if (
      g.memoryUsedBytes !== undefined &&
      g.memoryTotalBytes !== undefined &&
      g.memoryTotalBytes > 0
    )
      memoryRow(r, buf, 'VRAM', g.memoryUsedBytes, g.memoryTotalBytes, theme);
  }
  // The server's own machine when it says (it may be another one), else this one.
  const host = h.server;
  if (host?.cpu !== undefined) {
    const cores = host.cores !== undefined ? ` · ${host.cores} cores` : '';
    r.line(labelled('CPU', truncate(`${host.cpu}${cores}`, Math.max(1, r.width - LABEL)), theme));
  }
  const total = host?.memoryTotalBytes;
  const free = host?.memoryAvailableBytes;
  if (total !== undefined && free !== undefined && total > 0)
    memoryRow(r, buf, 'RAM', total - free, total, theme);
  else if (h.ramTotalBytes > 0)
    memoryRow(r, buf, 'RAM', h.ramTotalBytes - h.ramFreeBytes, h.ramTotalBytes, theme);
  if (h.gpus.length === 0)
    r.line(
      labelled(
        'GPU',
        fit(['none found: CPU only', 'none (CPU)'], r.width - LABEL),
        theme,
        theme['text.dim'],
      ),
    );
  else
    r.line(
      line(
        span(
          h.source === 'nvidia-smi' ? 'from nvidia-smi' : 'as the server reports',
          theme['text.dim'],
        ),
      ),
    );
}

/** "VRAM  ███░░ 10.2/80 GiB": a gauge beside the figures. */
function memoryRow(
  r: Rows,
  buf: Buffer,
  label: string,
  used: number,
  total: number,
  theme: Theme,
): void {
  const text = `${formatGiB(used)}/${formatGiB(total)} GiB`;
  const y = r.y;
  r.line(line(span(label.padEnd(LABEL), theme['text.dim'])));
  if (y >= r.y) return;
  const textX = r.x + r.width - stringWidth(text);
  buf.setString(textX, y, text, theme.text);
  const gw = textX - 1 - (r.x + LABEL);
  if (gw >= 4)
    drawGauge(buf, rect(r.x + LABEL, y, gw, 1), {
      ratio: used / total,
      filledStyle: theme['gauge.filled'],
      emptyStyle: theme['gauge.empty'],
    });
}

export function drawMetricsTab(
  buf: Buffer,
  body: Rect,
  s: State,
  theme: Theme,
  _focused: boolean,
): void {
  const r = new Rows(buf, body);
  backendSection(r, s, theme, body.height < COMPACT_BELOW);
  r.blank();
  replySection(r, buf, s, theme);
  r.blank();
  serverSection(r, buf, s, theme);
  historyChart(r, buf, s, theme);
}

/** Rows the taller chart needs at least (heading, chart, scale) before it is drawn. */
const CHART_MIN_ROWS = 5;
/** Taller than this, bars scaled from zero show little more. */
const CHART_MAX_ROWS = 4;

/** With rows to spare (a tall terminal), tokens/s of every reply of the chat as a taller chart. */
function historyChart(r: Rows, buf: Buffer, s: State, theme: Theme): void {
  const series = replyStats(s.chat.items).tokensPerSec;
  const room = r.bottom - r.y - 1;
  if (series.length < 2 || room < CHART_MIN_ROWS) return;
  r.blank();
  const shown = series.slice(-r.width);
  const max = Math.max(...shown);
  r.line(
    line(
      span('tok/s by reply', theme['text.strong']),
      span(`  last ${shown.length}, top ${max.toFixed(1)}`, theme['text.dim']),
    ),
  );
  const height = Math.min(CHART_MAX_ROWS, r.bottom - r.y);
  const data = shown.map((v) => (v > 0 ? Math.max(v, max / (8 * height)) : 0));
  drawSparkline(buf, rect(r.x, r.y, r.width, height), { data, max, style: theme['chart.2'] });
  r.y += height;
}
