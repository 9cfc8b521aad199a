// Syntax of a key binding as written in the config: modifiers joined by "+",
// then one key, e.g. "ctrl+p", "alt+enter", "shift+tab", "f1", "?".

export const MODIFIERS = ['ctrl', 'alt', 'shift', 'super'] as const;

export const NAMED_KEYS = [
  'enter',
  'esc',
  'tab',
  'backspace',
  'delete',
  'insert',
  'home',
  'end',
  'pageup',
  'pagedown',
  'up',
  'down',
  'left',
  'right',
  'space',
  ...Array.from({ length: 24 }, (_, i) => `f${i + 1}`),
] as const;

let segmenter: Intl.Segmenter | undefined; // made on first use (loads ICU data)

function graphemeCount(text: string): number {
  return Array.from((segmenter ??= new Intl.Segmenter()).segment(text)).length;
}

/** Returns a problem description, or undefined when the key spec is valid. */
export function checkKeySpec(spec: string): string | undefined {
  const parts = spec.toLowerCase().split('+');
  // "ctrl++" binds the plus key: the last empty part stands for "+".
  if (spec.endsWith('++')) parts.splice(parts.length - 2, 2, '+');
  const key = parts.pop() ?? '';
  for (const mod of parts) {
    if (!(MODIFIERS as readonly string[]).includes(mod)) {
      return `"${spec}" has an unknown modifier "${mod}" (use ${MODIFIERS.join(', ')}).`;
    }
  }
  if (new Set(parts).size !== parts.length) return `"${spec}" repeats a modifier.`;
  if (graphemeCount(key) === 1 && key.trim() !== '') return undefined;
  if ((NAMED_KEYS as readonly string[]).includes(key)) return undefined;
  return `"${spec}" does not name a key: use a single character or one of ${NAMED_KEYS.slice(0, 15).join(', ')}, f1-f24.`;
}
