// Where mistralrs-tui keeps its files, per operating-system convention.
// Pure: the environment, platform and home directory are injected so every
// platform's rules are testable on any machine.
import path from 'node:path';

export const APP_NAME = 'mistralrs-tui';

export interface AppPaths {
  /** Holds config.toml. */
  readonly configDir: string;
  /** Holds the session database. */
  readonly dataDir: string;
  /** Holds logs and other state that may be deleted without losing user data. */
  readonly stateDir: string;
  /** Holds caches (model scans, checksums) that can be rebuilt. */
  readonly cacheDir: string;
}

export interface PathEnv {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  readonly home: string;
}

/** Explicit overrides, from command-line flags. */
export type PathOverrides = Partial<Record<keyof AppPaths, string>>;

/** Environment variables that override one directory each. */
export const PATH_ENV_VARS: Readonly<Record<keyof AppPaths, string>> = {
  configDir: 'MISTRALRS_TUI_CONFIG_DIR',
  dataDir: 'MISTRALRS_TUI_DATA_DIR',
  stateDir: 'MISTRALRS_TUI_STATE_DIR',
  cacheDir: 'MISTRALRS_TUI_CACHE_DIR',
};

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

function platformDefaults({ env, platform, home }: PathEnv): AppPaths {
  if (platform === 'darwin') {
    const lib = path.posix.join(home, 'Library');
    return {
      configDir: path.posix.join(lib, 'Application Support', APP_NAME),
      dataDir: path.posix.join(lib, 'Application Support', APP_NAME),
      stateDir: path.posix.join(lib, 'Logs', APP_NAME),
      cacheDir: path.posix.join(lib, 'Caches', APP_NAME),
    };
  }
  if (platform === 'win32') {
    const roaming = nonEmpty(env.APPDATA) ?? path.win32.join(home, 'AppData', 'Roaming');
    const local = nonEmpty(env.LOCALAPPDATA) ?? path.win32.join(home, 'AppData', 'Local');
    return {
      configDir: path.win32.join(roaming, APP_NAME, 'Config'),
      dataDir: path.win32.join(local, APP_NAME, 'Data'),
      stateDir: path.win32.join(local, APP_NAME, 'Logs'),
      cacheDir: path.win32.join(local, APP_NAME, 'Cache'),
    };
  }
  // Linux and the other Unixes: the XDG Base Directory specification. A relative
  // XDG_* value is invalid by the spec and must be ignored.
  const xdg = (name: string, fallback: string): string => {
    const value = nonEmpty(env[name]);
    return value !== undefined && path.posix.isAbsolute(value)
      ? value
      : path.posix.join(home, fallback);
  };
  return {
    configDir: path.posix.join(xdg('XDG_CONFIG_HOME', '.config'), APP_NAME),
    dataDir: path.posix.join(xdg('XDG_DATA_HOME', '.local/share'), APP_NAME),
    stateDir: path.posix.join(xdg('XDG_STATE_HOME', '.local/state'), APP_NAME),
    cacheDir: path.posix.join(xdg('XDG_CACHE_HOME', '.cache'), APP_NAME),
  };
}

/**
 * Resolves the four directories. Precedence: flag, then environment variable,
 * then the platform's convention.
 */
export function resolvePaths(where: PathEnv, overrides: PathOverrides = {}): AppPaths {
  const defaults = platformDefaults(where);
  const pick = (key: keyof AppPaths): string =>
    nonEmpty(overrides[key]) ?? nonEmpty(where.env[PATH_ENV_VARS[key]]) ?? defaults[key];
  return {
    configDir: pick('configDir'),
    dataDir: pick('dataDir'),
    stateDir: pick('stateDir'),
    cacheDir: pick('cacheDir'),
  };
}

export const CONFIG_FILE_NAME = 'config.toml';
export const DATABASE_FILE_NAME = 'sessions.db';
export const LOG_FILE_NAME = 'mistralrs-tui.log';

/** The joiner for paths of the given platform, so Windows paths stay Windows paths in tests. */
export function joinFor(platform: NodeJS.Platform, ...parts: string[]): string {
  return platform === 'win32' ? path.win32.join(...parts) : path.posix.join(...parts);
}
