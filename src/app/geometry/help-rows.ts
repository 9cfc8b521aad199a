// The help overlay's rows (this run's set-up, then the focused pane's keys and
// the global ones, from the keymap) and the box they are drawn in. The view
// draws them; the help's scroll is clamped by how many fit.
import {
  type Line,
  type Rect,
  type Theme,
  DARK_THEME,
  line,
  popupArea,
  rect,
  span,
  stringWidth,
} from '../../tui/index.js';
import { type Context, TAB_CONTEXTS, commandsOf, keyLabel } from '../types/keymap.js';
import { type State, paneContext } from '../types/state.js';

/** How the help and docs/keybindings.md name each keymap context. */
export const CONTEXT_TITLE: Readonly<Record<Context, string>> = {
  global: 'Everywhere',
  composer: 'Composer',
  chat: 'Chat',
  inspector: 'Inspector',
  sidebar: 'Every sidebar tab',
  sessions: 'Sessions',
  models: 'Models',
  metrics: 'Metrics',
  logs: 'Logs',
  tools: 'Tools',
  help: 'Help',
  dialog: 'Dialogs',
};

/** The help overlay's lines: the focused pane's keys, then the global ones. */
export function helpLines(s: State, theme: Theme): Line[] {
  const ctx = paneContext(s, s.focus);
  const out: Line[] = [];
  const contexts: Context[] = TAB_CONTEXTS.includes(ctx)
    ? [ctx, 'sidebar', 'global']
    : [ctx, 'global'];
  const groups = contexts.map((c) => {
    const cmds = commandsOf(s.keymap, c).filter(({ keys }) => keys.length > 0);
    return { c, cmds, labels: cmds.map(({ keys }) => keys.map(keyLabel).join(', ')) };
  });
  // This run's set-up first: which backend, database, config and log are in use.
  if (s.info.length > 0) {
    const lw = Math.max(...s.info.map(([l]) => l.length));
    for (const [label, value] of s.info)
      out.push(line(span(`${label.padEnd(lw)}  `, theme['text.dim']), span(value, theme.text)));
    out.push(line(''));
  }
  const w = Math.max(0, ...groups.flatMap((g) => g.labels.map(stringWidth)));
  for (const { c, cmds, labels } of groups) {
    out.push(line(span(CONTEXT_TITLE[c], theme['text.strong'])));
    cmds.forEach(({ spec }, i) => {
      const k = labels[i] ?? '';
      out.push(
        line(
          span(`  ${k}${' '.repeat(w - stringWidth(k) + 2)}`, theme['text.accent']),
          span(spec.description, theme.text),
        ),
      );
    });
    out.push(line(''));
  }
  out.push(
    line(
      span(
        'Click a message to select it; text typed then goes to the message box.',
        theme['text.dim'],
      ),
    ),
    line(
      span(
        'Drag across the chat to copy; Shift-drag selects with the terminal.',
        theme['text.dim'],
      ),
    ),
  );
  out.push(
    line(
      span('All keys: docs/keybindings.md; change them under [keybindings].', theme['text.dim']),
    ),
  );
  return out;
}

/** At least 72 columns, wider when a line needs it and the screen has room (border and padding: 4). */
export function helpBox(screen: Rect, lines: readonly Line[]): Rect {
  const widest = Math.max(
    0,
    ...lines.map((l) => l.spans.reduce((n, x) => n + stringWidth(x.content), 0)),
  );
  const w = Math.min(screen.width - 4, Math.max(72, widest + 4));
  const h = Math.min(screen.height - 2, lines.length + 2);
  return popupArea(screen, w, h);
}

/** How far the help can scroll at the current size (the lines beyond its box). */
export function helpMaxScroll(s: State): number {
  const lines = helpLines(s, DARK_THEME);
  const box = helpBox(rect(0, 0, s.width, s.height), lines);
  return Math.max(0, lines.length - (box.height - 2));
}
