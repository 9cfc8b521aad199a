import { describe, expect, it } from 'vitest';
import { parseHfConfig } from './hf-config.js';
import { inferKind } from './kind.js';

const cfg = (json: object) => parseHfConfig(json);

describe('inferKind', () => {
  it.each([
    [{ format: 'gguf', ggufArchitecture: 'llama' }, 'text', /"llama" is a text decoder/],
    [{ format: 'gguf', ggufArchitecture: 'bert' }, 'embedding', /sentence encoder/],
    [{ format: 'gguf', ggufArchitecture: 'qwen3', ggufPooling: true }, 'embedding', /pooling_type/],
    [
      { format: 'safetensors', hasModelIndex: true, diffusersPipeline: 'FluxPipeline' },
      'diffusion',
      /FluxPipeline/,
    ],
    [
      { format: 'safetensors', config: cfg({ architectures: ['LlamaForCausalLM'] }) },
      'text',
      /LlamaForCausalLM/,
    ],
    [
      {
        format: 'safetensors',
        config: cfg({ architectures: ['Gemma3ForConditionalGeneration'], vision_config: {} }),
      },
      'vision',
      /vision_config/,
    ],
    [
      {
        format: 'safetensors',
        config: cfg({ architectures: ['Phi4MMForCausalLM'], audio_config: {} }),
      },
      'vision',
      /audio_config/,
    ],
    [
      {
        format: 'safetensors',
        config: cfg({ model_type: 'dia', architectures: ['DiaForConditionalGeneration'] }),
      },
      'speech',
      /speech/,
    ],
    [
      { format: 'safetensors', config: cfg({ architectures: ['BertModel'] }) },
      'embedding',
      /BertModel is an encoder/,
    ],
    [
      {
        format: 'safetensors',
        config: cfg({ architectures: ['Qwen3ForCausalLM'] }),
        sentenceTransformers: true,
      },
      'embedding',
      /sentence-transformers/,
    ],
    [
      { format: 'safetensors', config: cfg({ model_type: 'xlm-roberta' }) },
      'embedding',
      /xlm-roberta/,
    ],
    [{ format: 'safetensors' }, 'text', /no config.json/],
  ] as const)('%o -> %s', (evidence, kind, reason) => {
    const v = inferKind(evidence);
    expect(v.kind).toBe(kind);
    expect(v.reason).toMatch(reason);
  });

  it('reads sizes from text_config of multimodal configs', () => {
    const c = cfg({
      architectures: ['X'],
      text_config: {
        hidden_size: 2048,
        num_hidden_layers: 24,
        num_attention_heads: 16,
        num_key_value_heads: 4,
        max_position_embeddings: 131072,
      },
      vision_config: {},
      quantization_config: { quant_method: 'fp8' },
    });
    expect(c).toMatchObject({
      hiddenSize: 2048,
      layers: 24,
      heads: 16,
      kvHeads: 4,
      contextLength: 131072,
      hasVision: true,
      quantMethod: 'fp8',
    });
  });
});
