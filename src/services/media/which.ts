// Finding a program on PATH (the audio players, the clipboard tools) without
// running it: each PATH folder is checked for an executable file of that name
// (on Windows with each PATHEXT extension).
import fs from 'node:fs';
import path from 'node:path';

export interface Host {
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export function which(name: string, host: Host): string | undefined {
  const dirs = (host.env.PATH ?? host.env.Path ?? '').split(
    host.platform === 'win32' ? ';' : path.delimiter,
  );
  const exts =
    host.platform === 'win32' ? ['', ...(host.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';')] : [''];
  for (const dir of dirs) {
    if (dir === '') continue;
    for (const ext of exts) {
      const file = path.join(dir, name + ext.toLowerCase());
      try {
        if (!fs.statSync(file).isFile()) continue;
        if (host.platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
        return file;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** A configured program: a path (must exist) or a name looked up on PATH. */
export function resolveProgram(configured: string, host: Host): string | undefined {
  if (configured.includes('/') || configured.includes('\\')) {
    try {
      return fs.statSync(configured).isFile() ? configured : undefined;
    } catch {
      return undefined;
    }
  }
  return which(configured, host);
}
