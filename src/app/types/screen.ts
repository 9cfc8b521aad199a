// What the last frame showed, as data the state and the actions carry: the
// rows the chat drew (a click selects a message by them, a drag copies text
// from them). geometry/chat-rows.ts reads it.
import type { Rect } from '../../tui/index.js';

/** What the chat view drew, row by row (geometry/chat-rows.ts reads it). */
export interface ChatRowMap {
  /** The transcript's text area (the selection margin is the column left of it). */
  readonly area: Rect;
  /** Per screen row from `area.y`: the index of the item drawn there (undefined: none). */
  readonly items: readonly (number | undefined)[];
  /** Per screen row: the symbol of each cell from `area.x` ('' for the second half of a wide glyph). */
  readonly cells: readonly (readonly string[])[];
  /** Per screen row: the key of the attachment whose preview is drawn there (a click opens it). */
  readonly media?: readonly (string | undefined)[];
}
