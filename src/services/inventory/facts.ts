// Reading one candidate's headers and side files into ModelFacts: what the
// model is, independent of config (launch arguments and the memory estimate
// are derived later, so the cache survives config changes). A model whose
// weights cannot be read throws FormatError and becomes a scan warning.
import path from 'node:path';
import type { ModelDescription } from '../../domain/model.js';
import { FormatError, readJsonFile } from './bounded-read.js';
import { readGgufHeader, summarizeGguf } from './gguf.js';
import {
  CONFIG_MAX_BYTES,
  readChatTemplateFlag,
  readHfConfig,
  readModelIndex,
  TOKENIZER_FILES,
  type HfConfig,
} from './hf-config.js';
import { inferKind } from './kind.js';
import { dominantDtype, readSafetensorsHeader, shardsFromIndex } from './safetensors.js';
import type { Candidate, FileStat } from './sources.js';

/** The fields of a ModelDescription that the headers give, as the headers give them. */
type HeaderFields =
  | 'format'
  | 'kind'
  | 'kindReason'
  | 'architecture'
  | 'parameters'
  | 'quantization'
  | 'contextLength'
  | 'embeddingLength'
  | 'blockCount'
  | 'headCount'
  | 'kvHeadCount'
  | 'chatTemplate'
  | 'tokenizer'
  | 'warnings';

export type ModelFacts = Pick<ModelDescription, HeaderFields> & {
  /** The name the headers give; the description falls back to the repo id or file name. */
  readonly name: string | null;
  /** For the memory estimate (KV cache) only. */
  readonly headDim: number | null;
  readonly weightsBytes: number;
  /** The weight files actually used (GGUF parts, chosen shards). */
  readonly weightPaths: readonly string[];
};

export interface FactsResult {
  readonly facts: ModelFacts;
  readonly bytesRead: number;
}

function fail(file: string, err: unknown): never {
  if (err instanceof FormatError) throw new FormatError(`${path.basename(file)}: ${err.message}`);
  throw err;
}

async function ggufFacts(c: Candidate): Promise<FactsResult> {
  let bytesRead = 0;
  let parameters = 0;
  let first: ReturnType<typeof summarizeGguf> | undefined;
  const warnings = new Set(c.warnings);
  for (const part of c.weightFiles) {
    try {
      const r = await readGgufHeader(part.path);
      bytesRead += r.bytesRead;
      const sum = summarizeGguf(r.value);
      parameters += sum.parameters;
      for (const w of sum.warnings) warnings.add(w);
      first ??= sum;
    } catch (err) {
      fail(part.path, err);
    }
  }
  if (!first) throw new FormatError('no GGUF files');
  if (first.architecture === 'clip' || first.fileKind === 'mmproj') {
    throw new FormatError('a vision projector (mmproj) for another GGUF, not a model on its own');
  }
  if (first.fileKind === 'adapter') {
    throw new FormatError('a LoRA adapter, not a model on its own');
  }
  const verdict = inferKind({
    format: 'gguf',
    ggufArchitecture: first.architecture,
    ggufPooling: first.poolingType !== null,
  });
  const headDim =
    first.keyLength ??
    (first.embeddingLength !== null && first.headCount
      ? Math.floor(first.embeddingLength / first.headCount)
      : null);
  return {
    bytesRead,
    facts: {
      format: 'gguf',
      kind: verdict.kind,
      kindReason: verdict.reason,
      name: first.name,
      architecture: first.architecture,
      parameters,
      quantization: first.fileType,
      contextLength: first.contextLength,
      embeddingLength: first.embeddingLength,
      blockCount: first.blockCount,
      headCount: first.headCount,
      kvHeadCount: first.kvHeadCount,
      headDim,
      chatTemplate: first.chatTemplate,
      tokenizer: first.tokenizer,
      weightsBytes: c.weightFiles.reduce((a, f) => a + f.size, 0),
      weightPaths: c.weightFiles.map((f) => f.path),
      warnings: [...warnings],
    },
  };
}

const VARIANT_RE = /\.(fp16|bf16|fp32|fp8|int8|non_ema|ema)\.safetensors$/i;

