// The Inventory port: model discovery as the runtime and the CLI see it.
// Implemented by services/inventory.
import type { InventoryEvent, ModelDescription, ScanResult } from './model.js';

export interface ScanOptions {
  /** Ignore cached descriptions and read every header again. */
  readonly refresh?: boolean;
}

export interface Inventory {
  /** Scans every enabled source; concurrent calls share one scan. */
  scan(options?: ScanOptions): Promise<ScanResult>;
  /** The models of the last scan. */
  list(): readonly ModelDescription[];
  /** By id, or by path of the model or one of its files. */
  get(idOrPath: string): ModelDescription | undefined;
  /** Computes (or returns the cached) sha256, emitting progress events. */
  checksum(id: string, signal?: AbortSignal): Promise<string>;
  /** Starts watching the scanned folders; changes trigger a debounced rescan. */
  watch(): void;
  subscribe(listener: (event: InventoryEvent) => void): () => void;
  close(): Promise<void>;
}
