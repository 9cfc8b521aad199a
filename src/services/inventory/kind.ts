// What kind of model this is (text, vision, diffusion, speech, embedding) and
// why: the reason is shown to the user, so it names the file and the field
// that decided. Pure: works on what the readers found.
import type { ModelKind } from '../../domain/model.js';
import type { HfConfig } from './hf-config.js';

export interface KindEvidence {
  readonly format: 'gguf' | 'safetensors' | 'other';
  readonly ggufArchitecture?: string | null;
  readonly ggufPooling?: boolean;
  readonly config?: HfConfig | null;
  readonly diffusersPipeline?: string | null;
  readonly hasModelIndex?: boolean;
  /** modules.json or config_sentence_transformers.json present. */
  readonly sentenceTransformers?: boolean;
}

export interface KindVerdict {
  readonly kind: ModelKind;
  readonly reason: string;
}

/** GGUF architectures that are encoders (sentence embeddings), per llama.cpp's arch list. */
const GGUF_EMBEDDING_ARCHS = new Set([
  'bert',
  'nomic-bert',
  'nomic-bert-moe',
  'jina-bert-v2',
  'jina-bert-v3',
  'modern-bert',
  'neo-bert',
  't5encoder',
]);

const SPEECH_MODEL_TYPES = new Set(['dia', 'csm', 'speecht5', 'bark', 'vits', 'parler_tts']);
const EMBEDDING_MODEL_TYPES = new Set([
  'bert',
  'roberta',
  'xlm-roberta',
  'nomic_bert',
  'mpnet',
  'embeddinggemma',
]);

export function inferKind(e: KindEvidence): KindVerdict {
  if (e.format === 'gguf') {
    const arch = e.ggufArchitecture ?? null;
    if (arch !== null && GGUF_EMBEDDING_ARCHS.has(arch)) {
      return { kind: 'embedding', reason: `GGUF architecture "${arch}" is a sentence encoder` };
    }
    if (e.ggufPooling === true) {
      return { kind: 'embedding', reason: `GGUF metadata has ${arch ?? '?'}.pooling_type` };
    }
    return {
      kind: 'text',
      reason: `GGUF architecture "${arch ?? 'unknown'}" is a text decoder`,
    };
  }
  if (e.hasModelIndex === true) {
    return {
      kind: 'diffusion',
      reason: `model_index.json names the diffusers pipeline ${e.diffusersPipeline ?? '(unnamed)'}`,
    };
  }
  const c = e.config ?? null;
  const archs = c?.architectures.join(', ') ?? '';
  if (c) {
    const type = c.modelType ?? '';
    if (
      SPEECH_MODEL_TYPES.has(type) ||
      c.architectures.some((a) => /TextToSpeech|ForSpeech|TTS|^Dia/i.test(a))
    ) {
      return {
        kind: 'speech',
        reason: `config.json: ${archs || `model_type "${type}"`} generates speech`,
      };
    }
    if (c.hasVision || c.hasAudio) {
      const part = c.hasVision ? 'vision_config' : 'audio_config';
      return { kind: 'vision', reason: `config.json has ${part} (multimodal input)` };
    }
  }
  if (e.sentenceTransformers === true) {
    return { kind: 'embedding', reason: 'sentence-transformers files (modules.json) are present' };
  }
  if (c) {
    const type = c.modelType ?? '';
    const encoder = c.architectures.find((a) => /(Model|ForMaskedLM|Embedding\w*)$/.test(a));
    if (encoder !== undefined && !c.architectures.some((a) => a.endsWith('ForCausalLM'))) {
      return {
        kind: 'embedding',
        reason: `config.json: ${encoder} is an encoder without a LM head`,
      };
    }
    if (c.architectures.length === 0 && EMBEDDING_MODEL_TYPES.has(type)) {
      return { kind: 'embedding', reason: `config.json: model_type "${type}" is an encoder` };
    }
    if (archs !== '') return { kind: 'text', reason: `config.json: ${archs}` };
    return { kind: 'text', reason: 'config.json has no vision, audio or diffusion markers' };
  }
  return { kind: 'text', reason: 'no config.json; assumed a text model' };
}
