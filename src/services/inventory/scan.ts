// One scan: find candidates in every enabled source, read the headers of those
// whose files changed (bounded concurrency), reuse the cache for the rest,
// apply MODEL_INVENTORY.json overrides, make ids unique, and derive the memory
// estimate and launch arguments from the current config. Never throws for bad
// input: every problem is a warning with its path and reason.
import fs from 'node:fs/promises';
import path from 'node:path';
import type {
  InventoryWarning,
  ModelDescription,
  ModelFolder,
  ScanResult,
} from '../../domain/model.js';
import { FormatError } from './bounded-read.js';
import type { CacheEntry, FactsCache } from './cache.js';
import { estimateMemory } from './estimate.js';
import { type FolderConfig, scannedFolders } from './folders.js';
import { readFacts, type ModelFacts } from './facts.js';
import { readInventoryFile, type InventoryEntry } from './inventory-file.js';
import { buildLaunch, type LaunchOptions } from './launch.js';
import {
  newWalkContext,
  scanHfCache,
  walkForModels,
  type Candidate,
  type WalkContext,
} from './sources.js';

export interface ScanConfig extends FolderConfig {
  readonly estimateContext: number;
  readonly launch: LaunchOptions;
  /** Models read at once; default 8. */
  readonly concurrency?: number;
}

export interface ScanOutcome extends ScanResult {
  /** Folders a watcher should watch. */
  readonly roots: readonly string[];
  /** Every folder the scan listed (a watcher watches each, non-recursively). */
  readonly watchDirs: readonly string[];
}

export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

async function gatherCandidates(
  folders: readonly ModelFolder[],
  ctx: WalkContext,
  entries: readonly InventoryEntry[],
): Promise<Candidate[]> {
  const all: Candidate[] = [];
  for (const e of entries) {
    const found = await walkEntry(e, ctx);
    if (found.length === 0) {
      ctx.warnings.push({
        path: e.path,
        message: `MODEL_INVENTORY.json entry "${e.id}": no model found here`,
      });
    }
    all.push(...found);
  }
  const plain = { repoId: null, revision: null };
  for (const f of folders) {
    switch (f.kind) {
      case 'inventory-file':
        // Its entries were walked above.
        break;
      case 'hf-cache':
        all.push(...(await scanHfCache(f.path, ctx)));
        break;
      case 'directory':
      case 'dir-option':
        // A named folder that is missing is a warning (walkForModels reports it).
        all.push(...(await walkForModels(f.path, { source: 'directory', ...plain }, ctx)));
        break;
      case 'dot-models':
      case 'home-models':
        // The conventional folders are looked in when they exist; their absence is normal.
        if (f.exists)
          all.push(...(await walkForModels(f.path, { source: 'dot-models', ...plain }, ctx)));
        break;
    }
  }
  // The same file reached through two sources (a symlink, an overlapping folder) counts once.
  const seen = new Set<string>();
  return all.filter((c) => (seen.has(c.path) ? false : (seen.add(c.path), true)));
}

async function walkEntry(e: InventoryEntry, ctx: WalkContext): Promise<Candidate[]> {
  const fs = await import('node:fs/promises');
  let st;
  try {
    st = await fs.stat(e.path);
  } catch (err) {
    ctx.warnings.push({
      path: e.path,
      message: `MODEL_INVENTORY.json entry "${e.id}": ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'path does not exist' : (err as Error).message}`,
    });
    return [];
  }
  const origin = { source: 'inventory-file' as const, repoId: null, revision: null };
  if (st.isDirectory()) return walkForModels(e.path, origin, ctx);
  // A single file: walk its folder and keep the candidate for this file (with its split parts).
  const dir = path.dirname(e.path);
  const found = await walkForModels(dir, { ...origin, root: dir }, newWalkContext(ctx.warnings));
  return found.filter((c) => c.path === e.path || c.weightFiles.some((f) => f.path === e.path));
}

function entryFor(c: Candidate, entries: readonly InventoryEntry[]): InventoryEntry | undefined {
  return entries.find(
    (e) =>
      e.path === c.path || e.path === c.modelDir || c.weightFiles.some((f) => f.path === e.path),
  );
}

function uniqueIds(ids: readonly string[]): string[] {
  const count = new Map<string, number>();
  return ids.map((id) => {
    const n = (count.get(id) ?? 0) + 1;
    count.set(id, n);
    return n === 1 ? id : `${id}~${n}`;
  });
}

/**
 * Forgets cached models whose files are gone. Only a missing path counts: a
 * model merely outside this scan's sources (e.g. `models --dir X`) is kept.
 */
async function pruneVanished(cache: FactsCache, seen: ReadonlySet<string>): Promise<void> {
  for (const p of cache.paths()) {
    if (seen.has(p)) continue;
    try {
      await fs.stat(p);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') cache.remove(p);
    }
  }
}

