import { describe, expect, it } from 'vitest';
import { resolvePaths, type PathEnv } from './paths.js';

const linux = (env: Record<string, string> = {}): PathEnv => ({
  env,
  platform: 'linux',
  home: '/home/ana',
});

describe('resolvePaths', () => {
  it('follows the XDG defaults on Linux', () => {
    expect(resolvePaths(linux())).toEqual({
      configDir: '/home/ana/.config/mistralrs-tui',
      dataDir: '/home/ana/.local/share/mistralrs-tui',
      stateDir: '/home/ana/.local/state/mistralrs-tui',
      cacheDir: '/home/ana/.cache/mistralrs-tui',
    });
  });

  it('honours every XDG_*_HOME variable', () => {
    const paths = resolvePaths(
      linux({
        XDG_CONFIG_HOME: '/x/cfg',
        XDG_DATA_HOME: '/x/data',
        XDG_STATE_HOME: '/x/state',
        XDG_CACHE_HOME: '/x/cache',
      }),
    );
    expect(paths).toEqual({
      configDir: '/x/cfg/mistralrs-tui',
      dataDir: '/x/data/mistralrs-tui',
      stateDir: '/x/state/mistralrs-tui',
      cacheDir: '/x/cache/mistralrs-tui',
    });
  });

  it('ignores empty and relative XDG values, as the spec requires', () => {
    const paths = resolvePaths(linux({ XDG_CONFIG_HOME: 'relative/cfg', XDG_DATA_HOME: '' }));
    expect(paths.configDir).toBe('/home/ana/.config/mistralrs-tui');
    expect(paths.dataDir).toBe('/home/ana/.local/share/mistralrs-tui');
  });

  it('uses ~/Library on macOS and ignores XDG there', () => {
    const paths = resolvePaths({
      env: { XDG_CONFIG_HOME: '/x' },
      platform: 'darwin',
      home: '/Users/ana',
    });
    expect(paths).toEqual({
      configDir: '/Users/ana/Library/Application Support/mistralrs-tui',
      dataDir: '/Users/ana/Library/Application Support/mistralrs-tui',
      stateDir: '/Users/ana/Library/Logs/mistralrs-tui',
      cacheDir: '/Users/ana/Library/Caches/mistralrs-tui',
    });
  });

  it('uses %APPDATA% and %LOCALAPPDATA% on Windows', () => {
    const paths = resolvePaths({
      env: { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming', LOCALAPPDATA: 'D:\\Local' },
      platform: 'win32',
      home: 'C:\\Users\\ana',
    });
    expect(paths).toEqual({
      configDir: 'C:\\Users\\ana\\AppData\\Roaming\\mistralrs-tui\\Config',
      dataDir: 'D:\\Local\\mistralrs-tui\\Data',
      stateDir: 'D:\\Local\\mistralrs-tui\\Logs',
      cacheDir: 'D:\\Local\\mistralrs-tui\\Cache',
    });
  });

  it('falls back to the profile folders on Windows when the variables are missing', () => {
    const paths = resolvePaths({ env: {}, platform: 'win32', home: 'C:\\Users\\ana' });
    expect(paths.configDir).toBe('C:\\Users\\ana\\AppData\\Roaming\\mistralrs-tui\\Config');
    expect(paths.cacheDir).toBe('C:\\Users\\ana\\AppData\\Local\\mistralrs-tui\\Cache');
  });

  it('lets environment variables override the convention and flags override both', () => {
    const where = linux({
      MISTRALRS_TUI_DATA_DIR: '/env/data',
      MISTRALRS_TUI_STATE_DIR: '/env/state',
    });
    const paths = resolvePaths(where, { dataDir: '/flag/data' });
    expect(paths.dataDir).toBe('/flag/data');
    expect(paths.stateDir).toBe('/env/state');
    expect(paths.configDir).toBe('/home/ana/.config/mistralrs-tui');
  });
});
