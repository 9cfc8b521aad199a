// Memory to run a model (docs/inventory.md has the formula and its limits):
//   weights  = bytes of the weight files (already quantized for GGUF)
//   kvCache  = 2 (K and V) x layers x context x KV heads x head dim x 2 bytes (f16 cache)
//   overhead = max(64 MiB, 5% of weights) for activations and runtime buffers
//   total    = weights + kvCache + overhead
// Context is the configured estimate_context, capped at the model's own
// context length. Diffusion and speech models have no KV cache here.
import type { MemoryEstimate, ModelKind } from '../../domain/model.js';

export const OVERHEAD_FLOOR = 64 * 1024 * 1024;
export const OVERHEAD_SHARE = 0.05;
export const KV_BYTES_PER_ELEMENT = 2;

export interface EstimateInput {
  readonly kind: ModelKind;
  readonly weightsBytes: number;
  readonly blockCount: number | null;
  readonly kvHeadCount: number | null;
  readonly headCount: number | null;
  readonly embeddingLength: number | null;
  /** Explicit head dimension (GGUF attention.key_length, config head_dim). */
  readonly headDim: number | null;
  readonly contextLength: number | null;
  readonly configuredContext: number;
}

export function estimateMemory(m: EstimateInput): MemoryEstimate {
  const overheadBytes = Math.max(OVERHEAD_FLOOR, Math.round(m.weightsBytes * OVERHEAD_SHARE));
  const hasKv = m.kind === 'text' || m.kind === 'vision' || m.kind === 'embedding';
  const contextTokens =
    m.contextLength !== null ? Math.min(m.configuredContext, m.contextLength) : m.configuredContext;
  const headDim =
    m.headDim ??
    (m.embeddingLength !== null && m.headCount !== null && m.headCount > 0
      ? Math.floor(m.embeddingLength / m.headCount)
      : null);
  let kvCacheBytes = 0;
  let partial = false;
  if (hasKv) {
    if (m.blockCount !== null && m.kvHeadCount !== null && headDim !== null) {
      kvCacheBytes =
        2 * m.blockCount * contextTokens * m.kvHeadCount * headDim * KV_BYTES_PER_ELEMENT;
    } else {
      partial = true;
    }
  }
  return {
    weightsBytes: m.weightsBytes,
    kvCacheBytes,
    overheadBytes,
    totalBytes: m.weightsBytes + kvCacheBytes + overheadBytes,
    contextTokens,
    partial,
  };
}
