// Validates the config's [keybindings] overrides against the keymap table: the
// config layer checks only the key syntax; here every command id must exist,
// and an unknown one is an error naming the nearest id.
import { COMMAND_IDS, type Keymap, defaultKeymap, withOverrides } from '../app/index.js';
import { nearest } from '../config/suggest.js';

export class KeybindingError extends Error {
  override readonly name = 'KeybindingError';
}

export function keymapFromConfig(
  overrides: Readonly<Record<string, string | readonly string[]>>,
): Keymap {
  const problems: string[] = [];
  const lists: Record<string, readonly string[]> = {};
  for (const [id, keys] of Object.entries(overrides)) {
    if (!(COMMAND_IDS as readonly string[]).includes(id)) {
      const near = nearest(id, COMMAND_IDS);
      problems.push(
        `[keybindings] "${id}" is not a command${near !== undefined ? `; did you mean "${near}"?` : ''} (the commands are listed in docs/keybindings.md)`,
      );
      continue;
    }
    lists[id] = typeof keys === 'string' ? [keys] : keys;
  }
  if (problems.length > 0) throw new KeybindingError(problems.join('\n'));
  return withOverrides(defaultKeymap(), lists);
}
