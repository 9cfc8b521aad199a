// File-system helpers for attachments that the media services do not cover:
// the picker's list of image and audio files under the working folder, a
// typed path made absolute, and the system's viewer for a picture.
import { readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { mediaByName } from '../app/index.js';

/** Folders never walked for the picker (big, and never what a person attaches from). */
const SKIP = new Set(['node_modules', '.git', 'dist', 'target', '.cache', '__pycache__']);
/** The picker lists at most this many files, this deep. */
const MAX_FILES = 2000;
const MAX_DEPTH = 5;

/** Image and audio files under `root` (relative paths, breadth first: the nearest first). */
export async function listMediaFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  let level = [''];
  for (let depth = 0; depth <= MAX_DEPTH && level.length > 0 && out.length < MAX_FILES; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      let entries;
      try {
        entries = await readdir(path.join(root, dir), { withFileTypes: true });
      } catch {
        continue;
      }
      entries.sort((a, b) => a.name.localeCompare(b.name));
      for (const e of entries) {
        const rel = dir === '' ? e.name : `${dir}/${e.name}`;
        if (e.isDirectory()) {
          if (!e.name.startsWith('.') && !SKIP.has(e.name)) next.push(rel);
        } else if (e.isFile() && mediaByName(e.name) !== undefined) {
          out.push(rel);
          if (out.length >= MAX_FILES) break;
        }
      }
    }
    level = next;
  }
  return out;
}

/** A typed path made absolute: `~` is the home folder, relative paths start at `cwd`. */
export function resolvePath(typed: string, cwd: string = process.cwd()): string {
  const t = typed.trim();
  if (t === '~') return homedir();
  if (t.startsWith('~/')) return path.join(homedir(), t.slice(2));
  return path.resolve(cwd, t);
}

/** The platform's "open with the default application" command. */
function opener(): { cmd: string; args: string[] } {
  if (process.platform === 'darwin') return { cmd: 'open', args: [] };
  if (process.platform === 'win32') return { cmd: 'cmd', args: ['/c', 'start', ''] };
  return { cmd: 'xdg-open', args: [] };
}

/**
 * Opens `file` in the system's viewer, detached (the app keeps the terminal);
 * resolves with undefined once started, or a message naming the tool missing.
 */
export function openInViewer(file: string): Promise<string | undefined> {
  const { cmd, args } = opener();
  return new Promise((resolve) => {
    try {
      const { spawn } = process.getBuiltinModule('node:child_process');
      const child = spawn(cmd, [...args, file], { detached: true, stdio: 'ignore' });
      child.once('error', () => {
        resolve(`No viewer: ${cmd} was not found (install xdg-utils, or open ${file} yourself)`);
      });
      child.once('spawn', () => {
        child.unref();
        resolve(undefined);
      });
    } catch (e) {
      resolve(`No viewer: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
}
