// The inventory service: events, the watcher (a model added and removed is
// seen without a manual refresh), checksums with progress, and the cache in a
// real SQLite session store.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { InventoryEvent } from '../../src/domain/model.js';
import { JsonFileCache, MemoryCache, StoreCache } from '../../src/services/inventory/cache.js';
import { DEFAULT_LAUNCH } from '../../src/services/inventory/launch.js';
import type { ScanConfig } from '../../src/services/inventory/scan.js';
import { InventoryService } from '../../src/services/inventory/service.js';
import { openStore } from '../../src/services/store/index.js';
import { llamaTensors, writeGguf } from '../fixtures/inventory/gguf-writer.js';
import { GGUF_SHAPE, ggufMeta } from '../fixtures/inventory/tree.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup(): { dir: string; cfg: ScanConfig } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mrt-svc-'));
  cleanups.push(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const cfg: ScanConfig = {
    directories: [dir],
    hfHubDir: null,
    dotModelsDir: null,
    inventoryFile: null,
    estimateContext: 4096,
    launch: DEFAULT_LAUNCH,
  };
  return { dir, cfg };
}

function model(file: string): void {
  writeGguf(file, { metadata: ggufMeta(), tensors: llamaTensors({ ...GGUF_SHAPE, type: 'Q4_0' }) });
}

