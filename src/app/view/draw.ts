// Draws the whole app for one frame: layout once, then each pane into its
// rect, the help overlay on top. Returns the layout with what the chat and
// the sidebar drew on each row (for mouse hit-testing); it changes nothing
// in the state.
import {
  type Frame,
  type Theme,
  drawBlock,
  drawTextArea,
  inner,
  line,
  span,
  stringWidth,
} from '../../tui/index.js';
import type { State } from '../types/state.js';
import type { ViewCache } from '../geometry/chat-layout.js';
import { drawChat } from './chat-view.js';
import {
  type AppLayout,
  MIN_HEIGHT,
  MIN_WIDTH,
  chatTextArea,
  computeLayout,
} from '../geometry/layout.js';
import { drawDialog } from './dialog-view.js';
import { drawInspector } from './inspector-view.js';
import { drawHelp, drawStatus } from './panels.js';
import { drawSidebar } from './sidebar.js';
import { drawToasts } from './toasts.js';
import { drawCompletion } from './completion-view.js';
import { settingsTitle } from '../panes/session-settings.js';
import { drawChips, drawMediaOverlay, drawPickPreview } from './attachment-view.js';

/** What a frame drew, for the mouse: the layout, with the rows the chat and the sidebar showed. */
export interface Drawn {
  readonly layout: AppLayout;
}

function tooSmall(frame: Frame, s: State, theme: Theme): void {
  const buf = frame.buffer;
  const msg = [
    `Terminal too small: ${s.width}x${s.height}`,
    `mistralrs-tui needs ${MIN_WIDTH}x${MIN_HEIGHT}`,
    'Ctrl+C quits',
  ];
  const top = Math.max(0, Math.floor((s.height - msg.length) / 2));
  msg.forEach((m, i) => {
    const x = Math.max(0, Math.floor((s.width - m.length) / 2));
    buf.setString(x, top + i, m, i === 0 ? theme['status.warn'] : theme['text.dim'], s.width - x);
  });
}

/** The composer's hints, longest first: the longest that fits is shown (a hint cut off reads as broken). */
const PLACEHOLDERS = [
  'Ask anything. Enter sends, Alt+Enter adds a line, / for commands.',
  'Ask anything. Enter sends, / for commands.',
  'Ask anything.',
];

function placeholderFor(width: number): string {
  return PLACEHOLDERS.find((p) => stringWidth(p) <= width) ?? 'Ask anything.';
}

export function drawApp(frame: Frame, s: State, cache: ViewCache): Drawn {
  const theme = cache.theme;
  const layout = computeLayout(s);
  if (layout.tooSmall) {
    tooSmall(frame, s, theme);
    return { layout };
  }
  const buf = frame.buffer;
  const chatFocused = s.focus === 'chat';
  const title = s.chat.title ?? 'New chat';
  drawBlock(buf, layout.chat, {
    borderType: 'rounded',
    borderStyle: chatFocused ? theme['border.focused'] : theme.border,
    titles: [{ content: line(span(` ${title} `)) }, ...settingsTitle(s)],
    titleStyle: chatFocused ? theme['title.focused'] : theme.title,
  });
  const { rows: chatRows } = drawChat(buf, chatTextArea(layout), s, cache);

  const composerFocused = s.focus === 'composer' && s.overlay === undefined;
  const composerInner = drawBlock(buf, layout.composer, {
    borderType: 'rounded',
    borderStyle: composerFocused ? theme['border.focused'] : theme.border,
    titles: [{ content: ' Message ' }],
    titleStyle: composerFocused ? theme['title.focused'] : theme.title,
  });
  // Attachment chips take the editor's first row.
  const chipRow = (s.composer.attachments?.length ?? 0) > 0 ? 1 : 0;
  drawChips(buf, layout, s, theme);
  const cursor = drawTextArea(
    buf,
    inner(composerInner, { top: chipRow, right: 1, bottom: 0, left: 1 }),
    s.composer.editor,
    {
      placeholder: placeholderFor(composerInner.width - 2),
      placeholderStyle: theme['input.placeholder'],
      focused: composerFocused,
    },
  );
  const sidebarRows = drawSidebar(buf, layout, s, theme);
  if (layout.inspector !== undefined) drawInspector(buf, layout.inspector, s, theme);
  drawStatus(buf, layout.status, s, theme);
  drawCompletion(buf, layout.composer, s, theme);
  drawToasts(buf, layout, s, theme);
  if (s.overlay?.kind === 'help') drawHelp(buf, layout.screen, s, theme);
  else if (s.overlay?.kind === 'media') drawMediaOverlay(buf, layout.screen, s.overlay.ref, cache);
  else if (s.overlay?.kind === 'dialog') {
    const d = s.overlay.dialog;
    // The attachment picker shows the highlighted file beside its list.
    const p = d.purpose;
    const c = drawDialog(
      buf,
      layout.screen,
      d,
      theme,
      p.type === 'attachPick'
        ? (b, area, item) => {
            drawPickPreview(b, area, p.root, item, s, cache);
          }
        : undefined,
    );
    if (c !== undefined) frame.setCursor(c.x, c.y);
  } else if (composerFocused && cursor !== undefined) frame.setCursor(cursor.x, cursor.y);
  return {
    layout: { ...layout, chatRows, ...(sidebarRows !== undefined ? { sidebarRows } : {}) },
  };
}
