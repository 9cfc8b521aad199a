// Prometheus text from a server's /metrics (mistral.rs 0.9+, vLLM, ...) into
// the gauges the metrics pane shows. The parser is loaded on first use.
import type { Histogram, ServerMetrics } from '../../domain/backend.js';

interface Family {
  readonly name: string;
  readonly type?: string;
  readonly metrics: readonly {
    readonly value?: string;
    readonly count?: string;
  }[];
}

// `NAME_bucket{...,le="0.5",...} 3`: one bucket of one label set.
const BUCKET = /^([A-Za-z_:][\w:]*)_bucket\{(.*)\}\s+(\S+)/;
const LE = /(?:^|,)\s*le="([^"]*)"/;

/**
 * The histograms of the text, each with its label sets (method, path, model,
 * status) summed per bound. Read here, not by the parser package: it keeps one
 * label set per histogram and drops the others.
 */
function histogramsOf(text: string): Map<string, Histogram> {
  const sums = new Map<string, Map<number, number>>();
  for (const row of text.split('\n')) {
    const m = BUCKET.exec(row.trim());
    const le = m?.[2] !== undefined ? LE.exec(m[2])?.[1] : undefined;
    if (m?.[1] === undefined || le === undefined) continue;
    const bound = le === '+Inf' ? Infinity : Number(le);
    const n = Number(m[3]);
    if (Number.isNaN(bound) || !Number.isFinite(n)) continue;
    const byBound = sums.get(m[1]) ?? new Map<number, number>();
    byBound.set(bound, (byBound.get(bound) ?? 0) + n);
    sums.set(m[1], byBound);
  }
  const out = new Map<string, Histogram>();
  for (const [name, byBound] of sums) {
    const buckets = [...byBound.entries()]
      .sort((x, y) => x[0] - y[0])
      .map(([le, count]) => ({ le, count }));
    out.set(name, { buckets, count: buckets.at(-1)?.count ?? 0 });
  }
  return out;
}

// `http_requests_in_flight{method="POST",...} N`: requests being answered, by route.
const IN_FLIGHT = /^http_requests_in_flight\{([^}]*)\}\s+(\S+)/;

/** Requests in flight that can hold a sequence (POSTs), or undefined when the server does not say. */
function postsInFlight(text: string): number | undefined {
  let total: number | undefined;
  for (const row of text.split('\n')) {
    const m = IN_FLIGHT.exec(row.trim());
    if (m?.[1]?.includes('method="POST"') !== true) continue;
    const n = Number(m[2]);
    if (Number.isFinite(n)) total = (total ?? 0) + n;
  }
  return total;
}

export async function parseServerMetrics(text: string): Promise<ServerMetrics> {
  const { default: parse } = await import('parse-prometheus-text-format');
  const samples: Record<string, number> = {};
  const histograms = histogramsOf(text);
  for (const family of parse(text) as readonly Family[]) {
    if (histograms.has(family.name)) continue;
    let total = 0;
    let seen = false;
    for (const m of family.metrics) {
      const raw = m.value ?? m.count;
      const v = raw === undefined ? NaN : Number(raw);
      if (Number.isFinite(v)) {
        total += v;
        seen = true;
      }
    }
    if (seen) samples[family.name] = total;
  }
  const pick = (...names: string[]): number | undefined => {
    for (const n of names) if (samples[n] !== undefined) return samples[n];
    return undefined;
  };
  const out: { -readonly [K in keyof ServerMetrics]: ServerMetrics[K] } = { samples };
  const figures: [keyof ServerMetrics, number | undefined][] = [
    ['running', pick('mistralrs_sequences_running', 'vllm:num_requests_running')],
    ['waiting', pick('mistralrs_sequences_waiting', 'vllm:num_requests_waiting')],
    ['capacity', pick('mistralrs_sequences_capacity')],
    ['pendingAdmission', pick('mistralrs_requests_pending_admission')],
    ['kvCacheBlocksUsed', pick('mistralrs_kv_cache_blocks_used')],
    ['kvCacheBlocksTotal', pick('mistralrs_kv_cache_blocks_total')],
    ['tokensProcessed', pick('mistralrs_tokens_processed_total')],
    ['prefixCacheLookups', pick('mistralrs_prefix_cache_lookups_total')],
  ];
  for (const [k, v] of figures) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  // mistral.rs 0.9.2 sets its running/waiting gauges only while it schedules, so
  // they keep their last busy value once it is idle ("1 running" for good). No
  // request in flight means no sequence: the gauges are stale, the queue empty.
  const posts = postsInFlight(text);
  if (posts === 0 && samples.mistralrs_sequences_running !== undefined) {
    out.running = 0;
    if (out.waiting !== undefined) out.waiting = 0;
  }
  // The hits counter appears only after the first hit: with lookups counted, none is 0.
  const hits = pick('mistralrs_prefix_cache_hits_total');
  if (hits !== undefined || out.prefixCacheLookups !== undefined) out.prefixCacheHits = hits ?? 0;
  const ttft =
    histograms.get('mistralrs_time_to_first_token_seconds') ??
    histograms.get('vllm:time_to_first_token_seconds');
  const itl =
    histograms.get('mistralrs_inter_token_latency_seconds') ??
    histograms.get('vllm:time_per_output_token_seconds');
  if (ttft !== undefined) out.ttft = ttft;
  if (itl !== undefined) out.interTokenLatency = itl;
  return out;
}
