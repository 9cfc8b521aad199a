// The metrics tab's reducer: telemetry readings into MetricsState, the poller
// started only while the tab is on screen, and the figures the view derives
// from the chat (reply timings, token totals, context use). The figures come
// from the chat's items, so a reopened session shows its own history.
import type { ServerMetrics } from '../../domain/backend.js';
import { histogramQuantile, histogramSince } from '../../domain/telemetry.js';
import type { TelemetryUpdate } from '../types/actions.js';
import type { Effect } from '../types/effects.js';
import type { Handlers, Result } from '../types/result.js';
import {
  type ChatItem,
  type MetricsState,
  type QueueDepth,
  type ServerSample,
  type State,
  sidebarShown,
} from '../types/state.js';
import { MIN_HEIGHT, MIN_WIDTH } from '../geometry/layout.js';
import { meaningfulRate } from '../types/figures.js';

/** Whether the metrics tab is drawn in the current layout and size. */
export function metricsVisible(s: State): boolean {
  return (
    s.sidebarTab === 'metrics' && sidebarShown(s) && s.width >= MIN_WIDTH && s.height >= MIN_HEIGHT
  );
}

/**
 * Follow-ups of any action, run by the root reducer after it: starts the
 * poller when the tab appears and stops it when it goes (a key, a click, a
 * layout switch, a resize, remembered settings), asks for the backend's
 * capabilities when it starts answering or is replaced, takes a launched
 * server's silence as idle and learns a context window from a refusal.
 * Returns `s` itself when nothing changes.
 */
export function syncTelemetry(prev: State, s: State, now?: string): Result {
  const effects: Effect[] = [];
  let next = now === undefined ? s : idleWhenSilent(s, Date.parse(now));
  const visible = metricsVisible(s);
  if (visible !== s.metrics.polling) {
    next = { ...s, metrics: { ...s.metrics, polling: visible } };
    effects.push({ type: 'telemetry', run: visible ? 'start' : 'stop' });
  }
  const a = prev.backend;
  const b = s.backend;
  if (a.name !== b.name || a.kind !== b.kind || a.url !== b.url) {
    // Another backend (a launched server, an in-process model): the old one's figures go.
    const {
      capabilities: _c,
      queue: _q,
      queueUnavailable: _u,
      server: _sv,
      serverHistory: _sh,
      hardware: _h,
      ...rest
    } = next.metrics;
    next = { ...next, metrics: rest };
    if (b.connection === 'ok') effects.push({ type: 'loadCapabilities' });
  }
  if (a.connection !== 'ok' && b.connection === 'ok') effects.push({ type: 'loadCapabilities' });
  if (prev.chat.items !== s.chat.items) next = learnContext(next);
  return [next, effects];
}

// mistral.rs refuses a prompt longer than the model's context with this text
// ("Prompt sequence length is greater than 8192, perhaps consider using
// `truncate_sequence`?"): the one place a 0.8.1 server states the window.
const TOO_LONG = /sequence length is greater than (\d+)/;

/** Takes the context window from a reply the server refused as too long. */
function learnContext(s: State): State {
  const last = s.chat.items.at(-1);
  const m = last?.error === undefined ? null : TOO_LONG.exec(last.error);
  if (m?.[1] === undefined) return s;
  return onTelemetry(s, {
    kind: 'contextLength',
    model: last?.modelId ?? s.backend.model,
    tokens: Number(m[1]),
  });
}

export function onTelemetry(s: State, u: TelemetryUpdate): State {
  const m = s.metrics;
  switch (u.kind) {
    case 'capabilities':
      return { ...s, metrics: { ...m, capabilities: u.capabilities } };
    case 'hardware':
      return { ...s, metrics: { ...m, hardware: u.reading } };
    case 'queueUnavailable':
      // A launched server's log lines may still report it: keep what they said.
      return m.queue !== undefined || m.queueUnavailable === true
        ? s
        : { ...s, metrics: { ...m, queueUnavailable: true } };
    case 'server':
      return { ...s, metrics: onServerMetrics(m, u.metrics, u.at) };
    case 'contextLength':
      if (m.contextLengths[u.model] === u.tokens) return s;
      return {
        ...s,
        metrics: { ...m, contextLengths: { ...m.contextLengths, [u.model]: u.tokens } },
      };
  }
}

/** Samples kept for the sparklines (at the default 2 s poll, the last 4 minutes). */
export const SERVER_HISTORY = 120;

/** A /metrics reading: kept whole, and one sample more for the sparklines. */
function onServerMetrics(m: MetricsState, metrics: ServerMetrics, at: number): MetricsState {
  const history = m.serverHistory ?? [];
  const prev = history.at(-1);
  const tokens = metrics.tokensProcessed;
  const seconds = prev === undefined ? 0 : (at - prev.at) / 1000;
  const tokPerSec =
    tokens !== undefined && prev?.tokensProcessed !== undefined && seconds > 0
      ? Math.max(0, tokens - prev.tokensProcessed) / seconds
      : undefined;
  const recent =
    metrics.ttft !== undefined ? histogramSince(metrics.ttft, m.server?.ttft) : undefined;
  const p50 = recent !== undefined ? histogramQuantile(recent, 0.5) : undefined;
  const sample: ServerSample = {
    at,
    running: metrics.running ?? 0,
    waiting: (metrics.waiting ?? 0) + (metrics.pendingAdmission ?? 0),
    ...(tokens !== undefined ? { tokensProcessed: tokens } : {}),
    ...(tokPerSec !== undefined ? { tokPerSec } : {}),
    ...(p50 !== undefined ? { ttftP50Ms: p50 * 1000 } : {}),
  };
  return { ...m, server: metrics, serverHistory: [...history, sample].slice(-SERVER_HISTORY) };
}

