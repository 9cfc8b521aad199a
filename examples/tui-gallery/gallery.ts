// The engine gallery (`npm run demo:tui`): every widget on five pages, with
// keyboard and mouse, for looking at the engine as a user would. It runs on the
// engine's own terminal host, which restores the terminal on every exit path.
// An example, not part of the app: it uses the built engine (dist/tui, so build
// first) through its public index, and Node runs this TypeScript as it is
// (`node --experimental-strip-types examples/tui-gallery/gallery.ts`).
import {
  DARK_THEME,
  GRAPHICS_SETTINGS,
  Graphics,
  MONO_THEME,
  detectColorDepth,
  type GraphicsSetting,
  contains,
  drawParagraph,
  drawPopup,
  drawTabs,
  fill,
  length,
  line,
  listItemAt,
  listSelect,
  loadHighlighter,
  popupArea,
  rect,
  runHost,
  span,
  tabAt,
  textAreaHandleKey,
  textAreaHandlePaste,
  vertical,
  type Frame,
  type HostControls,
  type InputEvent,
  type KeyEvent,
  type MouseEvent,
} from '../../dist/tui/index.js';
import {
  drawChartsPage,
  drawEditorPage,
  drawListsPage,
  drawMarkdownPage,
  drawTextPage,
  helpLines,
} from './pages.ts';
import { cycleProtocol, drawPicturesPage, picturesState } from './pictures.ts';
import { type GalleryState, MODELS, PAGES, SAMPLE_MARKDOWN, initialState } from './state.ts';

export function drawGallery(frame: Frame, s: GalleryState, host?: HostControls): void {
  const buf = frame.buffer;
  const theme = s.theme;
  const [tabsRow, body, status] = vertical(buf.area, [length(1), fill(), length(1)]);
  const tabsArea = tabsRow ?? buf.area;
  s.hit.tabs = tabsArea;
  buf.setString(tabsArea.x, tabsArea.y, ' mistralrs-tui engine ', { ...theme['title.focused'] });
  const tabsProps = {
    titles: PAGES.map((p, i) => `${i + 1} ${p}`),
    selected: s.page,
    highlightStyle: theme.selection,
    dividerStyle: theme.border,
  };
  const tabsRect = rect(tabsArea.x + 22, tabsArea.y, Math.max(0, tabsArea.width - 22), 1);
  s.hit.tabs = tabsRect;
  drawTabs(buf, tabsRect, tabsProps);
  const area = body ?? buf.area;
  let cursor: { x: number; y: number } | undefined;
  if (s.page === 0) drawTextPage(buf, area, s);
  if (s.page === 1) drawListsPage(buf, area, s);
  if (s.page === 2) drawChartsPage(buf, area, s);
  if (s.page === 3) cursor = drawEditorPage(buf, area, s);
  if (s.page === 4) drawMarkdownPage(buf, area, s);
  if (s.page === 5) {
    s.pictures ??= picturesState(
      new Graphics(host?.graphics, {
        depth: detectColorDepth(process.env),
        onChange: () => host?.requestFrame(),
      }),
    );
    drawPicturesPage(buf, area, s.pictures, theme);
  }
  const st = status ?? buf.area;
  drawParagraph(buf, st, {
    text: {
      lines: [
        line(
          span(' ? help  q quit  Ctrl+Z suspend ', theme['text.dim']),
          span(`  ${s.lastEvent}`, theme['text.accent']),
        ),
      ],
    },
    style: theme['selection.inactive'],
  });
  if (s.help) {
    const p = popupArea(buf.area, 56, 14);
    const inner = drawPopup(buf, p, {
      titles: [{ content: ' Help ', align: 'center' }],
      borderStyle: theme['border.focused'],
      style: theme.popup,
      padding: { top: 1, right: 2, bottom: 0, left: 2 },
    });
    drawParagraph(buf, inner, { text: { lines: helpLines(theme) } });
    cursor = undefined;
  }
  if (cursor) frame.setCursor(cursor.x, cursor.y);
}

function describe(e: InputEvent): string {
  if (e.type === 'key') {
    const mods = [e.ctrl && 'Ctrl', e.alt && 'Alt', e.shift && 'Shift', e.meta && 'Super']
      .filter(Boolean)
      .join('+');
    return `key ${mods ? mods + '+' : ''}${e.key === ' ' ? 'space' : e.key}${e.kind === 'press' ? '' : ` (${e.kind})`}`;
  }
  if (e.type === 'mouse') return `mouse ${e.action} ${e.button} at ${e.x},${e.y}`;
  if (e.type === 'paste') return `paste of ${e.text.length} chars`;
  if (e.type === 'focus') return e.focused ? 'focus in' : 'focus out';
  return e.type;
}

