// Where exports go: one file per session, named after its id, in a folder or
// at a path; or stdout for a single session without --output.
import fs from 'node:fs';
import path from 'node:path';
import type { ExportFormat, SessionBundle } from '../../domain/session.js';
import { sessionToJsonl } from './jsonl.js';
import { sessionToMarkdown } from './markdown.js';

export function renderSession(bundle: SessionBundle, format: ExportFormat): string {
  return format === 'md' ? sessionToMarkdown(bundle) : sessionToJsonl(bundle);
}

/**
 * The file each session goes to. Several sessions, or an existing folder, or
 * a path ending in a separator: files named `<id>.<format>` in that folder.
 * One session and another path: that file.
 */
export function exportPaths(
  ids: readonly string[],
  format: ExportFormat,
  output: string,
): string[] {
  const isDir =
    ids.length > 1 ||
    output.endsWith('/') ||
    output.endsWith(path.sep) ||
    (fs.existsSync(output) && fs.statSync(output).isDirectory());
  if (!isDir) return [path.resolve(output)];
  return ids.map((id) => path.resolve(output, `${id.replace(/[^\w.-]/g, '_')}.${format}`));
}

/** Writes through a temporary file and a rename, so a failed export leaves no half file. */
export function writeFileAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}