export function onQueue(
  s: State,
  r: { readonly running: number; readonly waiting: number; readonly source?: 'metrics' | 'log' },
  now: string,
): State {
  const queue: QueueDepth = {
    running: r.running,
    waiting: r.waiting,
    source: r.source ?? 'log',
    at: Date.parse(now),
  };
  const { queueUnavailable: _u, ...rest } = s.metrics;
  return { ...s, metrics: { ...rest, queue } };
}

/**
 * mistral.rs prints its queue line every 5 s only while it has work, so a
 * launched server's busy reading that has not been repeated for this long
 * means it went idle.
 */
export const LOG_QUEUE_SILENCE_MS = 12_000;

function idleWhenSilent(s: State, nowMs: number): State {
  const q = s.metrics.queue;
  if (q?.source !== 'log' || (q.running === 0 && q.waiting === 0)) return s;
  if (!(nowMs - q.at > LOG_QUEUE_SILENCE_MS)) return s;
  return { ...s, metrics: { ...s.metrics, queue: { ...q, running: 0, waiting: 0, at: nowMs } } };
}

// --- figures the view reads ---------------------------------------------------

export interface ReplyStats {
  /** Assistant replies with figures, oldest first. */
  readonly ttft: readonly number[];
  readonly tokensPerSec: readonly number[];
  readonly last?: ChatItem;
  readonly replies: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
}

/** Reply timings and token totals of the open chat. */
export function replyStats(items: readonly ChatItem[]): ReplyStats {
  const ttft: number[] = [];
  const tokensPerSec: number[] = [];
  let last: ChatItem | undefined;
  let replies = 0;
  let promptTokens = 0;
  let completionTokens = 0;
  for (const it of items) {
    const f = it.figures;
    if (it.role !== 'assistant' || f === undefined) continue;
    replies++;
    last = it;
    if (f.ttftMs !== undefined) ttft.push(f.ttftMs);
    const rate = meaningfulRate(f);
    if (rate !== undefined) tokensPerSec.push(rate);
    promptTokens += f.promptTokens ?? 0;
    completionTokens += f.completionTokens ?? 0;
  }
  return {
    ttft,
    tokensPerSec,
    replies,
    promptTokens,
    completionTokens,
    ...(last !== undefined ? { last } : {}),
  };
}

/** The q-quantile (0..1) of measured values (nearest rank); undefined for none. */
export function percentile(values: readonly number[], q: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const baseName = (p: string): string => p.split(/[\\/]/).pop() ?? p;

/**
 * The context window of the chat's model, in tokens: what the backend or
 * discovery reported for that id; for the server's "default" model, the one
 * model the server runs. Undefined when nobody knows.
 */
export function contextLength(s: State, model = s.backend.model): number | undefined {
  const known = s.metrics.contextLengths[model];
  if (known !== undefined) return known;
  let id = model;
  if (id === 'default') {
    const named = s.models.server.filter((m) => m.id !== 'default');
    id = s.models.launched?.modelId ?? (named.length === 1 ? (named[0]?.id ?? id) : id);
    const again = s.metrics.contextLengths[id];
    if (again !== undefined) return again;
  }
  const hit = s.models.inventory.find(
    (m) =>
      m.id === id ||
      m.name === id ||
      m.path === id ||
      baseName(m.path) === baseName(id) ||
      m.files.some((f) => baseName(f.path) === baseName(id)) ||
      // A server started on a folder names the model by the folder.
      m.path.startsWith(id.endsWith('/') ? id : `${id}/`),
  );
  return hit?.contextLength ?? undefined;
}

/** Prompt + completion tokens of the last reply against the context window. */
export function contextUse(s: State): { used?: number; length?: number } {
  // The last reply whose prompt was counted (a refused or cut reply may have no count).
  const last = s.chat.items.findLast(
    (i) => i.role === 'assistant' && i.figures?.promptTokens !== undefined,
  );
  const f = last?.figures;
  const used =
    f?.promptTokens !== undefined ? f.promptTokens + (f.completionTokens ?? 0) : undefined;
  const model = last?.modelId ?? s.chat.items.findLast((i) => i.role === 'assistant')?.modelId;
  const length = contextLength(s, model ?? s.backend.model);
  return {
    ...(used !== undefined ? { used } : {}),
    ...(length !== undefined ? { length } : {}),
  };
}

export const metricsCommands: Handlers = {
  'metrics.refresh': (s) => [s, [{ type: 'telemetry', run: 'poll' }]],
};
