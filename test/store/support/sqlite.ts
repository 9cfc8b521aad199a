// A real SQLite file in a temporary folder per test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { harnessFor, type Harness } from './harness.js';

export function tempDir(prefix = 'mtui-store-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The attachment files under `root` (temporary files of a save in progress left out). */
export function attachmentFiles(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => /^[0-9a-f]{64}$/.test(path.basename(f)));
}

export function sqliteHarness(): Promise<Harness> {
  const dir = tempDir();
  const root = path.join(dir, 'attachments');
  return Promise.resolve(
    harnessFor(
      { kind: 'sqlite', path: path.join(dir, 'sessions.db') },
      () => {
        fs.rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
      {
        count: () => Promise.resolve(attachmentFiles(root).length),
        lose: (sha) => {
          fs.rmSync(path.join(root, sha.slice(0, 2), sha));
          return Promise.resolve();
        },
      },
    ),
  );
}
