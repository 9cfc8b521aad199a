// A discovered model for the models tab's tests (reducer and view).
import type { ModelDescription, ModelFormat, ModelKind } from '../../domain/model.js';

export function testModel(
  id: string,
  o: {
    kind?: ModelKind;
    format?: ModelFormat;
    source?: ModelDescription['source'];
    dir?: string;
    arch?: string;
  } = {},
): ModelDescription {
  const dir = o.dir ?? `/models/${id}`;
  const format = o.format ?? 'gguf';
  const file = format === 'gguf' ? `${dir}/${id}.gguf` : dir;
  return {
    id,
    name: id,
    source: o.source ?? 'directory',
    path: file,
    files: [{ path: file, sizeBytes: 100 * 1024 * 1024, mtimeMs: 0 }],
    format,
    kind: o.kind ?? 'text',
    kindReason: 'test',
    architecture: o.arch ?? 'llama',
    parameters: 135e6,
    quantization: format === 'gguf' ? 'Q4_1' : 'BF16',
    contextLength: 8192,
    embeddingLength: 576,
    blockCount: 30,
    headCount: 9,
    kvHeadCount: 3,
    chatTemplate: true,
    tokenizer: 'gpt2',
    sizeBytes: 100 * 1024 * 1024,
    memory: {
      weightsBytes: 100 * 1024 * 1024,
      kvCacheBytes: 90 * 1024 * 1024,
      overheadBytes: 50 * 1024 * 1024,
      totalBytes: 240 * 1024 * 1024,
      contextTokens: 4096,
      partial: false,
    },
    sha256: null,
    lastUsed: null,
    launch: {
      serveKind: 'text',
      argv: [
        'serve',
        '--host',
        '127.0.0.1',
        'text',
        '-m',
        dir,
        '-f',
        `${id}.gguf`,
        '--format',
        'gguf',
      ],
      portIndex: 3,
    },
    revision: null,
    notes: null,
    overridden: [],
    warnings: [],
  };
}
