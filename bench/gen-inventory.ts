// Generates the inventory benchmark's Hugging Face cache: N model snapshots
// (40% GGUF, 40% sharded safetensors, 20% diffusers pipelines) laid out as
// huggingface_hub does (blobs + snapshot symlinks + refs/main), with sparse
// weight files of realistic apparent size, plus unrelated files (READMEs,
// images, ONNX exports) inside the snapshots. Uses the test fixture writers.
import fs from 'node:fs';
import path from 'node:path';
import { arr, llamaTensors, s, u32, writeGguf } from '../test/fixtures/inventory/gguf-writer.ts';
import { makeHfRepo, type RepoFile } from '../test/fixtures/inventory/hf-cache.ts';
import {
  hfLlamaTensors,
  writeSafetensors,
  type StTensor,
} from '../test/fixtures/inventory/safetensors-writer.ts';

export interface GenOptions {
  readonly repos: number;
  readonly unrelated: number;
}

const json = (v: unknown): RepoFile => ({
  write: (t) => {
    fs.writeFileSync(t, JSON.stringify(v));
  },
});
const bytes = (n: number): RepoFile => ({
  write: (t) => {
    fs.writeFileSync(t, Buffer.alloc(n, 0x61));
  },
});
const st = (tensors: readonly StTensor[]): RepoFile => ({
  write: (t) => {
    writeSafetensors(t, tensors);
  },
});

function ggufRepo(i: number): Record<string, RepoFile> {
  const layers = 16 + (i % 17);
  const hidden = 2048;
  return {
    [`model-${i}.Q4_K_M.gguf`]: {
      write: (t) => {
        writeGguf(t, {
          metadata: {
            'general.architecture': s('llama'),
            'general.name': s(`Bench Model ${i}`),
            'general.file_type': u32(15),
            'llama.context_length': u32(8192),
            'llama.embedding_length': u32(hidden),
            'llama.block_count': u32(layers),
            'llama.attention.head_count': u32(16),
            'llama.attention.head_count_kv': u32(4),
            'tokenizer.ggml.model': s('gpt2'),
            // A trimmed vocabulary keeps the generator fast; real ones make headers 2-10 MiB.
            'tokenizer.ggml.tokens': arr(
              'string',
              Array.from({ length: 2000 }, (_, k) => s(`tok${k}`)),
            ),
            'tokenizer.chat_template': s('{% for m in messages %}{{ m.content }}{% endfor %}'),
          },
          tensors: llamaTensors({
            layers,
            hidden,
            ffn: 5632,
            heads: 16,
            kvHeads: 4,
            vocab: 32000,
            type: 'Q4_K',
          }),
        });
      },
    },
    'README.md': bytes(2000),
  };
}

function shardedRepo(i: number): Record<string, RepoFile> {
  const tensors = hfLlamaTensors({
    layers: 12 + (i % 13),
    hidden: 1024,
    ffn: 2816,
    kvDim: 256,
    vocab: 32000,
    dtype: 'BF16',
  });
  const shards = 2 + (i % 3);
  const per = Math.ceil(tensors.length / shards);
  const files: Record<string, RepoFile> = {};
  const weightMap: Record<string, string> = {};
  for (let k = 0; k < shards; k++) {
    const name = `model-${String(k + 1).padStart(5, '0')}-of-${String(shards).padStart(5, '0')}.safetensors`;
    const part = tensors.slice(k * per, (k + 1) * per);
    for (const t of part) weightMap[t.name] = name;
    files[name] = st(part);
  }
  files['model.safetensors.index.json'] = json({ metadata: {}, weight_map: weightMap });
  files['config.json'] = json({
    architectures: ['LlamaForCausalLM'],
    model_type: 'llama',
    hidden_size: 1024,
    num_hidden_layers: 12 + (i % 13),
    num_attention_heads: 16,
    num_key_value_heads: 4,
    max_position_embeddings: 4096,
    torch_dtype: 'bfloat16',
  });
  files['tokenizer_config.json'] = json({ chat_template: '{{ messages }}' });
  files['tokenizer.json'] = bytes(4000);
  files['generation_config.json'] = json({ do_sample: true });
  files['README.md'] = bytes(3000);
  return files;
}

function diffusersRepo(): Record<string, RepoFile> {
  const conv = (name: string, shape: number[]): StTensor => ({ name, dtype: 'F16', shape });
  return {
    'model_index.json': json({
      _class_name: 'StableDiffusionPipeline',
      unet: ['diffusers', 'UNet2DConditionModel'],
      vae: ['diffusers', 'AutoencoderKL'],
      text_encoder: ['transformers', 'CLIPTextModel'],
    }),
    'unet/config.json': json({ _class_name: 'UNet2DConditionModel' }),
    'unet/diffusion_pytorch_model.safetensors': st(
      Array.from({ length: 200 }, (_, k) => conv(`down.${k}.weight`, [320, 320, 3, 3])),
    ),
    'vae/config.json': json({ _class_name: 'AutoencoderKL' }),
    'vae/diffusion_pytorch_model.safetensors': st(
      Array.from({ length: 60 }, (_, k) => conv(`dec.${k}.weight`, [128, 128, 3, 3])),
    ),
    'text_encoder/config.json': json({ architectures: ['CLIPTextModel'] }),
    'text_encoder/model.safetensors': st(
      Array.from({ length: 100 }, (_, k) => conv(`enc.${k}.weight`, [768, 768])),
    ),
    'README.md': bytes(1500),
  };
}

/** Writes the cache under `hub` (which must not exist) and returns the number of models. */
export function generateHfCache(hub: string, o: GenOptions): number {
  fs.mkdirSync(hub, { recursive: true });
  const perRepo = Math.ceil(o.unrelated / o.repos);
  let unrelated = 0;
  for (let i = 0; i < o.repos; i++) {
    const mix = i % 5;
    const files = mix < 2 ? ggufRepo(i) : mix < 4 ? shardedRepo(i) : diffusersRepo();
    for (let k = 0; k < perRepo && unrelated < o.unrelated; k++, unrelated++) {
      const dir = ['', 'assets/', 'onnx/', 'figures/'][k % 4] ?? '';
      files[`${dir}extra-${k}.${['png', 'md', 'onnx', 'txt'][k % 4] ?? 'bin'}`] = bytes(64);
    }
    makeHfRepo(hub, `bench-org/model-${String(i).padStart(3, '0')}`, files);
  }
  return o.repos;
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const dir = process.argv[2];
  if (dir === undefined) {
    console.error('usage: node bench/gen-inventory.ts DIR');
    process.exit(2);
  }
  generateHfCache(path.resolve(dir), { repos: 500, unrelated: 5000 });
  console.log(`wrote ${dir}`);
}