function onKey(e: KeyEvent, s: GalleryState, host: HostControls): void {
  if (e.kind === 'release') return;
  if (e.ctrl && e.key === 'c') {
    host.quit(0);
    return;
  }
  if (e.ctrl && e.key === 'z') {
    host.suspend();
    return;
  }
  if (s.help) {
    if (e.key === '?' || e.key === 'escape' || e.key === 'q') s.help = false;
    return;
  }
  if (s.focus === 'editor') {
    if (e.key === 'escape') s.focus = 'none';
    else if (e.key === 'enter' && !e.shift && !e.alt) {
      const v = s.editor.submit();
      if (v.trim() !== '') s.submitted.push(v);
    } else textAreaHandleKey(s.editor, e);
    return;
  }
  if (e.key === 'q') {
    host.quit(0);
    return;
  }
  if (e.key === '?') s.help = true;
  if (e.key >= '1' && e.key <= '6' && e.key.length === 1) setPage(s, Number(e.key) - 1);
  if (e.key === 'tab') setPage(s, (s.page + (e.shift ? PAGES.length - 1 : 1)) % PAGES.length);
  const delta =
    e.key === 'down' || e.key === 'j'
      ? 1
      : e.key === 'up' || e.key === 'k'
        ? -1
        : e.key === 'pagedown'
          ? 10
          : e.key === 'pageup'
            ? -10
            : 0;
  if (s.page === 1) {
    if (e.key === 'left' || e.key === 'h') s.focus = 'list';
    if (e.key === 'right' || e.key === 'l') s.focus = 'table';
    if (delta !== 0) listSelect(s.focus === 'table' ? s.table : s.list, MODELS.length, delta);
  }
  if (s.page === 3 && (e.key === 'i' || e.key === 'enter')) s.focus = 'editor';
  if (s.page === 4) s.mdScroll = Math.max(0, s.mdScroll + delta);
  if (s.page === 5 && e.key === 'p' && s.pictures) cycleProtocol(s.pictures);
  if (s.page === 4 && e.key === 's') s.mdStream = s.mdStream === undefined ? 0 : undefined;
}

function setPage(s: GalleryState, page: number): void {
  s.page = page;
  s.focus = page === 1 ? 'list' : page === 3 ? 'editor' : 'none';
}

function onMouse(e: MouseEvent, s: GalleryState): void {
  const wheel = e.action === 'wheelDown' ? 3 : e.action === 'wheelUp' ? -3 : 0;
  if (e.action === 'press' && e.button === 'left') {
    if (s.help) {
      s.help = false;
      return;
    }
    if (contains(s.hit.tabs, e.x, e.y)) {
      const i = tabAt(
        s.hit.tabs,
        { titles: PAGES.map((p, k) => `${k + 1} ${p}`), selected: s.page },
        e.x,
      );
      if (i !== undefined) setPage(s, i);
      return;
    }
  }
  if (s.page === 1) {
    for (const which of ['list', 'table'] as const) {
      const r = s.hit[which];
      if (!contains(r, e.x, e.y)) continue;
      const st = which === 'list' ? s.list : s.table;
      if (wheel !== 0) {
        listSelect(st, MODELS.length, wheel > 0 ? 1 : -1);
      } else if (e.action === 'press' || e.action === 'drag') {
        // The table's first row is its header.
        const rows = which === 'table' ? rect(r.x, r.y + 1, r.width, r.height - 1) : r;
        const i = listItemAt(rows, st, MODELS.length, e.y);
        if (i !== undefined) st.selected = i;
        s.focus = which;
      }
    }
  }
  if (s.page === 3 && e.action === 'press' && contains(s.hit.editor, e.x, e.y)) s.focus = 'editor';
  if (s.page === 4 && wheel !== 0) s.mdScroll = Math.max(0, s.mdScroll + wheel);
}

export function handleEvent(e: InputEvent, s: GalleryState, host: HostControls): void {
  if (e.type !== 'mouse' || e.action !== 'move') s.lastEvent = describe(e);
  if (e.type === 'key') onKey(e, s, host);
  else if (e.type === 'mouse') onMouse(e, s);
  else if (e.type === 'paste' && s.focus === 'editor') textAreaHandlePaste(s.editor, e);
  host.requestFrameNow();
}

/** The gallery takes `ui.images` from the environment (it reads no config file). */
function imagesSetting(v: string | undefined): GraphicsSetting {
  return GRAPHICS_SETTINGS.find((x) => x === v) ?? 'auto';
}

async function main(): Promise<void> {
  const env = process.env;
  const mono = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const s = initialState(mono ? MONO_THEME : DARK_THEME);
  let hostRef: HostControls | undefined;
  void loadHighlighter(() => hostRef?.requestFrame());
  const ticker = setInterval(() => {
    s.tick++;
    s.spark.push(Math.max(0, (s.spark[s.spark.length - 1] ?? 20) + (Math.random() - 0.5) * 8));
    if (s.spark.length > 400) s.spark.shift();
    if (s.page === 2) hostRef?.requestFrame();
    if (s.page === 5 && s.pictures) {
      s.pictures.position = (s.pictures.position + 0.1) % 6;
      hostRef?.requestFrame();
    }
  }, 100);
  // The Markdown page's stream: a few characters every 20 ms, like tokens arriving.
  const streamer = setInterval(() => {
    if (s.mdStream === undefined) return;
    s.mdStream += 3 + Math.floor(Math.random() * 6);
    if (s.mdStream >= SAMPLE_MARKDOWN.length) s.mdStream = undefined;
    if (s.page === 4) hostRef?.requestFrame();
  }, 20);
  const code = await runHost({
    mouse: true,
    images: imagesSetting(env.MISTRALRS_TUI_IMAGES),
    view: (frame, host) => {
      hostRef = host;
      drawGallery(frame, s, host);
    },
    onEvent: (e, host) => {
      handleEvent(e, s, host);
    },
  });
  clearInterval(ticker);
  clearInterval(streamer);
  process.exit(code);
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/')))
  void main();
