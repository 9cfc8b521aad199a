// What model discovery knows about one model on disk: plain data, produced by
// services/inventory and shown by the CLI and the TUI. Imports nothing.

export type ModelFormat = 'gguf' | 'safetensors' | 'other';
export type ModelKind = 'text' | 'vision' | 'diffusion' | 'speech' | 'embedding';
export const MODEL_KINDS: readonly ModelKind[] = [
  'text',
  'vision',
  'diffusion',
  'speech',
  'embedding',
];
export const MODEL_FORMATS: readonly ModelFormat[] = ['gguf', 'safetensors', 'other'];

/** Where a model was found. */
export type ModelSource = 'inventory-file' | 'hf-cache' | 'directory' | 'dot-models';

/** One file that belongs to a model (weights, split parts, shards). */
export interface ModelFile {
  readonly path: string;
  readonly sizeBytes: number;
  readonly mtimeMs: number;
}

/**
 * Memory needed to run the model, in bytes. See docs/inventory.md for the formula:
 * total = weights + kvCache + overhead.
 */
export interface MemoryEstimate {
  readonly weightsBytes: number;
  /** 2 (K and V) x layers x context x KV heads x head dim x 2 bytes (f16); 0 when unknown. */
  readonly kvCacheBytes: number;
  readonly overheadBytes: number;
  readonly totalBytes: number;
  readonly contextTokens: number;
  /** Which inputs were missing, so the number is a lower bound. */
  readonly partial: boolean;
}

/** The `mistralrs serve` subcommand for a kind. */
export type ServeKind = 'text' | 'multimodal' | 'diffusion' | 'speech' | 'embedding';

/**
 * How mistral.rs's server (the `mistralrs` binary) is installed: its own
 * crate. Named wherever the binary is missing (welcome, launch key, doctor).
 */
export const MISTRALRS_INSTALL = 'cargo install mistralrs-cli --locked';

/**
 * How to launch the model. `argv` is everything after the `mistralrs` binary,
 * except the port: the launcher inserts `-p PORT` at `portIndex`.
 */
export interface LaunchSpec {
  readonly serveKind: ServeKind;
  readonly argv: readonly string[];
  readonly portIndex: number;
}

export interface ModelDescription {
  /** Hugging Face repo id ("org/name") or a path-derived id. Unique in one scan. */
  readonly id: string;
  readonly name: string;
  readonly source: ModelSource;
  /** The model's folder (safetensors, HF snapshot) or its main file (GGUF). */
  readonly path: string;
  /** Weight files: GGUF parts in order, safetensors shards. */
  readonly files: readonly ModelFile[];
  readonly format: ModelFormat;
  readonly kind: ModelKind;
  /** Why this kind was inferred, e.g. "config.json has vision_config". */
  readonly kindReason: string;
  readonly architecture: string | null;
  /** Parameter count from tensor shapes. */
  readonly parameters: number | null;
  /** GGUF file type (e.g. "Q4_1") or the dominant safetensors dtype (e.g. "BF16"). */
  readonly quantization: string | null;
  readonly contextLength: number | null;
  readonly embeddingLength: number | null;
  readonly blockCount: number | null;
  readonly headCount: number | null;
  readonly kvHeadCount: number | null;
  /** Whether a chat template ships with the model; null when unknown. */
  readonly chatTemplate: boolean | null;
  /** GGUF tokenizer model ("gpt2", "llama") or the tokenizer files found. */
  readonly tokenizer: string | null;
  /** Bytes on disk, each blob counted once. */
  readonly sizeBytes: number;
  readonly memory: MemoryEstimate;
  /** Whole-model checksum (sha256 of the main file, or of the file list's hashes). */
  readonly sha256: string | null;
  readonly lastUsed: string | null;
  readonly launch: LaunchSpec;
  /** HF cache revision (snapshot folder name). */
  readonly revision: string | null;
  readonly notes: string | null;
  /** Fields set by MODEL_INVENTORY.json rather than inferred. */
  readonly overridden: readonly string[];
  /** Problems that did not stop the model from being listed. */
  readonly warnings: readonly string[];
}

/** Something found while scanning that is not a usable model, with the reason. */
export interface InventoryWarning {
  readonly path: string;
  readonly message: string;
}

export interface ScanStats {
  readonly durationMs: number;
  /** Header bytes read from model files in this scan. */
  readonly bytesRead: number;
  /** Models whose files were read (the rest came from the cache). */
  readonly parsed: number;
  readonly cached: number;
}

/**
 * What a scanned place is: the Hugging Face cache, a folder from
 * inventory.directories or --dir, ./.models (the current directory),
 * ~/.models, or a MODEL_INVENTORY.json.
 */
