// A whole scan over a generated landscape (test/fixtures/inventory/tree.ts):
// every source, every kind, the bad inputs, the cache and the overrides.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelDescription } from '../../src/domain/model.js';
import { MemoryCache } from '../../src/services/inventory/cache.js';
import { DEFAULT_LAUNCH } from '../../src/services/inventory/launch.js';
import { runScan, type ScanConfig, type ScanOutcome } from '../../src/services/inventory/scan.js';
import {
  buildTree,
  GGUF_PARAMS,
  GGUF_SHAPE,
  ST_SHAPE,
  stParams,
  type Tree,
} from '../fixtures/inventory/tree.js';

let tree: Tree;
let cfg: ScanConfig;
let result: ScanOutcome;
const cache = new MemoryCache();

beforeAll(async () => {
  tree = buildTree(fs.mkdtempSync(path.join(os.tmpdir(), 'mrt-scan-')));
  cfg = {
    directories: [tree.models, path.join(tree.root, 'does-not-exist')],
    hfHubDir: tree.hub,
    dotModelsDir: tree.dotModels,
    inventoryFile: tree.inventoryFile,
    estimateContext: 4096,
    launch: DEFAULT_LAUNCH,
  };
  result = await runScan(cfg, cache);
});
afterAll(() => {
  fs.chmodSync(path.join(tree.models, 'locked'), 0o755);
  fs.rmSync(tree.root, { recursive: true, force: true });
});

const byId = (id: string): ModelDescription => {
  const m = result.models.find((x) => x.id === id);
  if (!m) throw new Error(`no model ${id}; have ${result.models.map((x) => x.id).join(', ')}`);
  return m;
};
const warningFor = (fragment: string): string =>
  result.warnings
    .filter((w) => w.path.includes(fragment))
    .map((w) => w.message)
    .join(' | ');

