// Semantic colour tokens: views ask for `border.focused` or `status.error`,
// never a raw colour; a theme maps every token to a Style. Swapping the theme
// restyles the whole UI.
import { DEFAULT, Named, rgb } from './color.js';
import { Mod, type Style } from './style.js';

export const TOKENS = [
  'text',
  'text.dim',
  'text.strong',
  'text.accent',
  'text.link',
  'text.code',
  'border',
  'border.focused',
  'title',
  'title.focused',
  'selection',
  'selection.inactive',
  'status.ok',
  'status.warn',
  'status.error',
  'status.info',
  'chart.1',
  'chart.2',
  'chart.3',
  'gauge.filled',
  'gauge.empty',
  'scrollbar.track',
  'scrollbar.thumb',
  'input.placeholder',
  'input.cursor',
  'popup',
  'md.heading',
  'md.quote',
  'md.code',
  'md.code.keyword',
  'md.code.string',
  'md.code.comment',
  'md.code.number',
  'md.code.title',
  'md.code.type',
  'md.rule',
  'md.bullet',
  'md.table.border',
] as const;

export type Token = (typeof TOKENS)[number];
export type Theme = Readonly<Record<Token, Style>>;

export const DARK_THEME: Theme = {
  text: {},
  'text.dim': { fg: Named.gray },
  'text.strong': { add: Mod.bold },
  'text.accent': { fg: rgb(0x7a, 0xa2, 0xf7) },
  'text.link': { fg: rgb(0x7d, 0xcf, 0xff), add: Mod.underline },
  'text.code': { fg: rgb(0xe0, 0xaf, 0x68) },
  border: { fg: Named.gray },
  'border.focused': { fg: rgb(0x7a, 0xa2, 0xf7) },
  title: { fg: Named.white },
  'title.focused': { fg: rgb(0x7a, 0xa2, 0xf7), add: Mod.bold },
  selection: { bg: rgb(0x28, 0x34, 0x57), add: Mod.bold },
  'selection.inactive': { bg: rgb(0x29, 0x2e, 0x42) },
  'status.ok': { fg: rgb(0x9e, 0xce, 0x6a) },
  'status.warn': { fg: rgb(0xe0, 0xaf, 0x68) },
  'status.error': { fg: rgb(0xf7, 0x76, 0x8e) },
  'status.info': { fg: rgb(0x7d, 0xcf, 0xff) },
  'chart.1': { fg: rgb(0x7a, 0xa2, 0xf7) },
  'chart.2': { fg: rgb(0x9e, 0xce, 0x6a) },
  'chart.3': { fg: rgb(0xbb, 0x9a, 0xf7) },
  'gauge.filled': { fg: rgb(0x7a, 0xa2, 0xf7) },
  'gauge.empty': { fg: rgb(0x3b, 0x42, 0x61) },
  'scrollbar.track': { fg: rgb(0x3b, 0x42, 0x61) },
  'scrollbar.thumb': { fg: rgb(0x7a, 0xa2, 0xf7) },
  'input.placeholder': { fg: Named.gray, add: Mod.italic },
  'input.cursor': { add: Mod.reverse },
  popup: { bg: rgb(0x1f, 0x23, 0x35) },
  'md.heading': { fg: rgb(0xbb, 0x9a, 0xf7), add: Mod.bold },
  'md.quote': { fg: Named.gray, add: Mod.italic },
  'md.code': { fg: rgb(0xc0, 0xca, 0xf5), bg: rgb(0x1a, 0x1b, 0x26) },
  'md.code.keyword': { fg: rgb(0xbb, 0x9a, 0xf7) },
  'md.code.string': { fg: rgb(0x9e, 0xce, 0x6a) },
  'md.code.comment': { fg: rgb(0x56, 0x5f, 0x89), add: Mod.italic },
  'md.code.number': { fg: rgb(0xff, 0x9e, 0x64) },
  'md.code.title': { fg: rgb(0x7a, 0xa2, 0xf7) },
  'md.code.type': { fg: rgb(0x2a, 0xc3, 0xde) },
  'md.rule': { fg: Named.gray },
  'md.bullet': { fg: rgb(0x7a, 0xa2, 0xf7) },
  'md.table.border': { fg: Named.gray },
};

/** A theme that uses only attributes and the default colours (for NO_COLOR). */
export const MONO_THEME: Theme = Object.fromEntries(
  TOKENS.map((t) => {
    const s = DARK_THEME[t];
    const keep: Style = s.add === undefined ? {} : { add: s.add };
    if (t === 'selection' || t === 'input.cursor') return [t, { add: Mod.reverse }];
    return [t, keep];
  }),
) as Theme;

export function token(theme: Theme, t: Token): Style {
  return theme[t];
}

export { DEFAULT };