export async function runScan(
  cfg: ScanConfig,
  cache: FactsCache,
  options: { readonly refresh?: boolean } = {},
): Promise<ScanOutcome> {
  const started = performance.now();
  const warnings: InventoryWarning[] = [];
  const inv = cfg.inventoryFile !== null ? await readInventoryFile(cfg.inventoryFile) : undefined;
  warnings.push(...(inv?.warnings ?? []));
  const entries = inv?.entries ?? [];
  const ctx = newWalkContext(warnings);
  const folders = scannedFolders(cfg);
  const candidates = await gatherCandidates(folders, ctx, entries);

  let bytesRead = 0;
  let parsed = 0;
  let cached = 0;
  const read = await mapLimit(candidates, cfg.concurrency ?? 8, async (c) => {
    const hit = cache.get(c.path);
    if (hit?.signature === c.signature && options.refresh !== true) {
      cached++;
      return { c, facts: hit.facts, hit };
    }
    try {
      const r = await readFacts(c);
      bytesRead += r.bytesRead;
      parsed++;
      return { c, facts: r.facts, hit };
    } catch (err) {
      const message =
        err instanceof FormatError ? err.message : `cannot read: ${(err as Error).message}`;
      warnings.push({ path: c.path, message });
      return undefined;
    }
  });
  const ok = read.filter((r): r is NonNullable<typeof r> => r !== undefined);
  const proposed = ok.map(({ c }) => entryFor(c, entries)?.id ?? c.id);
  const ids = uniqueIds(proposed);

  const models: ModelDescription[] = ok.map(({ c, facts, hit }, i) => {
    const id = ids[i] ?? c.id;
    const entry = entryFor(c, entries);
    const d = describe(c, facts, id, entry, hit, cfg);
    const sigOk = hit?.sha256Signature === c.signature;
    const next: CacheEntry = {
      path: c.path,
      id,
      signature: c.signature,
      facts,
      sha256: sigOk ? hit.sha256 : null,
      sha256Signature: sigOk ? c.signature : null,
      lastUsed: hit?.lastUsed ?? null,
    };
    if (hit?.signature !== c.signature || hit.id !== id) cache.put(next, d);
    return d;
  });
  await pruneVanished(cache, new Set(candidates.map((c) => c.path)));
  try {
    await cache.flush();
  } catch (err) {
    warnings.push({
      path: '(cache)',
      message: `could not save the scan cache: ${(err as Error).message}`,
    });
  }
  models.sort((a, b) => a.id.localeCompare(b.id));
  const roots = [
    ...folders.filter((f) => f.kind !== 'inventory-file').map((f) => f.path),
    ...entries.map((e) => e.path),
  ];
  return {
    models,
    warnings,
    folders,
    roots,
    watchDirs: [...ctx.visited],
    stats: { durationMs: performance.now() - started, bytesRead, parsed, cached },
    finishedAt: new Date().toISOString(),
  };
}

function describe(
  c: Candidate,
  f: ModelFacts,
  id: string,
  entry: InventoryEntry | undefined,
  hit: CacheEntry | undefined,
  cfg: ScanConfig,
): ModelDescription {
  const overridden: string[] = [];
  const pick = <T>(key: string, fromEntry: T | undefined, inferred: T): T => {
    if (fromEntry === undefined) return inferred;
    overridden.push(key);
    return fromEntry;
  };
  if (entry && entry.id !== c.id) overridden.push('id');
  const kind = pick('kind', entry?.kind, f.kind);
  const format = pick('format', entry?.format, f.format);
  const files = c.weightFiles.filter((w) => f.weightPaths.includes(w.path));
  const memory = estimateMemory({
    kind,
    weightsBytes: f.weightsBytes,
    blockCount: f.blockCount,
    kvHeadCount: f.kvHeadCount,
    headCount: f.headCount,
    embeddingLength: f.embeddingLength,
    headDim: f.headDim,
    contextLength: f.contextLength,
    configuredContext: cfg.estimateContext,
  });
  const launch = buildLaunch(
    {
      kind,
      format,
      modelDir: c.modelDir,
      ggufFiles: format === 'gguf' ? f.weightPaths : [],
      ...(entry?.launchArgs ? { modelArgs: entry.launchArgs } : {}),
    },
    cfg.launch,
  );
  const name = entry?.name ?? f.name ?? c.repoId ?? path.basename(c.path).replace(/\.gguf$/i, '');
  return {
    id,
    name,
    source: c.source,
    path: c.path,
    files: files.map((w) => ({ path: w.path, sizeBytes: w.size, mtimeMs: w.mtimeMs })),
    format,
    kind,
    kindReason: entry?.kind !== undefined ? 'set in MODEL_INVENTORY.json' : f.kindReason,
    architecture: f.architecture,
    parameters: f.parameters,
    quantization: pick('quantization', entry?.quantization, f.quantization),
    contextLength: f.contextLength,
    embeddingLength: f.embeddingLength,
    blockCount: f.blockCount,
    headCount: f.headCount,
    kvHeadCount: f.kvHeadCount,
    chatTemplate: f.chatTemplate,
    tokenizer: f.tokenizer,
    sizeBytes: c.sizeBytes,
    memory,
    sha256: hit?.sha256Signature === c.signature ? (hit.sha256 ?? null) : null,
    lastUsed: hit?.lastUsed ?? null,
    launch,
    revision: c.revision,
    notes: entry?.notes ?? null,
    overridden,
    warnings: f.warnings,
  };
}
