// Rewrites the config file atomically: the new text goes to a temporary file
// beside the real one (same folder, so the rename cannot cross file systems),
// is flushed to disk, and then renamed over it; a crash leaves the old file or
// the new one, never half of either. A config that is a symbolic link (dotfile
// managers do that) is written where the link points, so the link stays.
import fs from 'node:fs';
import path from 'node:path';
import type { EditResult } from './toml-edit.js';

export class ConfigEditError extends Error {
  override name = 'ConfigEditError';
}

function realTarget(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

/** Writes `text` to `file` atomically, keeping the file's permissions (0600 for a new file). */
export function writeFileAtomic(file: string, text: string): void {
  const target = realTarget(file);
  let mode = 0o600;
  try {
    mode = fs.statSync(target).mode & 0o777;
  } catch {
    fs.mkdirSync(path.dirname(target), { recursive: true });
  }
  const tmp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.tmp-${process.pid}-${Date.now()}`,
  );
  const fd = fs.openSync(tmp, 'wx', mode);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  fs.closeSync(fd);
  try {
    fs.renameSync(tmp, target);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** The file's text, or "" when it does not exist yet. */
export function readConfigText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw e;
  }
}

/**
 * Applies a text edit to the config file and writes the result atomically.
 * Throws ConfigEditError (nothing written) when the edit is refused.
 */
export function editConfigFile(file: string, edit: (text: string) => EditResult): string {
  const before = readConfigText(file);
  const result = edit(before);
  if (!result.ok) throw new ConfigEditError(`cannot change ${file}: ${result.reason}`);
  if (result.text !== before) writeFileAtomic(file, result.text);
  return result.text;
}
