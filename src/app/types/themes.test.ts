import { describe, expect, it } from 'vitest';
import { DARK_THEME, MONO_THEME, TOKENS } from '../../tui/index.js';
import { HIGH_CONTRAST_THEME, LIGHT_THEME, themeFor } from './themes.js';

describe('themes', () => {
  it('ui.theme picks the palette; NO_COLOR wins', () => {
    expect(themeFor('dark', false)).toBe(DARK_THEME);
    expect(themeFor('light', false)).toBe(LIGHT_THEME);
    expect(themeFor('high-contrast', false)).toBe(HIGH_CONTRAST_THEME);
    expect(themeFor('light', true)).toBe(MONO_THEME);
  });

  it('every token is defined, and light and high contrast differ from dark where it matters', () => {
    for (const t of [LIGHT_THEME, HIGH_CONTRAST_THEME]) {
      for (const k of TOKENS) expect(t[k], k).toBeDefined();
      expect(t['text.dim']).not.toEqual(DARK_THEME['text.dim']);
      expect(t.selection).not.toEqual(DARK_THEME.selection);
    }
  });
});
