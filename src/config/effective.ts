// Turns the validated file config plus command-line flags and environment
// variables into the settings this run uses. Precedence: flag, then
// environment variable, then the file, then the defaults.
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from './errors.js';
import { DATABASE_FILE_NAME, LOG_FILE_NAME, type AppPaths } from './paths.js';
import type { BackendProfile, Config, LogLevel } from './schema.js';
import { configSchema } from './schema.js';
import { nearest } from './suggest.js';

export interface Overrides {
  readonly database?: string;
  readonly url?: string;
  readonly backend?: string;
  readonly model?: string;
  readonly logLevel?: string;
  readonly logFile?: string;
  readonly mouse?: boolean;
  /** --agent: agent mode on for this run. */
  readonly agent?: boolean;
}

/** Environment variables read as overrides, by the flag they stand for. */
export const OVERRIDE_ENV_VARS = {
  config: 'MISTRALRS_TUI_CONFIG',
  database: 'MISTRALRS_TUI_DATABASE',
  url: 'MISTRALRS_TUI_URL',
  backend: 'MISTRALRS_TUI_BACKEND',
  model: 'MISTRALRS_TUI_MODEL',
  logLevel: 'MISTRALRS_TUI_LOG_LEVEL',
} as const;

export type DatabaseTarget =
  | { readonly kind: 'sqlite'; readonly path: string }
  | {
      readonly kind: 'postgres';
      readonly url: string;
      /** Largest attachment kept in the database (config attachments.max_db_mb). */
      readonly maxAttachmentBytes?: number;
    };

export interface Effective {
  readonly config: Config;
  readonly backendName: string;
  readonly backend: BackendProfile;
  readonly database: DatabaseTarget;
  readonly logFile: string;
  readonly logLevel: LogLevel;
}

/** Expands a leading "~" to the home directory. */
export function expandHome(p: string, home: string = os.homedir()): string {
  if (p === '~') return home;
  if (p.startsWith('~/') || p.startsWith('~\\')) return path.join(home, p.slice(2));
  return p;
}

/** Merges flags over environment variables (flags win). */
export function overridesFromEnv(
  flags: Overrides,
  env: Readonly<Record<string, string | undefined>>,
): Overrides {
  const pick = (flag: string | undefined, name: string): string | undefined => {
    const fromEnv = env[name];
    return flag ?? (fromEnv !== undefined && fromEnv !== '' ? fromEnv : undefined);
  };
  const merged = {
    ...flags,
    database: pick(flags.database, OVERRIDE_ENV_VARS.database),
    url: pick(flags.url, OVERRIDE_ENV_VARS.url),
    backend: pick(flags.backend, OVERRIDE_ENV_VARS.backend),
    model: pick(flags.model, OVERRIDE_ENV_VARS.model),
    logLevel: pick(flags.logLevel, OVERRIDE_ENV_VARS.logLevel),
  };
  return Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined));
}

export function databaseTarget(
  url: string | undefined,
  paths: AppPaths,
  home: string,
): DatabaseTarget {
  if (url !== undefined && /^postgres(ql)?:\/\//i.test(url)) return { kind: 'postgres', url };
  const file = url ?? path.join(paths.dataDir, DATABASE_FILE_NAME);
  return { kind: 'sqlite', path: path.resolve(expandHome(file, home)) };
}

function usage(flag: string, message: string, hint?: string): ConfigError {
  return new ConfigError([{ source: flag, message }], hint);
}

/** Applies overrides and resolves names and paths; throws ConfigError on a bad override. */
export function resolveEffective(
  config: Config,
  overrides: Overrides,
  paths: AppPaths,
  home: string = os.homedir(),
): Effective {
  const names = Object.keys(config.backends);
  const wanted =
    overrides.backend ?? config.default_backend ?? (names.includes('local') ? 'local' : names[0]);
  if (wanted === undefined) {
    throw usage(
      'config',
      'no backend profiles are defined.',
      'Add a [backends.NAME] table, or pass --url.',
    );
  }
  const profile = config.backends[wanted];
  if (profile === undefined) {
    const guess = nearest(wanted, names);
    const source = overrides.backend !== undefined ? '--backend' : 'default_backend';
    throw usage(
      source,
      `there is no backend profile named "${wanted}".${guess ? ` Did you mean "${guess}"?` : ''}`,
      names.length > 0
        ? `Profiles in the config: ${names.join(', ')}.`
        : 'Define one under [backends.NAME].',
    );
  }
  let backend: BackendProfile = { ...profile };
  if (overrides.url !== undefined) {
    if (profile.kind === 'embedded') {
      throw usage(
        '--url',
        `backend "${wanted}" is embedded and has no URL.`,
        'Pick an HTTP backend with --backend NAME.',
      );
    }
    const check = (configSchema.fields.backends.value.fields.url.check ?? (() => undefined))(
      overrides.url,
    );
    if (check !== undefined) throw usage('--url', check);
    backend = { ...backend, url: overrides.url.replace(/\/+$/, '') };
  }
  if (overrides.model !== undefined) backend = { ...backend, model: overrides.model };

  const levels = configSchema.fields.logging.fields.level.values;
  let logLevel = config.logging.level;
  if (overrides.logLevel !== undefined) {
    const level = levels.find((l) => l === overrides.logLevel);
    if (level === undefined) {
      throw usage(
        '--log-level',
        `"${overrides.logLevel}" is not a log level; use one of ${levels.join(', ')}.`,
      );
    }
    logLevel = level;
  }

  const dbCheck = configSchema.fields.database.fields.url.check;
  if (overrides.database !== undefined) {
    const problem = dbCheck?.(overrides.database);
    if (problem !== undefined) throw usage('--database', problem);
  }
  const target = databaseTarget(overrides.database ?? config.database.url, paths, home);
  const database: DatabaseTarget =
    target.kind === 'postgres'
      ? { ...target, maxAttachmentBytes: config.attachments.max_db_mb * 1_048_576 }
      : target;
  const logFile = path.resolve(
    expandHome(
      overrides.logFile ?? config.logging.file ?? path.join(paths.stateDir, LOG_FILE_NAME),
      home,
    ),
  );
  const ui = overrides.mouse === false ? { ...config.ui, mouse: false } : config.ui;
  const agent = overrides.agent === true ? { ...config.agent, enabled: true } : config.agent;
  const effectiveConfig: Config = {
    ...config,
    ui,
    agent,
    logging: { ...config.logging, level: logLevel, file: logFile },
    backends: { ...config.backends, [wanted]: backend },
    default_backend: wanted,
    database: {
      ...config.database,
      url: database.kind === 'sqlite' ? database.path : database.url,
    },
  };
  return { config: effectiveConfig, backendName: wanted, backend, database, logFile, logLevel };
}

/** The API key of a profile: the literal key, else the named environment variable. */
export function apiKeyOf(
  backend: BackendProfile,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  if (backend.api_key !== undefined && backend.api_key !== '') return backend.api_key;
  if (backend.api_key_env !== undefined) {
    const value = env[backend.api_key_env];
    return value !== undefined && value !== '' ? value : undefined;
  }
  return undefined;
}
