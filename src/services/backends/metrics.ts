// Prometheus text from a server's /metrics (mistral.rs 0.9+, vLLM, ...) into
// the gauges the metrics pane shows. The parser is loaded on first use.
import type { ServerMetrics } from '../../domain/backend.js';

export async function parseServerMetrics(text: string): Promise<ServerMetrics> {
  const { default: parse } = await import('parse-prometheus-text-format');
  const samples: Record<string, number> = {};
  for (const family of parse(text)) {
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
  const running = pick('mistralrs_sequences_running', 'vllm:num_requests_running');
  const waiting = pick('mistralrs_sequences_waiting', 'vllm:num_requests_waiting');
  const pending = pick('mistralrs_requests_pending_admission');
  const used = pick('mistralrs_kv_cache_blocks_used');
  const total = pick('mistralrs_kv_cache_blocks_total');
  if (running !== undefined) out.running = running;
  if (waiting !== undefined) out.waiting = waiting;
  if (pending !== undefined) out.pendingAdmission = pending;
  if (used !== undefined) out.kvCacheBlocksUsed = used;
  if (total !== undefined) out.kvCacheBlocksTotal = total;
  return out;
}
