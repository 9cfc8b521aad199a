// How the commands name the places model discovery looks in. The list itself
// comes from the scan (services/inventory/folders.ts), so what is printed is
// what was scanned: absolute paths, what each is, and whether it exists.
import { FOLDER_KIND_LABEL, type ModelDescription, type ModelFolder } from '../domain/model.js';
import { dim, shown, type Out } from './output.js';

/** One indented line per place: path, what it is, and "does not exist" where so. */
export function folderLines(out: Out, folders: readonly ModelFolder[]): string[] {
  if (folders.length === 0)
    return [`  ${dim(out, '(none: every source is switched off under [inventory])')}`];
  // Paths are file text: inert on a terminal like every other name from disk.
  const paths = folders.map((f) => shown(out, f.path));
  const width = Math.max(...paths.map((p) => p.length));
  return folders.map((f, i) => {
    const what = `${FOLDER_KIND_LABEL[f.kind]}${f.exists ? '' : ', does not exist'}`;
    return `  ${(paths[i] ?? '').padEnd(width)}  ${dim(out, what)}`;
  });
}

/** How to make more models visible: the folder to drop files in, --dir, the config key. */
export function addModelsHint(folders: readonly ModelFolder[], configFile?: string): string {
  const home = folders.find((f) => f.kind === 'home-models');
  const drop =
    home !== undefined ? `put GGUF or safetensors models in ${home.path}, ` : 'put models in one, ';
  const where = configFile !== undefined ? ` in ${configFile}` : '';
  return `To add models: ${drop}scan another folder with --dir PATH, or list it under [inventory] directories${where}.`;
}

/**
 * Why `id` was not found: the near ids, the folders looked in, and how to
 * look in another (a model found by `models --dir X` needs the same --dir).
 */
export function noModelText(
  out: Out,
  id: string,
  models: readonly ModelDescription[],
  folders: readonly ModelFolder[],
): string {
  const near = models
    .filter((x) => x.id.toLowerCase().includes(id.toLowerCase()))
    .map((x) => shown(out, x.id));
  return [
    `no model "${shown(out, id)}".${near.length > 0 ? ` Did you mean: ${near.slice(0, 5).join(', ')}?` : ''} Looked in:`,
    ...folderLines(out, folders),
    'A model in another folder needs that folder: --dir PATH (as given to `models`).',
    'List them with: mistralrs-tui models',
  ].join('\n');
}
