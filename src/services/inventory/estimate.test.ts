import { describe, expect, it } from 'vitest';
import { estimateMemory } from './estimate.js';

const MiB = 1024 * 1024;
const base = {
  kind: 'text' as const,
  weightsBytes: 4000 * MiB,
  blockCount: 32,
  kvHeadCount: 8,
  headCount: 32,
  embeddingLength: 4096,
  headDim: null,
  contextLength: 131072,
  configuredContext: 4096,
};

describe('estimateMemory', () => {
  it('adds an f16 KV cache at the configured context and a 5% overhead', () => {
    const m = estimateMemory(base);
    // Llama-3-8B shape: 2 * 32 layers * 4096 tokens * 8 heads * 128 dims * 2 bytes = 512 MiB.
    expect(m.kvCacheBytes).toBe(512 * MiB);
    expect(m.overheadBytes).toBe(200 * MiB);
    expect(m.totalBytes).toBe(4712 * MiB);
    expect(m.partial).toBe(false);
  });
  it('caps the context at the model context and has a 64 MiB overhead floor', () => {
    const m = estimateMemory({ ...base, weightsBytes: 100 * MiB, contextLength: 2048 });
    expect(m.contextTokens).toBe(2048);
    expect(m.overheadBytes).toBe(64 * MiB);
  });
  it('is partial when the KV shape is unknown, and has no KV cache for diffusion', () => {
    expect(estimateMemory({ ...base, blockCount: null }).partial).toBe(true);
    expect(estimateMemory({ ...base, kind: 'diffusion' }).kvCacheBytes).toBe(0);
  });
});
