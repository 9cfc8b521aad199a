// The app's themes (`ui.theme`): dark (the engine's palette), light for light
// terminal backgrounds, and high contrast (the 16 named colours, bold, reverse
// selections). NO_COLOR wins over all of them: attributes only.
import { DARK_THEME, MONO_THEME, Mod, Named, type Theme, rgb } from '../../tui/index.js';

export type ThemeName = 'dark' | 'light' | 'high-contrast';

/** Every theme, in the order the theme command cycles them. */
export const THEME_NAMES: readonly ThemeName[] = ['dark', 'light', 'high-contrast'];

const ACCENT = rgb(0x2e, 0x59, 0xc8);
const GREEN = rgb(0x38, 0x7a, 0x1c);
const ORANGE = rgb(0x9a, 0x5b, 0x00);
const RED = rgb(0xc0, 0x1c, 0x3c);
const PURPLE = rgb(0x7a, 0x3e, 0xb8);
const GREY = rgb(0x6a, 0x6f, 0x80);

export const LIGHT_THEME: Theme = {
  ...DARK_THEME,
  'text.dim': { fg: GREY },
  'text.accent': { fg: ACCENT },
  'text.link': { fg: ACCENT, add: Mod.underline },
  'text.code': { fg: ORANGE },
  border: { fg: rgb(0xa0, 0xa4, 0xb0) },
  'border.focused': { fg: ACCENT },
  title: { fg: rgb(0x30, 0x33, 0x40) },
  'title.focused': { fg: ACCENT, add: Mod.bold },
  selection: { bg: rgb(0xcf, 0xdb, 0xf7), add: Mod.bold },
  'selection.inactive': { bg: rgb(0xe6, 0xe9, 0xf0) },
  'status.ok': { fg: GREEN },
  'status.warn': { fg: ORANGE },
  'status.error': { fg: RED },
  'status.info': { fg: ACCENT },
  'chart.1': { fg: ACCENT },
  'chart.2': { fg: GREEN },
  'chart.3': { fg: PURPLE },
  'gauge.filled': { fg: ACCENT },
  'gauge.empty': { fg: rgb(0xd0, 0xd4, 0xdc) },
  'scrollbar.track': { fg: rgb(0xd0, 0xd4, 0xdc) },
  'scrollbar.thumb': { fg: ACCENT },
  'input.placeholder': { fg: GREY, add: Mod.italic },
  popup: { bg: rgb(0xf4, 0xf5, 0xf8) },
  'md.heading': { fg: PURPLE, add: Mod.bold },
  'md.quote': { fg: GREY, add: Mod.italic },
  'md.code': { fg: rgb(0x30, 0x33, 0x40), bg: rgb(0xee, 0xf0, 0xf4) },
  'md.code.keyword': { fg: PURPLE },
  'md.code.string': { fg: GREEN },
  'md.code.comment': { fg: GREY, add: Mod.italic },
  'md.code.number': { fg: ORANGE },
  'md.code.title': { fg: ACCENT },
  'md.code.type': { fg: rgb(0x00, 0x7a, 0x8a) },
  'md.rule': { fg: GREY },
  'md.bullet': { fg: ACCENT },
  'md.table.border': { fg: GREY },
};

export const HIGH_CONTRAST_THEME: Theme = {
  ...DARK_THEME,
  text: { fg: Named.brightWhite },
  'text.dim': { fg: Named.white },
  'text.strong': { fg: Named.brightWhite, add: Mod.bold },
  'text.accent': { fg: Named.brightCyan, add: Mod.bold },
  'text.link': { fg: Named.brightCyan, add: Mod.underline },
  'text.code': { fg: Named.brightYellow },
  border: { fg: Named.white },
  'border.focused': { fg: Named.brightYellow, add: Mod.bold },
  title: { fg: Named.brightWhite },
  'title.focused': { fg: Named.brightYellow, add: Mod.bold },
  selection: { add: Mod.reverse | Mod.bold },
  'selection.inactive': { add: Mod.reverse },
  'status.ok': { fg: Named.brightGreen, add: Mod.bold },
  'status.warn': { fg: Named.brightYellow, add: Mod.bold },
  'status.error': { fg: Named.brightRed, add: Mod.bold },
  'status.info': { fg: Named.brightCyan },
  'input.placeholder': { fg: Named.white, add: Mod.italic },
  popup: {},
  'md.heading': { fg: Named.brightMagenta, add: Mod.bold },
  'md.quote': { fg: Named.white, add: Mod.italic },
  'md.code': { fg: Named.brightWhite },
  'md.code.keyword': { fg: Named.brightMagenta },
  'md.code.string': { fg: Named.brightGreen },
  'md.code.comment': { fg: Named.white, add: Mod.italic },
  'md.code.number': { fg: Named.brightYellow },
  'md.code.title': { fg: Named.brightCyan },
  'md.code.type': { fg: Named.brightCyan },
  'md.rule': { fg: Named.white },
  'md.bullet': { fg: Named.brightCyan },
  'md.table.border': { fg: Named.white },
};

export function themeFor(name: ThemeName, noColor: boolean): Theme {
  if (noColor) return MONO_THEME;
  return name === 'light'
    ? LIGHT_THEME
    : name === 'high-contrast'
      ? HIGH_CONTRAST_THEME
      : DARK_THEME;
}
