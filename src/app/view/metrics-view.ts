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
import type { Histogram, ServerMetrics } from '../../domain/backend.js';
import { histogramQuantile } from '../../domain/telemetry.js';
import { contextUse, percentile, replyStats } from '../panes/metrics.js';
import type { ServerSample, State } from '../types/state.js';
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
 * says (the Backend heading, the URL, the capability lists) so the figures fit:
 * with a server's /metrics and the latency table, a 30-row terminal's tab
 * still shows the devices at the bottom.
 */
const COMPACT_BELOW = 34;

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

/** Cells a sparkline beside a figure takes at least, with the gap before it. */
const SPARK_BESIDE = 8;
/** The fewest cells a sparkline squeezed right after its figure gets. */
const SPARK_TIGHT = 4;

/** A figure with its sparkline beside it (or below it when the tab is narrow). */
function figureRow(
  r: Rows,
  buf: Buffer,
  label: string,
  value: string,
  series: readonly number[],
  theme: Theme,
  valueStyle: Style = theme['text.strong'],
  /** Whether the sparkline may take a row of its own when it does not fit beside. */
  below = true,
): void {
  const y = r.y;
  const end = r.line(labelled(label, value, theme, valueStyle));
  if (series.length < 2 || r.y === y) return;
  // Every measured reply shows at least the lowest bar (a tiny one would round to blank).
  const max = Math.max(...series);
  const data = series.map((v) => (v > 0 ? Math.max(v, max / 8) : 0));
  const x = Math.max(end + 2, r.x + LABEL + 10);
  const room = r.x + r.width - x;
  const tight = r.x + r.width - (end + 1);
  if (room >= SPARK_BESIDE - 2)
    drawSparkline(buf, rect(x, y, room, 1), { data, max, style: theme['chart.1'] });
  else if (!below && tight >= SPARK_TIGHT)
    // A figure over time with no row of its own: a few cells right after it still show the trend.
    drawSparkline(buf, rect(end + 1, y, tight, 1), { data, max, style: theme['chart.1'] });
  else if (below) {
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
    r.line(labelled('context', fits ? `${used} / unknown` : `${used} used`, theme));
  } else if (ctx.length !== undefined) {
    // Words, not "?": what is known is said, what is not is named.
    r.line(
      labelled(
        'context',
        fit(
          [
            `unknown / ${formatCount(ctx.length)} tokens`,
            `unknown / ${formatCount(ctx.length)}`,
            `${formatCount(ctx.length)} max`,
          ],
          r.width - LABEL,
        ),
        theme,
      ),
    );
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
  const sv = m.server;
  r.line(
    line(
      span('Server', theme['text.strong']),
      span(
        m.queue?.source === 'log' && sv === undefined
          ? '  from its log'
          : sv !== undefined
            ? '  from /metrics'
            : '',
        theme['text.dim'],
      ),
    ),
  );
  const history = m.serverHistory ?? [];
  if (m.queue !== undefined) {
    const q = m.queue;
    const depth = q.source === 'metrics' ? history.map((h) => h.running + h.waiting) : [];
    const texts = [
      `${q.running} running · ${q.waiting} waiting`,
      `${q.running} running · ${q.waiting} wait`,
      `${q.running} run · ${q.waiting} wait`,
    ];
    // With readings over time, a shorter text leaves room for their sparkline beside it;
    // where none leaves room, the text wins and the sparkline goes.
    const room = r.width - LABEL - (depth.length >= 2 ? SPARK_TIGHT + 1 : 0);
    figureRow(
      r,
      buf,
      'queue',
      texts.find((t) => stringWidth(t) <= room) ?? fit(texts, r.width - LABEL),
      depth,
      theme,
      theme.text,
      false,
    );
  } else if (m.queueUnavailable === true || m.hardware !== undefined) {
    // A poll went by without a queue: the server has no /metrics, or the backend
    // (in-process, another kind of server) has no such figure at all.
    const why = m.queueUnavailable === true ? ['no /metrics route', 'no /metrics'] : [];
    r.line(
      labelled('queue', fit([...why, 'not reported'], r.width - LABEL), theme, theme['text.dim']),
    );
  } else r.line(labelled('queue', m.polling ? 'reading…' : '—', theme, theme['text.dim']));
  if (sv !== undefined) serverFigures(r, buf, sv, history, theme);
  else if (m.queueUnavailable === true || m.queue?.source === 'log')
    // Say what a server without /metrics cannot tell (mistral.rs 0.8.1).
    wrapped(
      r,
      'lacks',
      'no /metrics route: no server TTFT, ITL, slots or prefix cache',
      theme,
      theme['text.dim'],
    );
  latencyRows(r, buf, s, theme);
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

/** Capacity, admission, prefix cache and tokens from the server's /metrics. */
function serverFigures(
  r: Rows,
  buf: Buffer,
  sv: ServerMetrics,
  history: readonly ServerSample[],
  theme: Theme,
): void {
  const w = r.width - LABEL;
  if (sv.capacity !== undefined || sv.pendingAdmission !== undefined) {
    const used = (sv.running ?? 0) + (sv.waiting ?? 0);
    const slots = sv.capacity !== undefined ? `${used} / ${sv.capacity}` : undefined;
    const pending =
      sv.pendingAdmission !== undefined ? `${sv.pendingAdmission} pending` : undefined;
    const both = [slots, pending].filter((x) => x !== undefined).join(' · ');
    r.line(labelled('slots', fit([both, slots ?? both], w), theme));
  }
  if (sv.prefixCacheLookups !== undefined && sv.prefixCacheLookups > 0) {
    const hits = sv.prefixCacheHits ?? 0;
    const pct = Math.round((100 * hits) / sv.prefixCacheLookups);
    r.line(
      labelled(
        'prefix',
        fit([`${pct}% hits (${hits} of ${sv.prefixCacheLookups})`, `${pct}% hits`], w),
        theme,
      ),
    );
  } else if (sv.prefixCacheLookups !== undefined)
    r.line(labelled('prefix', 'no lookups yet', theme, theme['text.dim']));
  if (sv.tokensProcessed !== undefined) {
    const rates = history.flatMap((h) => (h.tokPerSec !== undefined ? [h.tokPerSec] : []));
    const rate = history.at(-1)?.tokPerSec;
    figureRow(
      r,
      buf,
      'tokens',
      fit(
        [
          `${formatCount(sv.tokensProcessed)}${rate !== undefined ? ` · ${rate.toFixed(1)}/s` : ''}`,
          formatCount(sv.tokensProcessed),
        ],
        w,
      ),
      rates,
      theme,
      theme.text,
      false,
    );
  }
  if (sv.kvCacheBlocksUsed !== undefined && sv.kvCacheBlocksTotal !== undefined)
    r.line(
      labelled(
        'KV',
        fit(
          [`${formatCount(sv.kvCacheBlocksUsed)} / ${formatCount(sv.kvCacheBlocksTotal)} blocks`],
          w,
        ),
        theme,
      ),
    );
}

/**
 * TTFT and inter-token latency, p50 and p95: the server's own (its /metrics
 * histograms, every request since it started) beside the app's (this chat's
 * replies), each row naming its source; the numbers aligned in columns.
 */
function latencyRows(r: Rows, buf: Buffer, s: State, theme: Theme): void {
  const st = replyStats(s.chat.items);
  const sv = s.metrics.server;
  const q = (h: Histogram | undefined, p: number): number | undefined => {
    const v = h !== undefined ? histogramQuantile(h, p) : undefined;
    return v !== undefined ? v * 1000 : undefined;
  };
  // The app's inter-token latency of a reply: the inverse of its decode rate.
  const itl = st.tokensPerSec.filter((t) => t > 0).map((t) => 1000 / t);
  const rows: [string, string, number | undefined, number | undefined][] = [
    ['TTFT', 'server', q(sv?.ttft, 0.5), q(sv?.ttft, 0.95)],
    ['', 'app', percentile(st.ttft, 0.5), percentile(st.ttft, 0.95)],
    ['ITL', 'server', q(sv?.interTokenLatency, 0.5), q(sv?.interTokenLatency, 0.95)],
    ['', 'app', percentile(itl, 0.5), percentile(itl, 0.95)],
  ];
  // The server's rows whenever it has /metrics (a dash until it measured one); the app's once measured.
  const keep = rows.map(([, src, a]) => a !== undefined || (src === 'server' && sv !== undefined));
  const shown = rows.filter((_, i) => keep[i]);
  if (shown.length === 0) return;
  const cell = (v: number | undefined): string => (v !== undefined ? formatMs(v) : '—');
  const wA = Math.max(...shown.map(([, , a]) => cell(a).length));
  const wB = Math.max(...shown.map(([, , , b]) => cell(b).length));
  // p95 beside p50 where the row keeps room for its source ("srv" at least); else p50 alone.
  const both = LABEL + wA + 3 + wB + 1 + 3 <= r.width;
  r.line(
    labelled(
      '',
      both ? `${'p50'.padStart(wA)}   ${'p95'.padStart(wB)}` : 'p50'.padStart(wA),
      theme,
      theme['text.dim'],
    ),
  );
  let label = '';
  for (const [i, [name, src, a, b]] of rows.entries()) {
    if (name !== '') label = name;
    if (keep[i] !== true) continue;
    const figures = both
      ? `${cell(a).padStart(wA)} · ${cell(b).padStart(wB)}`
      : cell(a).padStart(wA);
    const y = r.y;
    const end = r.line(labelled(label, figures, theme));
    if (r.y > y)
      buf.setString(
        end + 1,
        y,
        fit([src, src === 'server' ? 'srv' : src], r.x + r.width - end - 1),
        theme['text.dim'],
      );
    label = '';
  }
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
