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

/** Validates a parsed document; `file` names it in diagnostics. */
export function validateDocument(doc: unknown, file: string, text = ''): Config {
  const validator = new Validator(configSchema);
  const value = validator.value(configSchema, doc ?? {}, []) as Config;
  if (validator.problems.length > 0) {
    const index = locateKeys(text);
    const diagnostics: Diagnostic[] = validator.problems.map((p) => {
      const where = locate(index, p.path);
      const position = where ? (p.atKey ? where.key : where.value) : undefined;
      return {
        source: file,
        key: p.path.join('.'),
        message: p.message,
        ...(position ? { position } : {}),
      };
    });
    throw new ConfigError(diagnostics, 'Fix the file and start again; nothing was changed.');
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
      throw new ConfigError(
        [
          {
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
