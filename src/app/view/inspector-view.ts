// The inspector: the selected message in full (request sent, raw events,
// token counts, timings, reasoning, tool calls).
import { type Buffer, type Rect, type Theme, drawBlock } from '../../tui/index.js';
import { type State } from '../state.js';

export function drawInspector(buf: Buffer, area: Rect, s: State, theme: Theme): void {
  const focused = s.focus === 'inspector' && s.overlay === undefined;
  const inner = drawBlock(buf, area, {
    borderType: 'rounded',
    borderStyle: focused ? theme['border.focused'] : theme.border,
    titles: [{ content: ' Inspector ' }],
    titleStyle: focused ? theme['title.focused'] : theme.title,
  });
  buf.setString(
    inner.x + 1,
    inner.y,
    'Select a message to inspect it.',
    theme['text.dim'],
    inner.width - 1,
  );
}
