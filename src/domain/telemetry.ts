// Metrics of replies, sessions, the server and the machine: plain data read by
// the metrics pane and `ask --stats`. A figure nobody measured is absent, never
// made up. Imports only sibling domain types.
import type { Histogram, ServerMetrics } from './backend.js';
import type { ChatUsage } from './chat.js';
import type { MessageMetrics } from './session.js';

/** Measured on the client for one reply; `server` holds what the server reported. */
export interface ReplyMetrics {
  /** Request sent to the first content or reasoning delta. */
  readonly ttftMs?: number;
  /** Request sent to the end of the reply. */
  readonly totalMs: number;
  readonly promptTokens?: number;
  readonly completionTokens: number;
  /** Where the token counts come from: the server's usage, or deltas counted by us. */
  readonly tokenSource: 'server' | 'client';
  /** Completion tokens per second after the first token. */
  readonly decodeTokPerSec?: number;
  readonly decodeTokPerSecSource?: 'server' | 'client';
  readonly promptTokPerSec?: number;
  /** Content + reasoning deltas received (the client's own token estimate). */
  readonly deltas: number;
  /** Prompt + completion tokens against the model's context length, when known. */
  readonly contextUsed?: number;
  readonly contextLength?: number;
  readonly server?: ChatUsage;
}

/** A reply's metrics as the session store keeps them on the message. */
export function storedMetrics(m: ReplyMetrics): MessageMetrics {
  return {
    promptTokens: m.promptTokens ?? null,
    completionTokens: m.completionTokens,
    tokenCount: m.completionTokens,
    ttftMs: m.ttftMs !== undefined ? Math.round(m.ttftMs) : null,
    latencyMs: Math.round(m.totalMs),
    tokensPerSec: m.decodeTokPerSec ?? null,
  };
}

export interface SessionTotals {
  readonly replies: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly totalMs: number;
}

export interface GpuReading {
  readonly name: string;
  readonly utilizationPct?: number;
  readonly memoryUsedBytes?: number;
  readonly memoryTotalBytes?: number;
}

/** The machine's devices, and where the figures came from. */
export interface HardwareReading {
  readonly source: 'nvidia-smi' | 'server' | 'ram';
  readonly gpus: readonly GpuReading[];
  /** This machine's memory (where the TUI runs). */
  readonly ramTotalBytes: number;
  readonly ramFreeBytes: number;
  /** The server's machine, from its system info (it may be another machine). */
  readonly server?: ServerHost;
}

export interface ServerHost {
  readonly os?: string;
  readonly cpu?: string;
  readonly cores?: number;
  readonly memoryTotalBytes?: number;
  readonly memoryAvailableBytes?: number;
}

export interface QueueReading {
  readonly running?: number;
  readonly waiting?: number;
  readonly throughputTokPerSec?: number;
  /** "metrics": the server's /metrics; "log": a launched server's log lines. */
  readonly source: 'metrics' | 'log';
}

/**
 * The q-quantile (0..1) of a cumulative histogram, interpolated linearly
 * inside the bucket it falls in, as Prometheus's histogram_quantile does; in
 * the histogram's unit. Undefined when it counted nothing. A quantile in the
 * open last bucket is its lower bound (the most that can be said).
 */
export function histogramQuantile(h: Histogram, q: number): number | undefined {
  if (h.count <= 0 || h.buckets.length === 0) return undefined;
  const rank = q * h.count;
  let prevLe = 0;
  let prevCount = 0;
  for (const b of h.buckets) {
    if (b.count >= rank && b.count > prevCount) {
      if (!Number.isFinite(b.le)) return prevLe;
      return prevLe + ((b.le - prevLe) * (rank - prevCount)) / (b.count - prevCount);
    }
    prevLe = Number.isFinite(b.le) ? b.le : prevLe;
    prevCount = b.count;
  }
  return prevLe;
}

/** The counts added to `now` since `before` (a server's histogram between two polls). */
export function histogramSince(now: Histogram, before: Histogram | undefined): Histogram {
  if (before === undefined || before.count > now.count) return now;
  const prev = new Map(before.buckets.map((b) => [b.le, b.count]));
  return {
    buckets: now.buckets.map((b) => ({ le: b.le, count: b.count - (prev.get(b.le) ?? 0) })),
    count: now.count - before.count,
  };
}

/** One reading of the telemetry poller (services/telemetry/poller.ts). */
export type TelemetryReading =
  | { readonly type: 'queue'; readonly reading: QueueReading }
  /** Everything the server's /metrics said (the queue reading above comes from it too). */
  | { readonly type: 'server'; readonly metrics: ServerMetrics }
  | { readonly type: 'hardware'; readonly reading: HardwareReading }
  /** The server has no /metrics: the pane says "not reported by this server". */
  | { readonly type: 'queue-unavailable' };
