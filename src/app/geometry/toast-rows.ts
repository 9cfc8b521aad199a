// A toast's text as the rows it takes: wrapped at spaces to at most two rows,
// so advice such as "run `mistralrs-tui doctor`" is never cut off mid-word at
// the toast's edge. Longer text ends its second row with an ellipsis and the
// key that shows every notification in full (the logs tab's notifications).
import { line, plain, span, stringWidth, truncateLine, wrapLine } from '../../tui/index.js';

/** Rows one toast may take; more would push too much of the chat down. */
export const TOAST_MAX_ROWS = 2;

/**
 * `text` in rows of at most `width` cells (two at most). When it does not fit,
 * the second row ends with `… (more: KEY)` so the rest is one key away.
 */
export function toastRows(text: string, width: number, moreKey: string | undefined): string[] {
  if (width <= 0) return [];
  const rows = wrapLine(line(span(text)), width, 'word').map(plain);
  if (rows.length <= TOAST_MAX_ROWS) return rows;
  const full = moreKey === undefined ? '' : ` (${moreKey}: all)`;
  // On a very narrow toast the text matters more than the hint.
  const hint = stringWidth(full) * 2 <= width ? full : '';
  // The rest of the text from the second row on, cut to leave room for the hint.
  const rest = rows.slice(TOAST_MAX_ROWS - 1).join(' ');
  const last = plain(truncateLine(line(span(rest)), width - stringWidth(hint))) + hint;
  return [...rows.slice(0, TOAST_MAX_ROWS - 1), last];
}
