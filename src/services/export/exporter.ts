// The TUI's session export: a path as the user typed it (`~` is the home
// folder, relative paths start at the working folder) made absolute, an
// existence check (the app asks before replacing a file), and the same
// rendering and atomic write as `mistralrs-tui sessions export`.
import fs from 'node:fs';
import path from 'node:path';
import type { SessionExporter } from '../../domain/ports.js';
import { writeAttachmentFiles } from './attachment-files.js';
import { renderSession, writeFileAtomic } from './files.js';

export function expandPath(typed: string, home: string, cwd: string): string {
  const t = typed.trim();
  if (t === '~') return path.resolve(home);
  if (t.startsWith('~/') || t.startsWith(`~${path.sep}`)) return path.resolve(home, t.slice(2));
  return path.resolve(cwd, t);
}

export function createSessionExporter(home: string, cwd = process.cwd()): SessionExporter {
  return {
    resolve: (typed) => expandPath(typed, home, cwd),
    existing: (file) => {
      try {
        return fs.statSync(file).isDirectory() ? 'folder' : 'file';
      } catch {
        return undefined;
      }
    },
    write: (file, bundle, format) => {
      // The pictures first: the .md never links a file not yet written.
      if (format === 'md') writeAttachmentFiles(file, bundle);
      writeFileAtomic(file, renderSession(bundle, format));
    },
  };
}
