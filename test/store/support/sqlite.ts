// A real SQLite file in a temporary folder per test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { harnessFor, type Harness } from './harness.js';

export function tempDir(prefix = 'mtui-store-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function sqliteHarness(): Promise<Harness> {
  const dir = tempDir();
  return Promise.resolve(
    harnessFor({ kind: 'sqlite', path: path.join(dir, 'sessions.db') }, () => {
      fs.rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    }),
  );
}
