// `mistralrs-tui models` through the built binary: a generated HF cache, the
// real SmolLM2 GGUF, `models show`, `export-inventory` and the dry run's line.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelDescription } from '../../src/domain/model.js';
import { isolatedEnv, runCli } from '../helpers.js';
import {
  buildTree,
  GGUF_PARAMS,
  ST_SHAPE,
  stParams,
  type Tree,
} from '../fixtures/inventory/tree.js';
import { requireSmollm2 } from './model-file.js';

interface ListJson {
  models: ModelDescription[];
  warnings: { path: string; message: string }[];
  stats: { parsed: number; cached: number };
}

let tree: Tree;
let env: NodeJS.ProcessEnv;
let home: string;

beforeAll(() => {
  ({ home, env } = isolatedEnv());
  tree = buildTree(fs.mkdtempSync(path.join(home, 'tree-')));
  env = { ...env, HF_HUB_CACHE: tree.hub };
});

const list = (args: string[], cwd = tree.cwd): ListJson => {
  const r = runCli(['models', '--json', ...args], env, cwd);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as ListJson;
};

describe('mistralrs-tui models', () => {
  it('lists a generated HF cache with correct facts, then serves a warm scan from the cache', () => {
    const cold = list(['--dir', tree.models]);
    const get = (id: string) => cold.models.find((m) => m.id === id);
    expect(get('TinyOrg/tiny-llama-GGUF')).toMatchObject({
      format: 'gguf',
      kind: 'text',
      architecture: 'llama',
      parameters: GGUF_PARAMS,
      quantization: 'Q4_0',
      contextLength: 8192,
    });
    expect(get('TinyOrg/tiny-st')).toMatchObject({
      format: 'safetensors',
      kind: 'text',
      architecture: 'LlamaForCausalLM',
      parameters: stParams(ST_SHAPE),
      quantization: 'BF16',
      contextLength: 4096,
    });
    expect(get('TinyOrg/tiny-diffusion')?.kind).toBe('diffusion');
    expect(get('my-local')?.source).toBe('inventory-file');
    expect(cold.warnings.some((w) => w.path.endsWith('corrupt.gguf'))).toBe(true);
    expect(cold.stats.parsed).toBe(cold.models.length);
    const warm = list(['--dir', tree.models]);
    expect(warm.stats).toMatchObject({ parsed: 0, cached: cold.models.length });
  });

  it('prints a table, and warnings on stderr', () => {
    const r = runCli(['models', '--dir', tree.models], env, tree.cwd);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ID\s+KIND\s+FORMAT\s+PARAMS\s+QUANT\s+SIZE\s+MEMORY\s+PATH$/m);
    expect(r.stdout).toMatch(/^TinyOrg\/tiny-llama-GGUF\s+text\s+gguf\s+\S+\s+Q4_0\s/m);
    expect(r.stderr).toMatch(/warning: .*truncated\.gguf: truncated/);
  });

  it('shows one model with its launch command, and fails with a hint for an unknown id', () => {
    const r = runCli(['models', 'show', 'TinyOrg/tiny-vl'], env, tree.cwd);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/kind\s+vision \(config.json has vision_config/);
    expect(r.stdout).toMatch(
      /launch\s+mistralrs serve --host 127\.0\.0\.1 -p 41234 multimodal -m \S+tiny-vl\S+/,
    );
    const bad = runCli(['models', 'show', 'tiny'], env, tree.cwd);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/no model "tiny"\. Did you mean: TinyOrg\//);
  });

  it('exports a MODEL_INVENTORY.json that validates against our own reader', () => {
    const out = path.join(home, 'export', 'MODEL_INVENTORY.json');
    const r = runCli(['models', 'export-inventory', out, '--dir', tree.models], env, tree.cwd);
    expect(r.code).toBe(0);
    const value = JSON.parse(fs.readFileSync(out, 'utf8')) as {
      version: number;
      models: { id: string; path: string }[];
    };
    expect(value.version).toBe(1);
    expect(value.models.map((m) => m.id)).toContain('TinyOrg/tiny-st');
    expect(runCli(['models', 'export-inventory', out], env, tree.cwd).code).toBe(1);
  });

  it('reports the count and the warnings in the dry run', () => {
    const config = path.join(home, 'c.toml');
    fs.writeFileSync(config, `[inventory]\ndirectories = [${JSON.stringify(tree.models)}]\n`);
    const r = runCli(['--dry-run', '--json', '--config', config], env, tree.cwd);
    const report = JSON.parse(r.stdout) as {
      inventory: { status: string; models: number; message: string };
      warnings: string[];
    };
    expect(report.inventory.status).toBe('warning');
    expect(report.inventory.models).toBe(list(['--dir', tree.models]).models.length);
    expect(
      report.warnings.some((w) => w.startsWith('models: ') && w.includes('corrupt.gguf')),
    ).toBe(true);
  });
});

const smol = requireSmollm2();
describe.runIf(smol !== undefined)('mistralrs-tui models on the real SmolLM2 GGUF', () => {
  it('reports format, kind, architecture, parameters, quantization and context', () => {
    const r = list(['--dir', path.dirname(smol!)], home);
    const m = r.models.find((x) => x.path === smol);
    expect(m).toMatchObject({
      format: 'gguf',
      kind: 'text',
      architecture: 'llama',
      parameters: 134_515_008,
      quantization: 'Q4_1',
      contextLength: 8192,
      chatTemplate: true,
    });
    expect(m?.launch.argv).toEqual([
      'serve',
      '--host',
      '127.0.0.1',
      'text',
      '-m',
      path.dirname(smol!),
      '-f',
      path.basename(smol!),
      '--format',
      'gguf',
    ]);
  });
});
