// Draws the open dialog centred over the panes; returns where the text cursor
// goes (the focused field), if anywhere.
import {
  type Buffer,
  type Line,
  type Rect,
  type Theme,
  drawPopup,
  drawTextArea,
  line,
  popupArea,
  rect,
  span,
  stringWidth,
  truncate,
  truncateLine,
  visualRows,
  wrapLines,
} from '../../tui/index.js';
import {
  type ConfirmDialog,
  type Dialog,
  type FormDialog,
  type PickDialog,
  type PickItem,
  type PromptDialog,
  pickMatches,
} from '../panes/dialog.js';

type Cursor = { x: number; y: number } | undefined;

const HINTS: Readonly<Record<Dialog['kind'], string>> = {
  prompt: 'Enter saves · Esc cancels',
  confirm: 'y / Enter confirms · n / Esc cancels',
  form: 'Tab next field · Enter on the last field saves · Esc cancels',
  pick: '↑↓ choose · Enter picks · type to filter · Esc closes',
};

function hintOf(d: Dialog): string {
  if (d.kind === 'form' && d.submit !== undefined)
    return `Tab next field · Enter on the last field ${d.submit} · Esc cancels`;
  return d.kind === 'confirm' && d.danger ? '←→ choose · Enter · n / Esc cancels' : HINTS[d.kind];
}

function header(d: Dialog, width: number, theme: Theme): Line[] {
  const out: Line[] = [];
  if (d.help !== undefined) out.push(...wrapLines([line(span(d.help, theme['text.dim']))], width));
  if (d.error !== undefined)
    out.push(...wrapLines([line(span(`✗ ${d.error}`, theme['status.error']))], width));
  return out;
}

function box(screen: Rect, width: number, height: number): Rect {
  return popupArea(screen, Math.min(screen.width - 4, width), Math.min(screen.height - 2, height));
}

function frame(buf: Buffer, area: Rect, d: Dialog, theme: Theme): Rect {
  return drawPopup(buf, area, {
    titles: [
      { content: ` ${d.title} `, align: 'center' },
      { content: ` ${hintOf(d)} `, align: 'right', position: 'bottom' },
    ],
    borderStyle: theme['border.focused'],
    titleStyle: theme['title.focused'],
    style: theme.popup,
    padding: { top: 0, right: 1, bottom: 0, left: 1 },
  });
}

function drawLines(buf: Buffer, at: Rect, lines: readonly Line[]): number {
  let y = at.y;
  for (const l of lines) {
    if (y >= at.y + at.height) break;
    buf.setLine(at.x, y++, l, at.width);
  }
  return y;
}

function drawPrompt(buf: Buffer, screen: Rect, d: PromptDialog, theme: Theme): Cursor {
  const width = d.multiline ? 96 : 72;
  const innerW = Math.min(screen.width - 4, width) - 4;
  const head = header(d, innerW, theme);
  const rows = d.multiline
    ? Math.max(
        6,
        Math.min(screen.height - 8 - head.length, visualRows(d.editor.lines, innerW).length + 1),
      )
    : 1;
  const area = box(screen, width, head.length + rows + 3);
  const inner = frame(buf, area, d, theme);
  const y = drawLines(buf, inner, head);
  const field = rect(
    inner.x,
    y + (head.length > 0 ? 1 : 0),
    inner.width,
    Math.max(1, inner.y + inner.height - y - (head.length > 0 ? 1 : 0)),
  );
  return drawTextArea(buf, field, d.editor, {
    focused: true,
    ...(d.placeholder !== undefined ? { placeholder: d.placeholder } : {}),
    placeholderStyle: theme['input.placeholder'],
  });
}

