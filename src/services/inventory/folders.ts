// The one list of places model discovery looks in. The scan walks exactly
// these, and every screen and command that names folders (the welcome, the
// empty models tab, `models`, `models show`, the dry run) shows this list, so
// what is said and what is scanned cannot drift apart.
import fs from 'node:fs';
import path from 'node:path';
import type { ModelFolder, ModelFolderKind } from '../../domain/model.js';

/** The places a scan is configured to look in (scan.ts's ScanConfig has them and more). */
export interface FolderConfig {
  /** Absolute folders from inventory.directories. */
  readonly directories: readonly string[];
  /** Absolute folders from --dir, scanned like `directories`. */
  readonly extraDirectories?: readonly string[];
  /** The HF hub folder, or null when the HF cache is not scanned. */
  readonly hfHubDir: string | null;
  /** ./.models (in the current directory), or null when not scanned. */
  readonly dotModelsDir: string | null;
  /** ~/.models, or null when not scanned. */
  readonly homeModelsDir?: string | null;
  /** MODEL_INVENTORY.json to read, or null. */
  readonly inventoryFile: string | null;
}

/** What identifies a folder: its real path when it exists (symlinks, `.` and `..` resolved). */
function identity(p: string): { key: string; exists: boolean } {
  try {
    return { key: fs.realpathSync(p), exists: true };
  } catch {
    return { key: path.resolve(p), exists: false };
  }
}

/**
 * Every place the scan described by `cfg` looks in, in scan order: the
 * MODEL_INVENTORY.json, the Hugging Face cache, inventory.directories, --dir,
 * ./.models, ~/.models. A place named twice (./.models when the current
 * directory is the home folder, a configured folder that is ~/.models) is
 * listed once, under its first name (~/.models rather than ./.models). Each is stat()ed once: whether it
 * exists is true at the time of the call.
 */
export function scannedFolders(cfg: FolderConfig): ModelFolder[] {
  const planned: [ModelFolderKind, string | null | undefined][] = [
    ['inventory-file', cfg.inventoryFile],
    ['hf-cache', cfg.hfHubDir],
    ...cfg.directories.map((d): [ModelFolderKind, string] => ['directory', d]),
    ...(cfg.extraDirectories ?? []).map((d): [ModelFolderKind, string] => ['dir-option', d]),
    ['dot-models', cfg.dotModelsDir],
    ['home-models', cfg.homeModelsDir],
  ];
  const seen = new Map<string, number>();
  const out: ModelFolder[] = [];
  for (const [kind, p] of planned) {
    if (p === null || p === undefined) continue;
    const abs = path.resolve(p);
    const { key, exists } = identity(abs);
    const at = seen.get(key);
    if (at === undefined) {
      seen.set(key, out.length);
      out.push({ path: abs, kind, exists });
    } else if (kind === 'home-models' && out[at]?.kind === 'dot-models') {
      // Run from the home folder, ./.models is ~/.models: the name that holds everywhere wins.
      out[at] = { ...out[at], kind };
    }
  }
  return out;
}
