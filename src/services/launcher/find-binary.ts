// Finds the mistralrs binary: the configured path first, then PATH. A missing
// binary is a message with install hints, not an exception.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { MISTRALRS_INSTALL } from '../../domain/model.js';

export type BinaryLookup =
  | { readonly found: true; readonly path: string; readonly from: 'config' | 'PATH' }
  | { readonly found: false; readonly message: string };

export const INSTALL_HINT = `install it with \`${MISTRALRS_INSTALL}\` (add \`--features cuda\` for NVIDIA GPUs), or set launcher.binary to its path`;

function executable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findMistralrs(
  configured: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform = process.platform,
): BinaryLookup {
  if (configured !== undefined && configured !== '') {
    if (executable(configured)) return { found: true, path: configured, from: 'config' };
    return {
      found: false,
      message: `launcher.binary is ${configured}, which is not an executable file — fix the path, or ${INSTALL_HINT}`,
    };
  }
  const names = platform === 'win32' ? ['mistralrs.exe', 'mistralrs'] : ['mistralrs'];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (executable(candidate)) return { found: true, path: candidate, from: 'PATH' };
    }
  }
  return { found: false, message: `mistralrs was not found on PATH — ${INSTALL_HINT}` };
}

/** `mistralrs --version`, e.g. "mistralrs 0.8.1"; undefined when it does not answer. */
export function binaryVersion(file: string, timeoutMs = 5000): Promise<string | undefined> {
  return new Promise((resolve) => {
    const { execFile } = process.getBuiltinModule('node:child_process');
    execFile(file, ['--version'], { timeout: timeoutMs }, (err, stdout) => {
      if (err !== null) resolve(undefined);
      else resolve(stdout.trim().split('\n')[0]);
    });
  });
}
