// Reads, parses and validates config.toml. Any problem is a ConfigError that
// lists every diagnostic with file, line and column: the TUI never starts with
// a half-valid config.
import { readFileSync } from 'node:fs';
import { parse, TomlError } from 'smol-toml';
import { ConfigError, type Diagnostic } from './errors.js';
import { locate, locateKeys } from './locate.js';
import { configSchema, type Config } from './schema.js';
import { Validator } from './validate.js';

export type ConfigSource =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'defaults'; readonly lookedAt: string };

export interface LoadedConfig {
  readonly config: Config;
  readonly source: ConfigSource;
}

/**
 * Diagnostics in the order their lines appear in the file, so that the list
 * reads top to bottom next to the file (the validator walks the schema, not
 * the file); those without a position keep their order, after the rest.
 */
function inFileOrder(ds: readonly Diagnostic[]): Diagnostic[] {
  const at = (d: Diagnostic): [number, number] =>
    d.position ? [d.position.line, d.position.column] : [Infinity, Infinity];
  return ds
    .map((d, i) => ({ d, i, at: at(d) }))
    .sort((a, b) => a.at[0] - b.at[0] || a.at[1] - b.at[1] || a.i - b.i)
    .map((x) => x.d);
}

/**
 * Where an unterminated string opens, when a TOML parse error is one: the
 * parser reports a string cut by a line break as "control characters are not
 * allowed" at the break (and one cut by the end of the file as "unfinished"),
 * which hides the real mistake. Returns the opening quote's line and column.
 */
function unterminatedString(
  text: string,
  err: TomlError,
): { line: number; column: number; atEnd: boolean } | null {
  if (err.message.includes('unfinished string'))
    return { line: err.line, column: err.column, atEnd: true };
  if (!err.message.includes('control characters are not allowed in strings')) return null;
  const row = text.split('\n')[err.line - 1];
  // Only a cut at the line's end (or its \r) is an unterminated string.
  if (row === undefined || (err.column - 1 < row.length && row[err.column - 1] !== '\r'))
    return null;
  // Walk the line to the quote that is still open at its end.
  let open: { quote: string; column: number } | null = null;
  for (let i = 0; i < row.length; i++) {
    const ch = row[i] ?? '';
    if (open === null) {
      if (ch === '#') break;
      if (ch === '"' || ch === "'") open = { quote: ch, column: i + 1 };
    } else if (open.quote === '"' && ch === '\\') i += 1;
    else if (ch === open.quote) open = null;
  }
  return open === null ? null : { line: err.line, column: open.column, atEnd: false };
}

/** Validates a parsed document; `file` names it in diagnostics. */
export function validateDocument(doc: unknown, file: string, text = ''): Config {
  const validator = new Validator(configSchema);
  const value = validator.value(configSchema, doc ?? {}, []) as Config;
  if (validator.problems.length > 0) {
    const index = locateKeys(text);
    const located: Diagnostic[] = validator.problems.map((p) => {
      const where = locate(index, p.path);
      const position = where ? (p.atKey ? where.key : where.value) : undefined;
      return {
        source: file,
        key: p.path.join('.'),
        message: p.message,
        ...(position ? { position } : {}),
      };
    });
    throw new ConfigError(
      inFileOrder(located),
      'Fix the file and start again; nothing was changed.',
    );
  }
  return value;
}

/** Parses and validates TOML text. */
export function parseConfig(text: string, file: string): Config {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    if (err instanceof TomlError) {
      const reason = err.message.split('\n')[0] ?? err.message;
      const open = unterminatedString(text, err);
      throw new ConfigError(
        [
          open !== null
            ? {
                source: file,
                position: { line: open.line, column: open.column },
                message: `invalid TOML: unterminated string: the string that starts here is not closed before the end of the ${open.atEnd ? 'file' : 'line'} (end it with the quote it starts with; use triple quotes for text over several lines).`,
              }
            : {
                source: file,
                position: { line: err.line, column: err.column },
                message: `invalid TOML: ${reason.replace(/^Invalid TOML document: /, '')}`,
              },
        ],
        'See https://toml.io for the syntax; `mistralrs-tui config init` writes a valid example.',
      );
    }
    throw err;
  }
  return validateDocument(doc, file, text);
}

function errnoCode(err: unknown): string | undefined {
  return err instanceof Error && 'code' in err && typeof err.code === 'string'
    ? err.code
    : undefined;
}

/**
 * Loads the config. `explicitPath` (from --config or MISTRALRS_TUI_CONFIG) must
 * exist; the default path may be absent, in which case defaults apply.
 */
export function loadConfig(defaultPath: string, explicitPath?: string): LoadedConfig {
  const file = explicitPath ?? defaultPath;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ENOENT' && explicitPath === undefined) {
      return { config: validateDocument({}, file), source: { kind: 'defaults', lookedAt: file } };
    }
    const why =
      code === 'ENOENT'
        ? 'the file does not exist'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'it is a directory, not a file'
            : (err as Error).message;
    throw new ConfigError(
      [{ source: file, message: `cannot read the config file: ${why}.` }],
      code === 'ENOENT'
        ? `Create it with: mistralrs-tui config init --config ${JSON.stringify(file)}`
        : undefined,
    );
  }
  return { config: parseConfig(text, file), source: { kind: 'file', path: file } };
}
