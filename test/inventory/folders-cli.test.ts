// Where discovery looks, as the built binary says it (issue 14, "onboarding
// tells the truth"): a GGUF in ~/.models is found; with nothing found,
// `models` lists every folder looked in (absolute) and how to add one;
// `models show ID --dir X` finds what `models --dir X` found; the dry run
// names the same folders.
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ModelFolder } from '../../src/domain/model.js';
import { llamaTensors, writeGguf } from '../fixtures/inventory/gguf-writer.js';
import { GGUF_SHAPE, ggufMeta } from '../fixtures/inventory/tree.js';
import { isolatedEnv, runCli } from '../helpers.js';

let home: string;
let env: NodeJS.ProcessEnv;
let project: string;

beforeEach(() => {
  ({ home, env } = isolatedEnv());
  home = fs.realpathSync(home);
  env = { ...env, HOME: home };
  project = path.join(home, 'src', 'project');
  fs.mkdirSync(project, { recursive: true });
});

function gguf(dir: string, name: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeGguf(file, { metadata: ggufMeta(), tensors: llamaTensors({ ...GGUF_SHAPE, type: 'Q4_0' }) });
  return file;
}

describe('mistralrs-tui models: the folders it scans', () => {
  it('finds a GGUF put in ~/.models, from any directory', () => {
    const file = gguf(path.join(home, '.models'), 'tiny.Q4_0.gguf');
    const r = runCli(['models'], env, project);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^tiny\.Q4_0\s+text\s+gguf\s/m);
    expect(r.stdout).toContain(file);
    // ./.models of the current directory is scanned as well.
    gguf(path.join(project, '.models'), 'other.gguf');
    expect(runCli(['models'], env, project).stdout).toMatch(/^other\s+text\s+gguf\s/m);
  });

  it('with nothing found, lists every folder it looked in and how to add one', () => {
    const r = runCli(['models'], env, project);
    expect(r.code).toBe(0);
    const hub = path.join(home, '.cache', 'huggingface', 'hub');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('No models found. Looked in:');
    expect(lines[1]).toMatch(new RegExp(`^  ${hub}\\s+Hugging Face cache, does not exist$`));
    expect(lines[2]).toMatch(
      new RegExp(`^  ${path.join(project, '.models')}\\s+\\./\\.models, does not exist$`),
    );
    expect(lines[3]).toMatch(
      new RegExp(`^  ${path.join(home, '.models')}\\s+~/\\.models, does not exist$`),
    );
    expect(r.stdout).toContain(
      `To add models: put GGUF or safetensors models in ${path.join(home, '.models')}, scan another folder with --dir PATH, or list it under [inventory] directories in ${path.join(home, '.config', 'mistralrs-tui', 'config.toml')}.`,
    );
  });

  it('--json carries the same folders, a --dir folder among them', () => {
    const extra = path.join(home, 'extra');
    const r = runCli(['models', '--json', '--dir', extra], env, project);
    const { folders } = JSON.parse(r.stdout) as { folders: ModelFolder[] };
    expect(folders).toEqual([
      { path: path.join(home, '.cache', 'huggingface', 'hub'), kind: 'hf-cache', exists: false },
      { path: extra, kind: 'dir-option', exists: false },
      { path: path.join(project, '.models'), kind: 'dot-models', exists: false },
      { path: path.join(home, '.models'), kind: 'home-models', exists: false },
    ]);
  });

  it('models show ID --dir X shows a model that models --dir X lists; without --dir it says where it looked', () => {
    const dir = path.join(home, 'elsewhere');
    gguf(dir, 'far.gguf');
    expect(runCli(['models', '--dir', dir], env, project).stdout).toMatch(/^far\s+text/m);
    for (const args of [
      ['models', 'show', 'far', '--dir', dir],
      ['models', 'show', '--dir', dir, 'far'],
      ['models', '--dir', dir, 'show', 'far'],
    ]) {
      const r = runCli(args, env, project);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^id\s+far$/m);
      expect(r.stdout).toMatch(new RegExp(`^path\\s+${path.join(dir, 'far.gguf')}$`, 'm'));
    }
    // Its help says so.
    expect(runCli(['models', 'show', '--help'], env, project).stdout).toContain('--dir <path>');
    const missing = runCli(['models', 'show', 'far'], env, project);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no model "far". Looked in:');
    expect(missing.stderr).toContain(`  ${path.join(home, '.models')}`);
    expect(missing.stderr).toContain('--dir PATH');
  });

  it('the dry run names the folders it scanned', () => {
    fs.mkdirSync(path.join(home, '.models'));
    const r = runCli(['--dry-run'], env, project);
    expect(r.stdout).toMatch(/Models +ok +0 models found/);
    expect(r.stdout).toMatch(new RegExp(`^ +${path.join(home, '.models')} +~/\\.models$`, 'm'));
    expect(r.stdout).toMatch(
      new RegExp(`^ +${path.join(project, '.models')} +\\./\\.models, does not exist$`, 'm'),
    );
    const json = JSON.parse(runCli(['--dry-run', '--json'], env, project).stdout) as {
      inventory: { folders: ModelFolder[] };
    };
    expect(json.inventory.folders.map((f) => f.kind)).toEqual([
      'hf-cache',
      'dot-models',
      'home-models',
    ]);
  });
});
