// The inspector: a bordered pane showing the selected message (the latest
// when none is selected) in full, its rows laid out by
// geometry/inspector-rows.ts (the request and events are those the runtime
// recorded in memory for replies of this run). Scrolls when focused (↑ ↓ PgUp
// PgDn, the wheel); the reducers clamp the scroll (chat-select.ts).
import { type Buffer, type Rect, type Theme, drawBlock } from '../../tui/index.js';
import { inspectedItem, inspectorRows } from '../geometry/inspector-rows.js';
import type { State } from '../types/state.js';

export function drawInspector(buf: Buffer, area: Rect, s: State, theme: Theme): void {
  const focused = s.focus === 'inspector' && s.overlay === undefined;
  const inner = drawBlock(buf, area, {
    borderType: 'rounded',
    borderStyle: focused ? theme['border.focused'] : theme.border,
    titles: [{ content: ' Inspector ' }],
    titleStyle: focused ? theme['title.focused'] : theme.title,
  });
  const width = inner.width - 2;
  if (width <= 0 || inner.height <= 0) return;
  if (inspectedItem(s) === undefined) {
    buf.setString(
      inner.x + 1,
      inner.y,
      'Select a message to inspect it.',
      theme['text.dim'],
      width,
    );
    return;
  }
  const { rows } = inspectorRows(s, area, theme);
  const max = Math.max(0, rows.length - inner.height);
  const scroll = Math.min(s.chat.inspectorScroll ?? 0, max);
  for (let r = 0; r < inner.height; r++) {
    const l = rows[scroll + r];
    if (l === undefined) break;
    buf.setLine(inner.x + 1, inner.y + r, l, width);
  }
  if (scroll < max) {
    const tag = ` ↓ ${max - scroll} more `;
    buf.setString(
      inner.x + inner.width - tag.length,
      inner.y + inner.height - 1,
      tag,
      theme.selection,
    );
  }
}
