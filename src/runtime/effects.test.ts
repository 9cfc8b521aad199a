import { describe, expect, it } from 'vitest';
import { settingsFrom } from './effects.js';

describe('remembered UI settings', () => {
  it('takes the known values and ignores malformed ones', () => {
    expect(
      settingsFrom({
        'ui.layout': 'inspector',
        'ui.theme': 'light',
        'ui.sidebar_tab': 'metrics',
        'ui.sidebar_width': '42',
      }),
    ).toEqual({ layout: 'inspector', theme: 'light', sidebarTab: 'metrics', sidebarWidth: 42 });
    expect(
      settingsFrom({
        'ui.layout': 'triple',
        'ui.theme': 3,
        'ui.sidebar_tab': null,
        'ui.sidebar_width': 'wide',
      }),
    ).toEqual({});
    expect(settingsFrom({ 'ui.sidebar_width': '5' })).toEqual({});
  });
});
