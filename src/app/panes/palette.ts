// The command palette (Ctrl+P): every command by its description and id, with
// its keys, the recently used first; picking one runs it.
import { type PickItem, pickDialog } from './dialog.js';
import { COMMANDS, type CommandId, isCommandId, keyLabel } from '../types/keymap.js';
import type { Result } from '../types/result.js';
import type { State } from '../types/state.js';

/** Commands the palette leaves out: they only make sense on a key in their pane. */
const HIDDEN = new Set<string>([
  'app.palette',
  'help.close',
  'help.up',
  'help.down',
  // The composer's completion-list keys.
  'composer.complete',
  'composer.up',
  'composer.down',
  'composer.dismiss',
]);

/**
 * Commands that leave the app come last unless used recently: the palette
 * opened with Quit highlighted, one Enter away from closing everything.
 */
const LAST = new Set<string>(['app.quit', 'chat.quit', 'sidebar.quit', 'app.suspend']);

/** Recent commands remembered (most recent first). */
const RECENT = 8;

export function paletteItems(s: State): PickItem[] {
  const items = COMMANDS.filter((c) => !HIDDEN.has(c.id)).map((c): PickItem => ({
    label: c.description,
    detail: c.id,
    aside: s.keymap[c.id].map(keyLabel).join(', '),
    value: c.id,
  }));
  // Descriptions repeat across panes ("Quit"): keep the first of each.
  const seen = new Set<string>();
  const unique = items.filter((i) => (seen.has(i.label) ? false : (seen.add(i.label), true)));
  const rank = (id: string) => {
    const i = s.recentCommands.indexOf(id as CommandId);
    return i >= 0 ? i : LAST.has(id) ? RECENT + 1 : RECENT;
  };
  return unique
    .map((item, i) => ({ item, i }))
    .sort((a, b) => rank(a.item.value) - rank(b.item.value) || a.i - b.i)
    .map(({ item }) => item);
}

export function openPalette(s: State): Result {
  const d = pickDialog('Commands', { type: 'palette' }, paletteItems(s), {
    emptyText: 'No command matches.',
  });
  return [{ ...s, overlay: { kind: 'dialog', dialog: d } }, []];
}

/** Records a command run from the palette as the most recent one. */
export function remember(s: State, id: string): State {
  if (!isCommandId(id)) return s;
  const recentCommands = [id, ...s.recentCommands.filter((x) => x !== id)].slice(0, RECENT);
  return { ...s, recentCommands };
}