/** Resolves with the first event that satisfies `pred`, or rejects after `ms`. */
function nextEvent(
  svc: InventoryService,
  pred: (e: InventoryEvent) => boolean,
  ms = 10_000,
): Promise<InventoryEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching event within ${ms} ms`));
    }, ms);
    const off = svc.subscribe((e) => {
      if (pred(e)) {
        clearTimeout(timer);
        off();
        resolve(e);
      }
    });
  });
}

describe('InventoryService', () => {
  it('emits scan events and finds models by id, path or unique suffix', async () => {
    const { dir, cfg } = setup();
    fs.mkdirSync(path.join(dir, 'org'));
    model(path.join(dir, 'org', 'one.gguf'));
    const svc = new InventoryService({ config: cfg, cache: new MemoryCache() });
    cleanups.push(() => svc.close());
    const events: InventoryEvent[] = [];
    svc.subscribe((e) => events.push(e));
    await svc.scan();
    expect(events.map((e) => e.type)).toEqual(['inventory.scan-started', 'inventory.updated']);
    const updated = events[1];
    expect(updated?.type === 'inventory.updated' && updated.added).toEqual(['org/one']);
    expect(svc.get('org/one')?.id).toBe('org/one');
    expect(svc.get(path.join(dir, 'org', 'one.gguf'))?.id).toBe('org/one');
    expect(svc.get('ONE')?.id).toBe('org/one');
    expect(svc.get('nothing')).toBeUndefined();
  });

  it('watches: picks up an added and a removed model without a manual refresh', async () => {
    const { dir, cfg } = setup();
    model(path.join(dir, 'first.gguf'));
    const svc = new InventoryService({ config: cfg, cache: new MemoryCache(), debounceMs: 100 });
    cleanups.push(() => svc.close());
    await svc.scan();
    svc.watch();
    const added = nextEvent(
      svc,
      (e) => e.type === 'inventory.updated' && e.added.includes('second'),
    );
    model(path.join(dir, 'second.gguf'));
    await added;
    expect(svc.list().map((m) => m.id)).toEqual(['first', 'second']);
    const removed = nextEvent(
      svc,
      (e) => e.type === 'inventory.updated' && e.removed.includes('first'),
    );
    fs.rmSync(path.join(dir, 'first.gguf'));
    await removed;
    expect(svc.list().map((m) => m.id)).toEqual(['second']);
    // A model in a folder created after watching started.
    const nested = nextEvent(
      svc,
      (e) => e.type === 'inventory.updated' && e.added.includes('new/third'),
    );
    fs.mkdirSync(path.join(dir, 'new'));
    model(path.join(dir, 'new', 'third.gguf'));
    await nested;
    expect(svc.watchedCount()).toBeGreaterThanOrEqual(2);
  });

  it('watches a root that does not exist yet through its parent', async () => {
    const { dir, cfg } = setup();
    const later = path.join(dir, '.models');
    const svc = new InventoryService({
      config: { ...cfg, directories: [], dotModelsDir: later },
      cache: new MemoryCache(),
      debounceMs: 100,
    });
    cleanups.push(() => svc.close());
    expect((await svc.scan()).models).toEqual([]);
    svc.watch();
    const added = nextEvent(svc, (e) => e.type === 'inventory.updated' && e.added.includes('late'));
    fs.mkdirSync(later);
    model(path.join(later, 'late.gguf'));
    await added;
  });

  it('computes a checksum with progress that matches sha256sum, and caches it', async () => {
    const { dir, cfg } = setup();
    const file = path.join(dir, 'sum.gguf');
    model(file);
    const cacheFile = path.join(dir, 'cache', 'inventory-cache.json');
    const svc = new InventoryService({ config: cfg, cache: new JsonFileCache(cacheFile) });
    cleanups.push(() => svc.close());
    await svc.scan();
    const progress: number[] = [];
    svc.subscribe((e) => {
      if (e.type === 'inventory.checksum-progress') progress.push(e.progress.bytesDone);
    });
    const sha = await svc.checksum('sum');
    const expected = execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0];
    expect(sha).toBe(expected);
    expect(progress.at(-1)).toBe(fs.statSync(file).size);
    expect(svc.get('sum')?.sha256).toBe(expected);
    // A new service with the same cache file knows the checksum without reading the file.
    const again = new InventoryService({ config: cfg, cache: new JsonFileCache(cacheFile) });
    cleanups.push(() => again.close());
    const r = await again.scan();
    expect(r.stats.parsed).toBe(0);
    expect(again.get('sum')?.sha256).toBe(expected);
    // Touching the file invalidates both the facts and the checksum.
    const t = new Date(Date.now() + 5000);
    fs.utimesSync(file, t, t);
    const third = new InventoryService({ config: cfg, cache: new JsonFileCache(cacheFile) });
    cleanups.push(() => third.close());
    expect((await third.scan()).stats.parsed).toBe(1);
    expect(third.get('sum')?.sha256).toBeNull();
  });

  it('caches scan results in the SQLite session store: a warm scan reads no headers', async () => {
    const { dir, cfg } = setup();
    model(path.join(dir, 'a.gguf'));
    model(path.join(dir, 'b.gguf'));
    const db = path.join(dir, 'sessions.db');
    const store = await openStore({ kind: 'sqlite', path: db });
    cleanups.push(() => store.close());
    // Another feature's capabilities on the same row survive the inventory's writes.
    await store.upsertModel({ id: 'a', capabilities: { tools: true } });
    const cold = await new InventoryService({ config: cfg, cache: new StoreCache(store) }).scan();
    expect(cold.stats.parsed).toBe(2);
    const rows = await store.listModels();
    expect(rows.map((r) => [r.id, r.format, r.kind])).toEqual([
      ['a', 'gguf', 'text'],
      ['b', 'gguf', 'text'],
    ]);
    await store.markModelUsed('a', '2026-01-02T03:04:05.000Z');
    const warm = await new InventoryService({ config: cfg, cache: new StoreCache(store) }).scan();
    expect(warm.stats).toMatchObject({ parsed: 0, cached: 2, bytesRead: 0 });
    expect(warm.models.map((m) => m.parameters)).toEqual(cold.models.map((m) => m.parameters));
    expect(warm.models.find((m) => m.id === 'a')?.lastUsed).toBe('2026-01-02T03:04:05.000Z');
    expect((await store.getModel('a'))?.capabilities.tools).toBe(true);
  });

  it('forgets a model whose file is gone, but keeps one that is only outside this scan', async () => {
    const { dir, cfg } = setup();
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'mrt-svc-other-'));
    cleanups.push(() => {
      fs.rmSync(other, { recursive: true, force: true });
    });
    model(path.join(dir, 'a.gguf'));
    model(path.join(dir, 'b.gguf'));
    model(path.join(other, 'c.gguf'));
    const store = await openStore({ kind: 'sqlite', path: path.join(dir, 'sessions.db') });
    cleanups.push(() => store.close());
    const both = { ...cfg, directories: [...cfg.directories, other] };
    await new InventoryService({ config: both, cache: new StoreCache(store) }).scan();
    expect((await store.listModels()).map((r) => r.id).sort()).toEqual(['a', 'b', 'c']);

    fs.rmSync(path.join(dir, 'b.gguf'));
    // This scan does not look at `other`: c must survive; b's file is gone: b must go.
    const after = await new InventoryService({ config: cfg, cache: new StoreCache(store) }).scan();
    expect(after.models.map((m) => m.id).sort()).toEqual(['a']);
    expect((await store.listModels()).map((r) => r.id).sort()).toEqual(['a', 'c']);
  });
});
