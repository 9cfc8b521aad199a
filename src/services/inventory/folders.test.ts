// The list of places discovery looks in (folders.ts), built from a config the
// way every command builds it (scanConfigFrom), and a scan that finds a model
// in ~/.models — the folder the welcome has always named.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { llamaTensors, writeGguf } from '../../../test/fixtures/inventory/gguf-writer.js';
import { GGUF_SHAPE, ggufMeta } from '../../../test/fixtures/inventory/tree.js';
import { parseConfig } from '../../config/load.js';
import type { AppPaths } from '../../config/paths.js';
import { MemoryCache } from './cache.js';
import { scannedFolders } from './folders.js';
import { runScan, scanConfigFrom } from './index.js';

let root: string;
let home: string;
let project: string;
let paths: AppPaths;

beforeEach(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mrt-folders-')));
  home = path.join(root, 'home');
  project = path.join(root, 'project');
  fs.mkdirSync(home);
  fs.mkdirSync(project);
  const dir = (n: string) => path.join(home, n);
  paths = {
    configDir: dir('cfg'),
    dataDir: dir('data'),
    stateDir: dir('state'),
    cacheDir: dir('cache'),
  };
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function folders(
  toml = '',
  o: { cwd?: string; dirs?: string[]; env?: Record<string, string> } = {},
) {
  return scannedFolders(
    scanConfigFrom({
      config: parseConfig(toml, 'config.toml'),
      paths,
      env: o.env ?? {},
      home,
      cwd: o.cwd ?? project,
      ...(o.dirs !== undefined ? { extraDirectories: o.dirs } : {}),
    }),
  );
}

function gguf(dir: string, name: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeGguf(file, { metadata: ggufMeta(), tensors: llamaTensors({ ...GGUF_SHAPE, type: 'Q4_0' }) });
  return file;
}

describe('scanned folders', () => {
  it('by default: the HF cache, ./.models and ~/.models, absolute, each with whether it exists', () => {
    fs.mkdirSync(path.join(home, '.models'));
    expect(folders()).toEqual([
      { kind: 'hf-cache', path: path.join(home, '.cache', 'huggingface', 'hub'), exists: false },
      { kind: 'dot-models', path: path.join(project, '.models'), exists: false },
      { kind: 'home-models', path: path.join(home, '.models'), exists: true },
    ]);
  });

  it('run from the home folder, ./.models is ~/.models and is listed once, as ~/.models', () => {
    expect(folders('', { cwd: home }).filter((f) => f.path.endsWith('.models'))).toEqual([
      { kind: 'home-models', path: path.join(home, '.models'), exists: false },
    ]);
  });

  it('configured folders and --dir in order, relative and ~ paths made absolute; a folder named twice once', () => {
    const models = path.join(root, 'models');
    fs.mkdirSync(models);
    fs.symlinkSync(models, path.join(root, 'link'));
    const list = folders(
      `[inventory]\ndirectories = ["~/m", ${JSON.stringify(models)}]\ninclude_hf_cache = false\n`,
      { dirs: ['../link', 'extra'] },
    );
    expect(list).toEqual([
      { kind: 'directory', path: path.join(home, 'm'), exists: false },
      { kind: 'directory', path: models, exists: true },
      // ../link is `models` through a symlink: already listed.
      { kind: 'dir-option', path: path.join(project, 'extra'), exists: false },
      { kind: 'dot-models', path: path.join(project, '.models'), exists: false },
      { kind: 'home-models', path: path.join(home, '.models'), exists: false },
    ]);
  });

  it('HF_HUB_CACHE and the MODEL_INVENTORY.json are where they are set', () => {
    const file = path.join(project, 'MODEL_INVENTORY.json');
    fs.writeFileSync(file, '{"version":1,"models":[]}');
    const hub = path.join(root, 'hub');
    expect(folders('', { env: { HF_HUB_CACHE: hub } }).slice(0, 2)).toEqual([
      { kind: 'inventory-file', path: file, exists: true },
      { kind: 'hf-cache', path: hub, exists: false },
    ]);
  });

  it('include_dot_models = false drops both .models folders', () => {
    const kinds = folders('[inventory]\ninclude_dot_models = false\n').map((f) => f.kind);
    expect(kinds).toEqual(['hf-cache']);
  });
});

describe('a scan', () => {
  it('finds a GGUF in ~/.models and reports the folders it looked in', async () => {
    const file = gguf(path.join(home, '.models'), 'tiny.gguf');
    const cfg = scanConfigFrom({
      config: parseConfig('', 'config.toml'),
      paths,
      env: {},
      home,
      cwd: project,
    });
    const r = await runScan(cfg, new MemoryCache());
    expect(r.models.map((m) => [m.id, m.path, m.source])).toEqual([['tiny', file, 'dot-models']]);
    expect(r.folders).toEqual(scannedFolders(cfg));
    expect(r.warnings).toEqual([]);
  });

  it('finds models in both ./.models and ~/.models', async () => {
    gguf(path.join(home, '.models'), 'a.gguf');
    gguf(path.join(project, '.models'), 'b.gguf');
    const cfg = scanConfigFrom({
      config: parseConfig('[inventory]\ninclude_hf_cache = false\n', 'config.toml'),
      paths,
      env: {},
      home,
      cwd: project,
    });
    const r = await runScan(cfg, new MemoryCache());
    expect(r.models.map((m) => m.id)).toEqual(['a', 'b']);
  });
});
