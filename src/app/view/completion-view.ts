// The slash-command completion list: a small popup right above the composer
// while its text starts with "/". Command names with their arguments and
// what they do, or the values an argument takes; the chosen row highlighted.
import {
  type Buffer,
  type Rect,
  type Theme,
  drawPopup,
  line,
  rect,
  span,
  stringWidth,
} from '../../tui/index.js';
import { completionIndex, shownCompletions } from '../panes/composer.js';
import { COMPLETION_ROWS } from '../panes/slash.js';
import type { State } from '../types/state.js';

/** Widest the popup gets (it never covers more than the composer's width). */
const MAX_WIDTH = 90;

/** Draws the list over the rows above `composer`; nothing when none is showing. */
export function drawCompletion(buf: Buffer, composer: Rect, s: State, theme: Theme): void {
  const c = shownCompletions(s);
  if (c === undefined || composer.y < 3) return;
  const usage =
    c.spec === undefined
      ? undefined
      : `/${c.spec.name}${c.spec.args !== '' ? ` ${c.spec.args}` : ''}  ${c.spec.description}`;
  const empty =
    c.items.length === 0
      ? usage === undefined
        ? 'No such command: /help lists them'
        : undefined
      : undefined;
  const head = [usage, empty].filter((x): x is string => x !== undefined);
  const room = composer.y - 2 - head.length;
  const rows = Math.max(0, Math.min(c.items.length, COMPLETION_ROWS, room));
  if (head.length + rows === 0) return;
  const width = Math.min(composer.width, MAX_WIDTH);
  const height = head.length + rows + 2;
  const area = rect(composer.x, composer.y - height, width, height);
  const inner = drawPopup(buf, area, {
    borderStyle: theme['border.focused'],
    titles: [
      { content: ' Tab completes · Enter runs · Esc hides ', align: 'right', position: 'bottom' },
    ],
    titleStyle: theme['text.dim'],
  });
  let y = inner.y;
  for (const h of head) {
    buf.setString(inner.x + 1, y, h, theme['text.dim'], inner.width - 1);
    y++;
  }
  const chosen = completionIndex(s) % Math.max(1, c.items.length);
  // Keep the chosen row in view.
  const off = Math.max(0, Math.min(chosen - rows + 1, c.items.length - rows));
  // Details line up after the longest label (up to half the width).
  const column = Math.min(
    Math.floor(inner.width / 2),
    Math.max(0, ...c.items.map((i) => stringWidth(i.label))),
  );
  for (let r = 0; r < rows; r++) {
    const item = c.items[off + r];
    if (item === undefined) break;
    const sel = off + r === chosen;
    const rowY = y + r;
    if (sel) buf.setStyle(rect(inner.x, rowY, inner.width, 1), theme.selection);
    const labelW = stringWidth(item.label);
    const pad = ' '.repeat(Math.max(0, column - labelW));
    const spans = [
      span(
        item.label,
        sel ? { ...theme['text.accent'], ...theme.selection } : theme['text.accent'],
      ),
    ];
    if (item.detail !== '' && labelW + 4 < inner.width)
      spans.push(span(`${pad}  ${item.detail}`, sel ? theme.selection : theme['text.dim']));
    buf.setLine(inner.x + 1, rowY, line(...spans), inner.width - 1);
  }
  if (c.items.length > rows && rows > 0)
    buf.setString(area.x + 2, area.y, ` ${chosen + 1}/${c.items.length} `, theme['text.dim']);
}