function drawConfirm(buf: Buffer, screen: Rect, d: ConfirmDialog, theme: Theme): Cursor {
  const innerW = Math.min(screen.width - 4, 64) - 4;
  const msg = wrapLines(
    [line(span(d.message, d.danger ? theme['status.error'] : theme.text))],
    innerW,
  );
  const head = header(d, innerW, theme);
  const area = box(screen, 64, head.length + msg.length + 4);
  const inner = frame(buf, area, d, theme);
  let y = drawLines(buf, inner, [...head, ...msg]);
  y += 1;
  // The button Enter activates is drawn selected; a dangerous action names no letter key.
  const label = d.danger ? ` ${d.confirmLabel} ` : ` ${d.confirmLabel} (y) `;
  const actionStyle = d.danger ? theme['status.error'] : theme['text.accent'];
  const x = buf.setString(
    inner.x,
    y,
    label,
    d.choice === 'confirm' ? { ...actionStyle, ...theme.selection } : actionStyle,
  );
  buf.setString(
    x + 2,
    y,
    ' Cancel (n) ',
    d.choice === 'cancel' ? { ...theme.text, ...theme.selection } : theme['text.dim'],
  );
  return undefined;
}

function drawForm(buf: Buffer, screen: Rect, d: FormDialog, theme: Theme): Cursor {
  const innerW = Math.min(screen.width - 4, 80) - 4;
  const head = header(d, innerW, theme);
  // Labels are shown whole up to 40% of the box (the fields keep the rest).
  const labelW = Math.min(
    Math.max(24, Math.floor(innerW * 0.4)),
    Math.max(...d.fields.map((f) => stringWidth(f.label))) + 2,
  );
  const area = box(screen, 80, head.length + d.fields.length + 3 + (head.length > 0 ? 1 : 0));
  const inner = frame(buf, area, d, theme);
  let y = drawLines(buf, inner, head);
  if (head.length > 0) y++;
  let cursor: Cursor;
  d.fields.forEach((f, i) => {
    if (y >= inner.y + inner.height) return;
    const focused = i === d.focused;
    buf.setString(
      inner.x,
      y,
      truncate(f.label, labelW - 1),
      focused ? theme['text.accent'] : theme['text.dim'],
    );
    const c = drawTextArea(buf, rect(inner.x + labelW, y, inner.width - labelW, 1), f.editor, {
      focused,
      ...(f.placeholder !== undefined ? { placeholder: f.placeholder } : {}),
      placeholderStyle: theme['input.placeholder'],
    });
    if (focused) cursor = c;
    y++;
  });
  return cursor;
}

/**
 * The pick box's width: 84 columns, wider (up to 120) when an item's label,
 * detail and key need it and the screen has room, so wide terminals show the
 * rows whole. From every item, not the matches, so it holds still while typing.
 */
function pickWidth(d: PickDialog): number {
  const need = Math.max(
    0,
    ...d.items.map(
      (it) =>
        stringWidth(it.label) +
        (it.detail !== undefined ? 2 + stringWidth(it.detail) : 0) +
        (it.aside !== undefined ? 2 + stringWidth(it.aside) : 0),
    ),
  );
  return Math.min(120, Math.max(84, need + 4));
}

/** The pick box's text above the filter, at most `room` rows (the last one says what was left out). */
function pickBody(d: PickDialog, width: number, room: number, theme: Theme): Line[] {
  if (d.body === undefined || room < 2) return [];
  const all = wrapLines(
    d.body.map((t) => line(span(t, theme.text))),
    width,
  );
  all.push(line());
  if (all.length <= room) return all;
  const shown = all.slice(0, room - 1);
  shown.push(
    line(
      span(
        `… ${all.length - room + 1} more lines (choose "Edit" to see them all)`,
        theme['text.dim'],
      ),
    ),
  );
  return shown;
}

/** Draws a preview of the highlighted item beside a picker's list (the attachment picker's). */
export type PickAside = (buf: Buffer, area: Rect, item: PickItem | undefined) => void;

/** Rows a picker with a preview beside its list shows at least. */
const ASIDE_ROWS = 12;

