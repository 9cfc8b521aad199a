// The real SmolLM2-135M-Instruct Q4_1 GGUF. Expected values come from the
// model's published configuration (hidden 576, 30 layers, 9 heads, 3 KV heads,
// FFN 1536, vocabulary 49152, tied embeddings, 8192 context), turned into a
// parameter count by the textbook formula, not from the reader.
import { describe, expect, it } from 'vitest';
import { readGgufHeader, summarizeGguf } from '../../src/services/inventory/gguf.js';
import { llamaParameterFormula } from '../fixtures/inventory/gguf-writer.js';
import { requireSmollm2 } from './model-file.js';

const file = requireSmollm2();
const config = { layers: 30, hidden: 576, ffn: 1536, heads: 9, kvHeads: 3, vocab: 49152 };

describe.runIf(file !== undefined)('SmolLM2-135M-Instruct GGUF', () => {
  it('reads architecture, parameters, quantization and context from the header', async () => {
    const { value: h, bytesRead, fileSize } = await readGgufHeader(file!);
    const sum = summarizeGguf(h);
    expect(sum.architecture).toBe('llama');
    expect(sum.parameters).toBe(llamaParameterFormula({ ...config, tiedEmbeddings: true }));
    expect(sum.parameters).toBe(134_515_008);
    expect(sum.fileType).toBe('Q4_1');
    expect(sum.contextLength).toBe(8192);
    expect(sum.embeddingLength).toBe(576);
    expect(sum.blockCount).toBe(30);
    expect(sum.headCount).toBe(9);
    expect(sum.kvHeadCount).toBe(3);
    expect(sum.vocabSize).toBe(49152);
    expect(sum.tokenizer).toBe('gpt2');
    expect(sum.chatTemplate).toBe(true);
    expect(h.dataEnd).toBe(fileSize);
    // The vocabulary makes the header a few MiB; the weights are never read.
    expect(bytesRead).toBeLessThan(8 * 1024 * 1024);
  });
});
