// A config problem that stops start-up, with every diagnostic located in the file.
import type { Position } from './locate.js';

export interface Diagnostic {
  /** The file, or a description of where the value came from (e.g. "--url"). */
  readonly source: string;
  readonly position?: Position;
  /** Dotted key path, when the problem concerns a key. */
  readonly key?: string;
  readonly message: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.position ? `${d.source}:${d.position.line}:${d.position.column}` : d.source;
  return `${where}: ${d.message}`;
}

export class ConfigError extends Error {
  constructor(
    readonly diagnostics: readonly Diagnostic[],
    /** A next step for the user, printed after the diagnostics. */
    readonly hint?: string,
  ) {
    const lines = diagnostics.map(formatDiagnostic);
    super(
      diagnostics.length === 1
        ? `config error: ${lines[0] ?? ''}`
        : `config has ${diagnostics.length} errors:\n${lines.map((l) => `  ${l}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }

  /** The full text for the terminal: the diagnostics, then the hint. */
  report(): string {
    return this.hint ? `${this.message}\n${this.hint}` : this.message;
  }
}
