// The Inventory port's implementation: scans (one at a time; callers during a
// scan share it), keeps the last result, computes checksums on request, and
// watches every folder the scans list with non-recursive fs.watch,
// rescanning after a quiet period. Everything the UI needs arrives as
// InventoryEvent values through subscribe(), the service-event queue of
// architecture §6.
import fs, { type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { Inventory, ScanOptions } from '../../domain/inventory.js';
import type { InventoryEvent, ModelDescription } from '../../domain/model.js';
import type { FactsCache } from './cache.js';
import { modelSha256 } from './checksum.js';
import { scannedFolders } from './folders.js';
import { runScan, type ScanConfig, type ScanOutcome } from './scan.js';

/** inotify watches are a per-user kernel budget (8192 on older kernels); stay well inside it. */
export const MAX_WATCHED = 4096;

/**
 * Where to watch for `p`: the folder itself, the folder of a file, or the
 * nearest existing ancestor of a missing path, with the name under it that
 * leads to `p` (only changes to that name matter there: the ancestor of a
 * missing ~/.models is the busy home folder).
 */
function watchPoint(p: string): { dir: string; only?: string } | undefined {
  let cur = p;
  let below: string | undefined;
  for (;;) {
    try {
      if (fs.statSync(cur).isDirectory())
        return below === undefined ? { dir: cur } : { dir: cur, only: below };
      return { dir: path.dirname(cur) };
    } catch {
      const up = path.dirname(cur);
      if (up === cur) return undefined;
      below = path.basename(cur);
      cur = up;
    }
  }
}

export interface InventoryServiceOptions {
  readonly config: ScanConfig;
  readonly cache: FactsCache;
  /** Quiet period after the last file event before rescanning. */
  readonly debounceMs?: number;
}

export class InventoryService implements Inventory {
  private last: ScanOutcome | undefined;
  private running: Promise<ScanOutcome> | undefined;
  private again: { refresh: boolean; reason: 'refresh' | 'watch' } | undefined;
  private readonly listeners = new Set<(e: InventoryEvent) => void>();
  private readonly watchers = new Map<string, FSWatcher>();
  /** Per watched folder, the names whose changes matter (null: all); see watchPoint. */
  private watchFilter = new Map<string, Set<string> | null>();
  private watching = false;
  private warnedLimit = false;
  private watchSynced = false;
  private timer: NodeJS.Timeout | undefined;
  private loaded = false;
  private closed = false;

  constructor(private readonly options: InventoryServiceOptions) {}

  subscribe(listener: (event: InventoryEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: InventoryEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // A listener's failure is the listener's problem; the others still hear.
      }
    }
  }

  scan(options: ScanOptions = {}): Promise<ScanOutcome> {
    return this.scanFor(options.refresh === true ? 'refresh' : 'start', options.refresh === true);
  }

  private scanFor(reason: 'start' | 'refresh' | 'watch', refresh: boolean): Promise<ScanOutcome> {
    if (this.running) {
      // A change during a scan may have been missed by it: run once more afterwards.
      if (reason !== 'start')
        this.again = { refresh: refresh || (this.again?.refresh ?? false), reason };
      return this.running;
    }
    const run = async (): Promise<ScanOutcome> => {
      if (!this.loaded) {
        await this.options.cache.load();
        this.loaded = true;
      }
      this.emit({ type: 'inventory.scan-started', reason });
      const before = new Map((this.last?.models ?? []).map((m) => [m.id, JSON.stringify(m)]));
      const result = await runScan(this.options.config, this.options.cache, { refresh });
      this.last = result;
      this.syncWatchers();
      const after = new Map(result.models.map((m) => [m.id, JSON.stringify(m)]));
      this.emit({
        type: 'inventory.updated',
        result,
        added: [...after.keys()].filter((id) => !before.has(id)),
        removed: [...before.keys()].filter((id) => !after.has(id)),
        changed: [...after]
          .filter(([id, j]) => before.has(id) && before.get(id) !== j)
          .map(([id]) => id),
      });
      return result;
    };
    this.running = run().finally(() => {
      this.running = undefined;
      const again = this.again;
      this.again = undefined;
      if (again && !this.closed) {
        this.scanFor(again.reason, again.refresh).catch((err: unknown) => {
          this.emit({
            type: 'inventory.error',
            message: `rescan failed: ${(err as Error).message}`,
          });
        });
      }
    });
    return this.running;
  }

  list(): readonly ModelDescription[] {
    return this.last?.models ?? [];
  }

  get(idOrPath: string): ModelDescription | undefined {
    const models = this.list();
    const exact = models.find((m) => m.id === idOrPath);
    if (exact) return exact;
    const abs = path.resolve(idOrPath);
    const byPath = models.find((m) => m.path === abs || m.files.some((f) => f.path === abs));
    if (byPath) return byPath;
    // A unique case-insensitive suffix ("SmolLM2-135M" for "org/SmolLM2-135M").
    const lower = idOrPath.toLowerCase();
    const tail = models.filter((m) => m.id.toLowerCase().endsWith(`/${lower}`));
    return tail.length === 1 ? tail[0] : undefined;
  }

  async checksum(id: string, signal?: AbortSignal): Promise<string> {
    const model = this.get(id);
    if (!model) throw new Error(`no model "${id}" in the last scan`);
    if (model.sha256 !== null) return model.sha256;
    const sha = await modelSha256(
      model.files,
      (bytesDone, bytesTotal) => {
        this.emit({
          type: 'inventory.checksum-progress',
          progress: { id: model.id, bytesDone, bytesTotal },
        });
      },
      signal,
    );
    const entry = this.options.cache.get(model.path);
    const updated: ModelDescription = { ...model, sha256: sha };
    if (entry) {
      this.options.cache.put({ ...entry, sha256: sha, sha256Signature: entry.signature }, updated);
      await this.options.cache.flush();
    }
    if (this.last) {
      const last = this.last;
      this.last = { ...last, models: last.models.map((m) => (m.id === model.id ? updated : m)) };
    }
    this.emit({ type: 'inventory.checksum-done', id: model.id, sha256: sha });
    return sha;
  }

  /** Checksums every model that has none yet, one after another (background work). */
  async checksumAll(signal?: AbortSignal): Promise<void> {
    for (const m of this.list()) {
      if (signal?.aborted === true || this.closed) return;
      if (m.sha256 === null) await this.checksum(m.id, signal);
    }
  }

  watch(): void {
    if (this.watching || this.closed) return;
    this.watching = true;
    this.syncWatchers();
  }

  /**
   * One non-recursive watcher per folder the last scan listed (inotify
   * reports entries created, removed, renamed or written in a folder), plus
   * the nearest existing parent of each root that does not exist yet. Synced
   * after every scan, so new folders are watched and gone ones released.
   * Cheaper than fs.watch's recursive mode, which on Linux watches every file.
   */
  private syncWatchers(): void {
    if (!this.watching || this.closed) return;
    // Folder -> the names whose changes matter there; null: every change.
    const want = new Map<string, Set<string> | null>();
    for (const dir of this.last?.watchDirs ?? []) want.set(dir, null);
    const roots = [...(this.last?.roots ?? this.rootsFromConfig())];
    if (this.options.config.inventoryFile !== null) roots.push(this.options.config.inventoryFile);
    for (const root of roots) {
      const at = watchPoint(root);
      if (at === undefined) continue;
      const had = want.get(at.dir);
      if (at.only === undefined || had === null) want.set(at.dir, null);
      else want.set(at.dir, new Set([...(had ?? []), at.only]));
    }
    this.watchFilter = want;
    for (const [dir, w] of this.watchers) {
      if (!want.has(dir)) {
        w.close();
        this.watchers.delete(dir);
      }
    }
    let added = 0;
    for (const dir of want.keys()) {
      if (this.watchers.has(dir)) continue;
      if (this.watchers.size >= MAX_WATCHED) {
        if (!this.warnedLimit) {
          this.warnedLimit = true;
          this.emit({
            type: 'inventory.error',
            message: `watching only ${MAX_WATCHED} folders; changes elsewhere need a manual refresh`,
          });
        }
        break;
      }
      try {
        const w = fs.watch(dir, { persistent: false }, (_event, name) => {
          const only = this.watchFilter.get(dir);
          if (only !== undefined && only !== null && name !== null && !only.has(name)) return;
          this.poke();
        });
        w.on('error', () => {
          // The folder went away; the rescan this triggers settles the watch list.
          w.close();
          this.watchers.delete(dir);
          this.poke();
        });
        this.watchers.set(dir, w);
        added++;
      } catch {
        // Vanished since the scan listed it; the next scan knows.
      }
    }
    // A file created in a new folder between the scan's listing and its watch
    // would go unseen; one more (cheap, cached) scan closes that window.
    if (added > 0 && this.watchSynced) this.poke();
    this.watchSynced = true;
  }

  /** Folders watched now (for tests and the status view). */
  watchedCount(): number {
    return this.watchers.size;
  }

  private rootsFromConfig(): string[] {
    return scannedFolders(this.options.config).map((f) => f.path);
  }

  private poke(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.scanFor('watch', false).catch((err: unknown) => {
        this.emit({ type: 'inventory.error', message: `rescan failed: ${(err as Error).message}` });
      });
    }, this.options.debounceMs ?? 300);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
    await this.running?.catch(() => undefined);
    await this.options.cache.flush().catch(() => undefined);
  }
}
