// Model discovery (architecture §6, issue 7): sources, header readers, kind
// inference, estimates, checksums, cache and watcher. May import domain/ and
// config/. Entry points for the rest of the program; see docs/inventory.md.
import path from 'node:path';
import { expandHome } from '../../config/effective.js';
import type { AppPaths } from '../../config/paths.js';
import type { Config } from '../../config/schema.js';
import type { SessionStore } from '../../domain/store.js';
import { JsonFileCache, StoreCache, type FactsCache } from './cache.js';
import { locateInventoryFile } from './inventory-file.js';
import type { ScanConfig } from './scan.js';
import { InventoryService } from './service.js';
import { hfHubDir } from './sources.js';

export { InventoryService } from './service.js';
export { runScan, type ScanConfig, type ScanOutcome } from './scan.js';
export { scannedFolders } from './folders.js';
export { MemoryCache, JsonFileCache, StoreCache, type FactsCache } from './cache.js';
export { exportInventory, INVENTORY_FILE_NAME } from './inventory-file.js';
export { shellQuote, withPort } from './launch.js';

export interface ScanConfigInput {
  readonly config: Config;
  readonly paths: AppPaths;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly home: string;
  readonly cwd: string;
  /** --dir folders, added to inventory.directories. */
  readonly extraDirectories?: readonly string[];
}

export function scanConfigFrom(i: ScanConfigInput): ScanConfig {
  const inv = i.config.inventory;
  const l = i.config.launcher;
  const abs = (p: string): string => path.resolve(i.cwd, expandHome(p, i.home));
  const configured = inv.inventory_file !== undefined ? abs(inv.inventory_file) : undefined;
  const file = locateInventoryFile(configured, i.cwd, i.paths.configDir);
  return {
    directories: inv.directories.map(abs),
    extraDirectories: (i.extraDirectories ?? []).map(abs),
    hfHubDir: inv.include_hf_cache ? abs(hfHubDir(i.env, i.home)) : null,
    // Both: the welcome has always said ~/.models, and a project may keep its own.
    dotModelsDir: inv.include_dot_models ? path.join(i.cwd, '.models') : null,
    homeModelsDir: inv.include_dot_models ? path.join(path.resolve(i.home), '.models') : null,
    inventoryFile: file ?? null,
    estimateContext: inv.estimate_context,
    launch: {
      host: l.host,
      tokenSource: l.token_source,
      cpu: l.cpu,
      maxSeqLen: l.max_seq_len,
      extraArgs: l.extra_args,
    },
  };
}

/** The cache file used when no session store is open. */
export function jsonCachePath(paths: AppPaths): string {
  return path.join(paths.cacheDir, 'inventory-cache.json');
}

export function createInventory(
  scan: ScanConfig,
  where: { readonly store?: SessionStore; readonly paths: AppPaths },
  debounceMs?: number,
): InventoryService {
  const cache: FactsCache = where.store
    ? new StoreCache(where.store)
    : new JsonFileCache(jsonCachePath(where.paths));
  return new InventoryService({
    config: scan,
    cache,
    ...(debounceMs !== undefined ? { debounceMs } : {}),
  });
}