/** Picks the weights to count per folder: the index's shards, else files without a variant tag. */
async function chooseWeights(
  c: Candidate,
  warnings: string[],
): Promise<{ chosen: FileStat[]; bytesRead: number }> {
  const byDir = new Map<string, FileStat[]>();
  for (const f of c.weightFiles) {
    const d = path.dirname(f.path);
    byDir.set(d, [...(byDir.get(d) ?? []), f]);
  }
  const chosen: FileStat[] = [];
  let bytesRead = 0;
  for (const [dir, files] of byDir) {
    const rel = path.relative(c.modelDir, dir).split(path.sep).join('/');
    const prefix = rel === '' ? '' : `${rel}/`;
    const indexes = [...c.sideFiles.keys()].filter(
      (k) =>
        k.startsWith(prefix) &&
        !k.slice(prefix.length).includes('/') &&
        k.endsWith('.safetensors.index.json'),
    );
    const index = indexes.find((k) => !VARIANT_RE.test(k.replace('.index.json', ''))) ?? indexes[0];
    if (index !== undefined) {
      const file = path.join(c.modelDir, index);
      try {
        const r = await readJsonFile(file, CONFIG_MAX_BYTES * 8);
        bytesRead += r.bytesRead;
        const names = shardsFromIndex(r.value);
        const missing: string[] = [];
        for (const n of names) {
          const f = files.find((x) => path.basename(x.path) === n);
          if (f) chosen.push(f);
          else missing.push(n);
        }
        if (missing.length > 0) {
          throw new FormatError(`${index}: shard(s) missing: ${missing.join(', ')}`);
        }
        continue;
      } catch (err) {
        if (err instanceof FormatError && err.message.includes('missing')) throw err;
        fail(file, err);
      }
    }
    const plain = files.filter((f) => !VARIANT_RE.test(f.path));
    const pool = plain.length > 0 ? plain : files.slice(0, 1);
    // Mistral repos ship consolidated.safetensors beside the HF-format files.
    const hf = pool.filter((f) => !path.basename(f.path).startsWith('consolidated'));
    chosen.push(...(hf.length > 0 ? hf : pool));
    if (plain.length === 0 && files.length > 1) {
      warnings.push(
        `${rel || '.'}: only variant weights; counted ${path.basename(pool[0]?.path ?? '')}`,
      );
    }
  }
  return { chosen, bytesRead };
}

async function sideConfig(
  c: Candidate,
  name: string,
): Promise<{ config: HfConfig; bytesRead: number } | undefined> {
  const f = c.sideFiles.get(name);
  if (!f) return undefined;
  try {
    return await readHfConfig(f.path);
  } catch (err) {
    return fail(f.path, err);
  }
}

async function safetensorsFacts(c: Candidate): Promise<FactsResult> {
  const warnings = [...c.warnings];
  let bytesRead = 0;
  const isDiffusers = c.sideFiles.has('model_index.json');
  let pipeline: string | null = null;
  if (isDiffusers) {
    const f = c.sideFiles.get('model_index.json');
    if (f) {
      try {
        const r = await readModelIndex(f.path);
        bytesRead += r.bytesRead;
        pipeline = r.pipeline;
      } catch (err) {
        fail(f.path, err);
      }
    }
  }
  // A diffusers pipeline's config.json files describe its parts, not the pipeline.
  const cfg = isDiffusers ? undefined : await sideConfig(c, 'config.json');
  bytesRead += cfg?.bytesRead ?? 0;
  const config = cfg?.config ?? null;

  let parameters: number | null = null;
  const dtypes = new Map<string, number>();
  let weightsBytes = 0;
  const weightPaths: string[] = [];
  if (c.format === 'safetensors') {
    const { chosen, bytesRead: idx } = await chooseWeights(c, warnings);
    bytesRead += idx;
    parameters = 0;
    for (const f of chosen) {
      try {
        const r = await readSafetensorsHeader(f.path);
        bytesRead += r.bytesRead;
        parameters += r.value.parameters;
        for (const [d, b] of r.value.dtypeBytes) dtypes.set(d, (dtypes.get(d) ?? 0) + b);
        for (const w of r.value.warnings) if (!warnings.includes(w)) warnings.push(w);
      } catch (err) {
        fail(f.path, err);
      }
      weightsBytes += f.size;
      weightPaths.push(f.path);
    }
  }
  let chatTemplate: boolean | null = null;
  if (c.sideFiles.has('chat_template.jinja') || c.sideFiles.has('chat_template.json')) {
    chatTemplate = true;
  } else {
    const tc = c.sideFiles.get('tokenizer_config.json');
    if (tc) {
      const r = await readChatTemplateFlag(tc.path);
      bytesRead += r.bytesRead;
      chatTemplate = r.chatTemplate;
    }
  }
  const tokenizerFiles = TOKENIZER_FILES.filter((t) => c.sideFiles.has(t));
  const verdict = inferKind({
    format: c.format,
    config,
    hasModelIndex: isDiffusers,
    diffusersPipeline: pipeline,
    sentenceTransformers:
      c.sideFiles.has('modules.json') || c.sideFiles.has('config_sentence_transformers.json'),
  });
  if (!isDiffusers && !config)
    warnings.push('no config.json: mistral.rs needs one to load this folder');
  const dtype = dominantDtype(dtypes);
  return {
    bytesRead,
    facts: {
      format: c.format,
      kind: verdict.kind,
      kindReason: verdict.reason,
      name: null,
      architecture: pipeline ?? config?.architectures[0] ?? config?.modelType ?? null,
      parameters,
      quantization: config?.quantMethod ?? dtype ?? config?.torchDtype ?? null,
      contextLength: config?.contextLength ?? null,
      embeddingLength: config?.hiddenSize ?? null,
      blockCount: config?.layers ?? null,
      headCount: config?.heads ?? null,
      kvHeadCount: config?.kvHeads ?? null,
      headDim:
        config?.headDim ??
        (config?.hiddenSize && config.heads ? Math.floor(config.hiddenSize / config.heads) : null),
      chatTemplate,
      tokenizer: tokenizerFiles.length > 0 ? tokenizerFiles.join(', ') : null,
      weightsBytes,
      weightPaths,
      warnings,
    },
  };
}

export function readFacts(c: Candidate): Promise<FactsResult> {
  return c.format === 'gguf' ? ggufFacts(c) : safetensorsFacts(c);
}