export type ModelFolderKind =
  'hf-cache' | 'directory' | 'dir-option' | 'dot-models' | 'home-models' | 'inventory-file';

/** One place discovery looks in, as every screen and command names it. */
export interface ModelFolder {
  /** Absolute. */
  readonly path: string;
  readonly kind: ModelFolderKind;
  /** It was there when the scan looked (a missing one is looked in again by every scan). */
  readonly exists: boolean;
}

/** How each kind of folder is named next to its path, and where it is set. */
export const FOLDER_KIND_LABEL: Readonly<Record<ModelFolderKind, string>> = {
  'hf-cache': 'Hugging Face cache',
  directory: 'inventory.directories',
  'dir-option': '--dir',
  'dot-models': './.models',
  'home-models': '~/.models',
  'inventory-file': 'MODEL_INVENTORY.json',
};

export interface ScanResult {
  readonly models: readonly ModelDescription[];
  readonly warnings: readonly InventoryWarning[];
  /** Every place this scan looked in, in scan order, each once. */
  readonly folders: readonly ModelFolder[];
  readonly stats: ScanStats;
  readonly finishedAt: string;
}

export interface ChecksumProgress {
  readonly id: string;
  readonly bytesDone: number;
  readonly bytesTotal: number;
}

/** Service events for the UI queue (architecture §6). */
export type InventoryEvent =
  | { readonly type: 'inventory.scan-started'; readonly reason: 'start' | 'refresh' | 'watch' }
  | {
      readonly type: 'inventory.updated';
      readonly result: ScanResult;
      readonly added: readonly string[];
      readonly removed: readonly string[];
      readonly changed: readonly string[];
    }
  | { readonly type: 'inventory.checksum-progress'; readonly progress: ChecksumProgress }
  | { readonly type: 'inventory.checksum-done'; readonly id: string; readonly sha256: string }
  | { readonly type: 'inventory.error'; readonly message: string };

/**
 * A model id as the app shows it (status bar, reply headers, sessions, notices): a file-system path
 * (mistral.rs names a GGUF model after the folder it was loaded from) by its
 * last part, since the whole path would push everything else out; ids like
 * "org/name" whole.
 */
export function modelLabel(id: string): string {
  if (!/^(\/|~|\.{1,2}[\\/]|[A-Za-z]:[\\/])/.test(id)) return id;
  const parts = id.split(/[\\/]/).filter((p) => p !== '');
  return parts.length > 0 ? `…/${parts[parts.length - 1] ?? ''}` : id;
}

const trimSlash = (p: string): string => (p.length > 1 ? p.replace(/[\\/]+$/, '') : p);

/** The ids a server may know a model on disk by, exact ones (its id, its file, its name) first. */
function exactIds(m: ModelDescription): string[] {
  return [m.id, m.path, m.name].map(trimSlash);
}

/** The folder passed to `-m` when it is launched (mistral.rs names a GGUF model after it). */
function folderId(m: ModelDescription): string | undefined {
  const argv = m.launch.argv;
  const i = argv.indexOf('-m');
  const dir = i >= 0 ? argv[i + 1] : undefined;
  return dir !== undefined ? trimSlash(dir) : undefined;
}

/**
 * The model on disk that a server's model id names: one whose id, file or name
 * it is; else the one model found in the folder it is (mistral.rs 0.8.1 names
 * a GGUF model after the folder passed to -m). A folder that holds several
 * models names none of them: which one the server loaded is not known.
 */
export function diskModelFor(
  models: readonly ModelDescription[],
  serverId: string,
): ModelDescription | undefined {
  const id = trimSlash(serverId);
  const exact = models.find((m) => exactIds(m).includes(id));
  if (exact !== undefined) return exact;
  const inFolder = models.filter((m) => folderId(m) === id);
  return inFolder.length === 1 ? inFolder[0] : undefined;
}

const namesCache = new WeakMap<readonly ModelDescription[], Map<string, string>>();

/**
 * A server's model id as every screen names it: the id of the model on disk
 * it is (the same id the models tab, `models` and `serve` use), else
 * `modelLabel` of the id itself. Remembered per inventory, since the chat
 * names the model of every reply it lays out.
 */
export function modelName(models: readonly ModelDescription[], serverId: string): string {
  let names = namesCache.get(models);
  if (names === undefined) {
    names = new Map();
    namesCache.set(models, names);
  }
  let name = names.get(serverId);
  if (name === undefined) {
    name = diskModelFor(models, serverId)?.id ?? modelLabel(serverId);
    names.set(serverId, name);
  }
  return name;
}