describe('scan', () => {
  it('finds every model in every source, once', () => {
    const ids = result.models.map((m) => m.id).sort();
    const expected = [
      'TinyOrg/tiny-diffusion',
      'TinyOrg/tiny-dia',
      'TinyOrg/tiny-embed',
      'TinyOrg/tiny-llama-GGUF',
      'TinyOrg/tiny-st',
      'TinyOrg/tiny-vl',
      'big-model',
      'half',
      'my-local',
    ];
    if (process.getuid?.() === 0) expected.push('locked/hidden');
    expect(ids).toEqual(expected.sort());
  });

  it('describes a GGUF in the HF cache from its header', () => {
    const m = byId('TinyOrg/tiny-llama-GGUF');
    expect(m).toMatchObject({
      source: 'hf-cache',
      format: 'gguf',
      kind: 'text',
      architecture: 'llama',
      parameters: GGUF_PARAMS,
      quantization: 'Q4_0',
      contextLength: 8192,
      blockCount: GGUF_SHAPE.layers,
      headCount: GGUF_SHAPE.heads,
      kvHeadCount: GGUF_SHAPE.kvHeads,
      chatTemplate: true,
      tokenizer: 'gpt2',
    });
    expect(m.revision).toMatch(/^[0-9a-f]{40}$/);
    const dir = path.dirname(m.path);
    expect(m.launch.argv).toEqual([
      'serve',
      '--host',
      '127.0.0.1',
      'text',
      '-m',
      dir,
      '-f',
      'tiny-llama.Q4_0.gguf',
      '--format',
      'gguf',
    ]);
    // KV cache: 2 x layers x context x kv heads x head dim x 2 bytes.
    const headDim = GGUF_SHAPE.hidden / GGUF_SHAPE.heads;
    expect(m.memory.kvCacheBytes).toBe(2 * 4 * 4096 * 2 * headDim * 2);
    expect(m.memory.weightsBytes).toBe(fs.statSync(m.path).size);
    expect(m.memory.totalBytes).toBe(
      m.memory.weightsBytes + m.memory.kvCacheBytes + 64 * 1024 * 1024,
    );
  });

  it('reads sharded safetensors through the index and counts shared blobs once', () => {
    const m = byId('TinyOrg/tiny-st');
    expect(m).toMatchObject({
      format: 'safetensors',
      kind: 'text',
      kindReason: 'config.json: LlamaForCausalLM',
      architecture: 'LlamaForCausalLM',
      parameters: stParams(ST_SHAPE),
      quantization: 'BF16',
      contextLength: 4096,
      chatTemplate: true,
    });
    expect(m.files).toHaveLength(2);
    // Size: the distinct blobs behind the snapshot's symlinks (config.json and
    // generation_config.json point at one blob).
    const blobs = path.join(tree.hub, 'models--TinyOrg--tiny-st', 'blobs');
    const total = fs
      .readdirSync(blobs)
      .reduce((a, b) => a + fs.statSync(path.join(blobs, b)).size, 0);
    expect(m.sizeBytes).toBe(total);
    expect(m.launch.argv).toEqual(['serve', '--host', '127.0.0.1', 'text', '-m', m.path]);
  });

  it('infers multimodal, diffusion, embedding and speech models with reasons', () => {
    expect(byId('TinyOrg/tiny-vl')).toMatchObject({
      kind: 'vision',
      kindReason: 'config.json has vision_config (multimodal input)',
    });
    expect(byId('TinyOrg/tiny-vl').launch.serveKind).toBe('multimodal');
    const diff = byId('TinyOrg/tiny-diffusion');
    expect(diff).toMatchObject({ kind: 'diffusion', architecture: 'StableDiffusionPipeline' });
    expect(diff.kindReason).toContain('model_index.json');
    // unet (fp16 variant not counted twice) + vae.
    expect(diff.parameters).toBe(320 * 4 * 3 * 3 + 3 * 128 * 3 * 3);
    expect(diff.memory.kvCacheBytes).toBe(0);
    expect(diff.launch.argv.slice(3, 4)).toEqual(['diffusion']);
    expect(byId('TinyOrg/tiny-embed')).toMatchObject({ kind: 'embedding', parameters: 3200 });
    expect(byId('TinyOrg/tiny-embed').launch.serveKind).toBe('embedding');
    expect(byId('TinyOrg/tiny-dia')).toMatchObject({ kind: 'speech', parameters: 256 });
    expect(byId('TinyOrg/tiny-dia').launch.serveKind).toBe('speech');
  });

  it('groups split GGUF files into one model and sums their tensors', () => {
    const m = byId('big-model');
    expect(m.files.map((f) => path.basename(f.path))).toEqual([
      'big-model-00001-of-00003.gguf',
      'big-model-00002-of-00003.gguf',
      'big-model-00003-of-00003.gguf',
    ]);
    expect(m.parameters).toBe(GGUF_PARAMS);
    const fIndex = m.launch.argv.indexOf('-f');
    expect(m.launch.argv[fIndex + 1]).toBe(
      'big-model-00001-of-00003.gguf;big-model-00002-of-00003.gguf;big-model-00003-of-00003.gguf',
    );
    expect(byId('half').warnings.join()).toMatch(/missing part\(s\) 2 of 2/);
  });

  it('applies MODEL_INVENTORY.json overrides and reports bad entries', () => {
    const m = byId('my-local');
    expect(m).toMatchObject({
      source: 'inventory-file',
      notes: 'pinned',
      quantization: 'Q8_0',
      contextLength: 2048,
      name: 'Local One',
    });
    expect(m.overridden).toContain('id');
    expect(m.launch.argv.slice(-2)).toEqual(['--isq', 'Q4K']);
    const inv = warningFor('MODEL_INVENTORY.json');
    expect(inv).toMatch(/models\[2\]: "id" must be a non-empty string/);
    expect(inv).toMatch(/"kind" must be one of/);
    expect(warningFor('nowhere')).toMatch(/ghost.*does not exist/);
  });

  it('reports each bad input with its reason and keeps going', () => {
    expect(warningFor('corrupt.gguf')).toMatch(
      /corrupt\.gguf: .*(more than the file|unknown|truncated)/,
    );
    expect(warningFor('truncated.gguf')).toMatch(/truncated/);
    expect(warningFor('projector.gguf')).toMatch(/vision projector \(mmproj\)/);
    expect(warningFor('mmproj-model')).toBe('');
    expect(warningFor('absurd.gguf')).toMatch(/tensor count is \d+, more than the file/);
    expect(warningFor(path.join('huge'))).toMatch(/not valid JSON/);
    expect(warningFor('badjson')).toMatch(/config\.json: invalid JSON/);
    expect(warningFor('Broken')).toMatch(/dangling symlink to \.\.\/\.\.\/blobs\/missing-blob/);
    expect(warningFor('does-not-exist')).toMatch(/does not exist/);
    expect(warningFor(`models${path.sep}loop`)).toMatch(/symlink loop/);
    if (process.getuid?.() !== 0) expect(warningFor('locked')).toMatch(/permission denied/);
    // Headers only: well under 1 MiB per model, even with a 100 GB file in the tree.
    expect(result.stats.bytesRead).toBeLessThan((result.models.length + 10) * 1024 * 1024);
  });

  it('reuses the cache on a warm scan and re-reads only what changed', async () => {
    const warm = await runScan(cfg, cache);
    expect(warm.stats.parsed).toBe(0);
    expect(warm.stats.bytesRead).toBe(0);
    expect(warm.models).toEqual(result.models);
    const file = byId('big-model').files[1]!.path;
    const t = new Date(Date.now() + 5000);
    fs.utimesSync(file, t, t);
    const after = await runScan(cfg, cache);
    expect(after.stats.parsed).toBe(1);
    expect(after.models.map((m) => m.id)).toEqual(result.models.map((m) => m.id));
    const refreshed = await runScan(cfg, cache, { refresh: true });
    expect(refreshed.stats.cached).toBe(0);
  });

  it('derives launch options and the estimate context from the config, not the cache', async () => {
    const other = await runScan(
      {
        ...cfg,
        estimateContext: 1024,
        launch: {
          ...DEFAULT_LAUNCH,
          cpu: true,
          maxSeqLen: 2048,
          tokenSource: 'none',
          extraArgs: ['--max-seqs', '2'],
        },
      },
      cache,
    );
    const m = other.models.find((x) => x.id === 'TinyOrg/tiny-llama-GGUF')!;
    expect(m.memory.contextTokens).toBe(1024);
    expect(m.launch.argv).toEqual([
      '--token-source',
      'none',
      'serve',
      '--host',
      '127.0.0.1',
      'text',
      '-m',
      path.dirname(m.path),
      '-f',
      'tiny-llama.Q4_0.gguf',
      '--format',
      'gguf',
      '--cpu',
      '--max-seq-len',
      '2048',
      '--max-seqs',
      '2',
    ]);
    expect(m.launch.portIndex).toBe(5);
  });
});
