// Every environment variable mistralrs-tui reads, for --help-adjacent docs.
import { OVERRIDE_ENV_VARS } from './effective.js';
import { PATH_ENV_VARS } from './paths.js';

export const ENV_REFERENCE: readonly (readonly [string, string])[] = [
  [OVERRIDE_ENV_VARS.config, 'config file, like `--config`'],
  [OVERRIDE_ENV_VARS.database, 'SQLite path or postgres:// URL, like `--database`'],
  [OVERRIDE_ENV_VARS.url, 'backend base URL, like `--url`'],
  [OVERRIDE_ENV_VARS.backend, 'backend profile, like `--backend`'],
  [OVERRIDE_ENV_VARS.model, 'model id, like `--model`'],
  [OVERRIDE_ENV_VARS.logLevel, 'log level, like `--log-level`'],
  [PATH_ENV_VARS.configDir, 'config directory, like `--config-dir`'],
  [PATH_ENV_VARS.dataDir, 'data directory (database), like `--data-dir`'],
  [PATH_ENV_VARS.stateDir, 'state directory (logs), like `--state-dir`'],
  [PATH_ENV_VARS.cacheDir, 'cache directory, like `--cache-dir`'],
  [
    'XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_STATE_HOME, XDG_CACHE_HOME',
    'base directories on Linux (absolute paths only)',
  ],
  ['APPDATA, LOCALAPPDATA', 'base directories on Windows'],
  ['NO_COLOR', 'turns colours off'],
];