function drawPick(
  buf: Buffer,
  screen: Rect,
  d: PickDialog,
  theme: Theme,
  aside?: PickAside,
): Cursor {
  const width = aside === undefined ? pickWidth(d) : Math.max(pickWidth(d) * 2, 100);
  const innerW = Math.min(screen.width - 4, width) - 4;
  const head = header(d, innerW, theme);
  const matches = pickMatches(d);
  const wanted = Math.max(matches.length, aside === undefined ? 3 : ASIDE_ROWS);
  const listH = Math.max(3, Math.min(screen.height - 8 - head.length, wanted));
  // The text some dialogs show above the filter (a tool call's arguments), cut to the room left.
  const body = pickBody(d, innerW, Math.max(0, screen.height - 8 - head.length - listH), theme);
  const area = box(screen, width, head.length + body.length + listH + 4);
  const full = frame(buf, area, d, theme);
  // With a preview the list takes the left part and the preview the right.
  const split = aside !== undefined && full.width >= 40;
  const listW = split ? Math.floor(full.width * 0.5) : full.width;
  const inner = rect(full.x, full.y, listW, full.height);
  if (split) {
    const top = full.y + head.length + body.length + 2;
    aside(
      buf,
      rect(full.x + listW + 2, top, full.width - listW - 2, full.y + full.height - top),
      matches[d.selected]?.item,
    );
  }
  let y = drawLines(buf, full, [...head, ...body]);
  buf.setString(inner.x, y, '› ', theme['text.accent']);
  const cursor = drawTextArea(buf, rect(inner.x + 2, y, inner.width - 2, 1), d.filter, {
    focused: true,
    placeholder: 'type to filter',
    placeholderStyle: theme['input.placeholder'],
  });
  y += 2;
  const rows = Math.max(0, inner.y + inner.height - y);
  if (matches.length === 0) {
    buf.setString(inner.x, y, d.emptyText ?? 'Nothing matches.', theme['text.dim'], inner.width);
    return cursor;
  }
  const off = Math.max(0, Math.min(d.selected - rows + 1, matches.length - rows));
  for (let r = 0; r < rows; r++) {
    const m = matches[off + r];
    if (m === undefined) break;
    const sel = off + r === d.selected;
    const rowY = y + r;
    if (sel) buf.setStyle(rect(inner.x, rowY, inner.width, 1), theme.selection);
    const aside = m.item.aside ?? '';
    const asideW = stringWidth(aside);
    const room = Math.max(1, inner.width - asideW - 2);
    // The label with the matched characters highlighted, then the detail.
    const hit = new Set(m.match.positions);
    const spans = Array.from(m.item.label, (ch, i) =>
      span(
        ch,
        hit.has(i)
          ? { ...theme['text.accent'], ...(sel ? theme.selection : {}) }
          : sel
            ? theme.selection
            : theme.text,
      ),
    );
    if (m.item.detail !== undefined) spans.push(span(`  ${m.item.detail}`, theme['text.dim']));
    // A row too long for the box ends in an ellipsis rather than a word cut short.
    buf.setLine(inner.x + 1, rowY, truncateLine(line(...spans), room), room);
    if (aside !== '') buf.setString(inner.x + inner.width - asideW, rowY, aside, theme['text.dim']);
  }
  if (matches.length > rows)
    buf.setString(
      area.x + 2,
      area.y + area.height - 1,
      ` ${d.selected + 1}/${matches.length} `,
      theme['text.dim'],
    );
  return cursor;
}

export function drawDialog(
  buf: Buffer,
  screen: Rect,
  d: Dialog,
  theme: Theme,
  aside?: PickAside,
): Cursor {
  switch (d.kind) {
    case 'prompt':
      return drawPrompt(buf, screen, d, theme);
    case 'confirm':
      return drawConfirm(buf, screen, d, theme);
    case 'form':
      return drawForm(buf, screen, d, theme);
    case 'pick':
      return drawPick(buf, screen, d, theme, aside);
  }
}
