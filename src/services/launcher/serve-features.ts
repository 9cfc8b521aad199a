// What a mistralrs binary's `serve` takes, read once from its --help (feature
// detection, never its version number): mistral.rs 0.8.1 serves its web UI
// only with `--ui`, 0.9.2 serves it by default and takes `--no-ui`. The
// launcher keeps the UI off unless the user asks for it (launcher.ui).

export interface ServeFeatures {
  /** How the binary's own web UI at /ui is switched: off by `--no-ui`, on by `--ui`, or neither. */
  readonly ui: 'on-by-default' | 'off-by-default' | 'unknown';
}

const cache = new Map<string, Promise<ServeFeatures>>();

/** Reads `serve --help` text into features. */
export function parseServeHelp(help: string): ServeFeatures {
  if (/^\s+--no-ui\b/m.test(help)) return { ui: 'on-by-default' };
  if (/^\s+--ui\b/m.test(help)) return { ui: 'off-by-default' };
  return { ui: 'unknown' };
}

/** The features of `binary`, asked once per path (a binary that does not answer: unknown). */
export function serveFeatures(binary: string, timeoutMs = 10_000): Promise<ServeFeatures> {
  let known = cache.get(binary);
  if (known === undefined) {
    known = new Promise((resolve) => {
      const { execFile } = process.getBuiltinModule('node:child_process');
      execFile(binary, ['serve', '--help'], { timeout: timeoutMs }, (err, stdout) => {
        resolve(err !== null ? { ui: 'unknown' } : parseServeHelp(stdout));
      });
    });
    cache.set(binary, known);
  }
  return known;
}

/** The `serve` options that give the UI the user asked for (none where the binary has no switch). */
export function uiArgs(f: ServeFeatures, wantUi: boolean): string[] {
  if (f.ui === 'on-by-default' && !wantUi) return ['--no-ui'];
  if (f.ui === 'off-by-default' && wantUi) return ['--ui'];
  return [];
}
