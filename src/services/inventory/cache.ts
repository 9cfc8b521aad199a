// The scan cache: what was read from a model's headers, keyed by its path and
// valid while path+size+mtime of every file it depends on (the signature) are
// unchanged. Three homes: memory (tests), a JSON file under the cache
// directory, and the session store's models table (the JSON goes in the
// `capabilities` column under "inventory").
import fs from 'node:fs/promises';
import path from 'node:path';
import type { JsonObject } from '../../domain/session.js';
import type { SessionStore } from '../../domain/store.js';
import type { ModelDescription } from '../../domain/model.js';
import { isRecord } from './bounded-read.js';
import type { ModelFacts } from './facts.js';

export interface CacheEntry {
  readonly path: string;
  readonly id: string;
  readonly signature: string;
  readonly facts: ModelFacts;
  readonly sha256: string | null;
  /** The signature the checksum was computed for. */
  readonly sha256Signature: string | null;
  readonly lastUsed: string | null;
}

export interface FactsCache {
  load(): Promise<void>;
  get(modelPath: string): CacheEntry | undefined;
  put(entry: CacheEntry, description?: ModelDescription): void;
  /** Every cached model path. */
  paths(): string[];
  /** Drops a model whose files are gone; written back on flush. */
  remove(modelPath: string): void;
  flush(): Promise<void>;
}

// Bumped whenever the readers conclude differently from the same bytes (2: GGUF
// types 40/41 and unknown types, safetensors layout checks), so old facts are re-read.
const CACHE_VERSION = 2;

function isEntry(v: unknown): v is CacheEntry {
  return (
    isRecord(v) &&
    typeof v.path === 'string' &&
    typeof v.id === 'string' &&
    typeof v.signature === 'string' &&
    isRecord(v.facts)
  );
}

export class MemoryCache implements FactsCache {
  protected readonly entries = new Map<string, CacheEntry>();
  protected readonly dirty = new Map<
    string,
    { entry: CacheEntry; description?: ModelDescription }
  >();
  load(): Promise<void> {
    return Promise.resolve();
  }
  get(modelPath: string): CacheEntry | undefined {
    return this.entries.get(modelPath);
  }
  /** Ids of removed entries, by path, not yet written back. */
  protected readonly removed = new Map<string, string>();
  put(entry: CacheEntry, description?: ModelDescription): void {
    this.entries.set(entry.path, entry);
    this.removed.delete(entry.path);
    this.dirty.set(entry.path, description ? { entry, description } : { entry });
  }
  paths(): string[] {
    return [...this.entries.keys()];
  }
  remove(modelPath: string): void {
    const entry = this.entries.get(modelPath);
    if (entry === undefined) return;
    this.entries.delete(modelPath);
    this.dirty.delete(modelPath);
    this.removed.set(modelPath, entry.id);
  }
  flush(): Promise<void> {
    this.dirty.clear();
    this.removed.clear();
    return Promise.resolve();
  }
}

/** `inventory-cache.json` in the cache directory; written atomically, ignored when corrupt. */
export class JsonFileCache extends MemoryCache {
  constructor(private readonly file: string) {
    super();
  }
  override async load(): Promise<void> {
    try {
      const text = await fs.readFile(this.file, 'utf8');
      const v = JSON.parse(text) as unknown;
      if (!isRecord(v) || v.version !== CACHE_VERSION || !Array.isArray(v.entries)) return;
      for (const e of v.entries) if (isEntry(e)) this.entries.set(e.path, e);
    } catch {
      // A missing or corrupt cache only costs a cold scan.
    }
  }
  override async flush(): Promise<void> {
    if (this.dirty.size === 0 && this.removed.size === 0) return;
    this.dirty.clear();
    this.removed.clear();
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await fs.writeFile(
      tmp,
      JSON.stringify({ version: CACHE_VERSION, entries: [...this.entries.values()] }),
    );
    await fs.rename(tmp, this.file);
  }
}

/** The session store's models table. Only changed entries are written back. */
export class StoreCache extends MemoryCache {
  /** Other keys of each row's capabilities, kept when the inventory entry is rewritten. */
  private readonly capabilities = new Map<string, JsonObject>();
  constructor(private readonly store: SessionStore) {
    super();
  }
  override async load(): Promise<void> {
    for (const r of await this.store.listModels()) {
      this.capabilities.set(r.id, r.capabilities);
      const inv = r.capabilities.inventory;
      if (!isRecord(inv) || inv.version !== CACHE_VERSION) continue;
      const e = { ...(inv.entry as object), lastUsed: r.lastUsed } as unknown;
      if (isEntry(e)) this.entries.set(e.path, e);
    }
  }
  override async flush(): Promise<void> {
    const batch = [...this.dirty.values()];
    const gone = [...this.removed.values()];
    this.dirty.clear();
    this.removed.clear();
    for (const id of gone) {
      // Another model may have taken the id since; only forget rows nobody re-wrote.
      if (!batch.some((b) => b.entry.id === id)) await this.store.deleteModel(id);
      this.capabilities.delete(id);
    }
    for (const { entry, description: d } of batch) {
      const { lastUsed: _lastUsed, ...stored } = entry;
      await this.store.upsertModel({
        id: entry.id,
        name: d?.name ?? entry.facts.name,
        path: entry.path,
        format: entry.facts.format,
        kind: entry.facts.kind,
        sizeBytes: d?.sizeBytes ?? entry.facts.weightsBytes,
        sha256: entry.sha256,
        capabilities: {
          ...this.capabilities.get(entry.id),
          inventory: { version: CACHE_VERSION, entry: stored as unknown as JsonObject },
        },
      });
    }
  }
}
