// Hugging Face side files: config.json (architectures, model_type, vision and
// audio sub-configs, sizes), model_index.json (diffusers pipelines) and the
// tokenizer files. Every JSON file is read whole but only when it is small.
import { FormatError, isRecord, posInt, readJsonFile, str } from './bounded-read.js';

/** config.json and model_index.json larger than this are refused. */
export const CONFIG_MAX_BYTES = 1024 * 1024;
/** tokenizer_config.json can carry long added-token tables; read it only when smaller. */
export const TOKENIZER_CONFIG_MAX_BYTES = 1024 * 1024;

export interface HfConfig {
  readonly architectures: readonly string[];
  readonly modelType: string | null;
  readonly hasVision: boolean;
  readonly hasAudio: boolean;
  readonly contextLength: number | null;
  readonly hiddenSize: number | null;
  readonly layers: number | null;
  readonly heads: number | null;
  readonly kvHeads: number | null;
  readonly headDim: number | null;
  readonly torchDtype: string | null;
  /** quantization_config.quant_method ("gptq", "awq", "fp8", ...). */
  readonly quantMethod: string | null;
}

function firstInt(o: Record<string, unknown>, keys: readonly string[]): number | null {
  for (const k of keys) {
    const v = posInt(o[k]);
    if (v !== undefined) return v;
  }
  return null;
}

export function parseHfConfig(json: unknown): HfConfig {
  if (!isRecord(json)) throw new FormatError('config.json is not a JSON object');
  // Multimodal configs keep the language model's sizes under text_config.
  const text = isRecord(json.text_config) ? json.text_config : json;
  const architectures = Array.isArray(json.architectures)
    ? json.architectures.filter((a): a is string => typeof a === 'string')
    : [];
  return {
    architectures,
    modelType: str(json.model_type) ?? null,
    hasVision:
      isRecord(json.vision_config) ||
      json.vision_tower !== undefined ||
      json.image_token_index !== undefined ||
      json.image_token_id !== undefined,
    hasAudio: isRecord(json.audio_config) || json.audio_token_id !== undefined,
    contextLength:
      firstInt(text, [
        'max_position_embeddings',
        'max_sequence_length',
        'n_positions',
        'seq_length',
      ]) ?? firstInt(json, ['max_position_embeddings']),
    hiddenSize: firstInt(text, ['hidden_size', 'd_model', 'n_embd']),
    layers: firstInt(text, ['num_hidden_layers', 'n_layer', 'num_layers']),
    heads: firstInt(text, ['num_attention_heads', 'n_head']),
    kvHeads: firstInt(text, ['num_key_value_heads', 'num_attention_heads', 'n_head']),
    headDim: firstInt(text, ['head_dim']),
    torchDtype: str(text.torch_dtype) ?? str(json.torch_dtype) ?? str(json.dtype) ?? null,
    quantMethod: isRecord(json.quantization_config)
      ? (str(json.quantization_config.quant_method) ?? null)
      : null,
  };
}

export async function readHfConfig(file: string): Promise<{ config: HfConfig; bytesRead: number }> {
  const { value, bytesRead } = await readJsonFile(file, CONFIG_MAX_BYTES);
  return { config: parseHfConfig(value), bytesRead };
}

/** The diffusers pipeline class named by model_index.json. */
export async function readModelIndex(
  file: string,
): Promise<{ pipeline: string | null; components: string[]; bytesRead: number }> {
  const { value, bytesRead } = await readJsonFile(file, CONFIG_MAX_BYTES);
  if (!isRecord(value)) throw new FormatError('model_index.json is not a JSON object');
  const components = Object.entries(value)
    .filter(([k, v]) => !k.startsWith('_') && Array.isArray(v))
    .map(([k]) => k);
  return { pipeline: str(value._class_name) ?? null, components, bytesRead };
}

/** Whether tokenizer_config.json carries a chat template (null when unreadable). */
export async function readChatTemplateFlag(
  file: string,
): Promise<{ chatTemplate: boolean | null; bytesRead: number }> {
  try {
    const { value, bytesRead } = await readJsonFile(file, TOKENIZER_CONFIG_MAX_BYTES);
    if (!isRecord(value)) return { chatTemplate: null, bytesRead };
    const t = value.chat_template;
    return {
      chatTemplate: typeof t === 'string' || (Array.isArray(t) && t.length > 0),
      bytesRead,
    };
  } catch {
    return { chatTemplate: null, bytesRead: 0 };
  }
}

export const TOKENIZER_FILES = [
  'tokenizer.json',
  'tokenizer.model',
  'tokenizer_config.json',
  'vocab.json',
  'merges.txt',
  'spiece.model',
] as const;
