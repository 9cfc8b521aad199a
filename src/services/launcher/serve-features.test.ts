import { describe, expect, it } from 'vitest';
import { parseServeHelp, uiArgs } from './serve-features.js';

// Lines of the real binaries' `mistralrs serve --help` (0.8.1 and 0.9.2).
const HELP_081 = `Options:\n      --ui\n          Serve the built-in web UI at /ui\n`;
const HELP_092 = `Start HTTP/MCP server and (optionally) the UI at /ui\n\nOptions:\n      --no-ui\n          Disable the built-in web UI (served at /ui by default)\n`;

describe('serve features from --help', () => {
  it('0.9.2 serves its UI unless told --no-ui; 0.8.1 only with --ui', () => {
    expect(parseServeHelp(HELP_092)).toEqual({ ui: 'on-by-default' });
    expect(parseServeHelp(HELP_081)).toEqual({ ui: 'off-by-default' });
    // The description's "/ui" is not an option.
    expect(parseServeHelp('serve the UI at /ui\n')).toEqual({ ui: 'unknown' });
  });
  it('asks for the UI only when wanted, with whichever switch the binary has', () => {
    expect(uiArgs({ ui: 'on-by-default' }, false)).toEqual(['--no-ui']);
    expect(uiArgs({ ui: 'on-by-default' }, true)).toEqual([]);
    expect(uiArgs({ ui: 'off-by-default' }, false)).toEqual([]);
    expect(uiArgs({ ui: 'off-by-default' }, true)).toEqual(['--ui']);
    expect(uiArgs({ ui: 'unknown' }, true)).toEqual([]);
  });
});
