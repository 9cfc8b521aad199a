// Commands of the app's shell: quit, help, suspend, focus, layouts, the
// sidebar's tabs and width, theme, palette and the notification history.
import { confirmDialog, pickDialog } from './dialog.js';
import { openPalette } from './palette.js';
import * as chat from './chat.js';
import { type Handlers, type Result, none } from '../types/result.js';
import {
  type LayoutName,
  type Pane,
  type SidebarTab,
  sidebarTabs,
  type State,
  fixFocus,
  focusOrder,
} from '../types/state.js';
import type { ThemeName } from '../types/themes.js';
import { helpMaxScroll } from '../geometry/help-rows.js';

/** The narrowest and widest sidebar setting (the layout also keeps it to a third of the screen). */
export const SIDEBAR_MIN = 24;
export const SIDEBAR_STEP = 4;

export function sidebarMax(width: number): number {
  return Math.max(SIDEBAR_MIN, Math.floor(width / 3));
}

export function focus(s: State, pane: Pane): State {
  return s.focus === pane ? s : { ...s, focus: pane };
}

function cycleFocus(s: State, step: number): State {
  const order = focusOrder(s);
  const i = order.indexOf(s.focus);
  const next = order[(i + step + order.length) % order.length] ?? 'composer';
  return focus(s, next);
}

export function setLayout(s: State, layout: LayoutName): Result {
  if (layout === s.layout) return none(s);
  return [fixFocus({ ...s, layout }), [{ type: 'saveSetting', key: 'ui.layout', value: layout }]];
}

/** Shows a sidebar tab and focuses it; the same key again goes back to typing. */
export function showTab(s: State, tab: SidebarTab): Result {
  if (s.sidebarTab === tab && s.focus === 'sidebar') return none(focus(s, 'composer'));
  const [withLayout, fx] =
    s.layout === 'single' ? setLayout(s, 'dual') : ([s, []] as const satisfies Result);
  const next: State = { ...withLayout, sidebarTab: tab };
  const shown = focusOrder(next).includes('sidebar');
  return [
    shown ? focus(next, 'sidebar') : next,
    [...fx, { type: 'saveSetting', key: 'ui.sidebar_tab', value: tab }],
  ];
}

function stepTab(s: State, step: number): Result {
  const tabs = sidebarTabs(s);
  const i = tabs.indexOf(s.sidebarTab);
  const tab = tabs[(i + step + tabs.length) % tabs.length] ?? 'sessions';
  return [{ ...s, sidebarTab: tab }, [{ type: 'saveSetting', key: 'ui.sidebar_tab', value: tab }]];
}

export function clampSidebar(width: number, screenWidth: number): number {
  return Math.max(SIDEBAR_MIN, Math.min(sidebarMax(screenWidth), Math.round(width)));
}

/** Sets the sidebar's width (clamped); `save` remembers it in the store. */
export function resizeSidebar(s: State, width: number, save: boolean): Result {
  const w = clampSidebar(width, s.width);
  const next = w === s.sidebarWidth ? s : { ...s, sidebarWidth: w };
  return [next, save ? [{ type: 'saveSetting', key: 'ui.sidebar_width', value: String(w) }] : []];
}

const THEMES: readonly ThemeName[] = ['dark', 'light', 'high-contrast'];

function nextTheme(s: State): Result {
  const theme = THEMES[(THEMES.indexOf(s.theme) + 1) % THEMES.length] ?? 'dark';
  return [{ ...s, theme }, [{ type: 'saveSetting', key: 'ui.theme', value: theme }]];
}

function notifications(s: State): Result {
  const items = [...s.notices].reverse().map((n) => ({
    label: n.text,
    aside: `${n.level} ${n.at.slice(11, 19)}`,
    value: String(n.id),
  }));
  const d = pickDialog('Notifications', { type: 'none' }, items, {
    emptyText: 'No notifications yet.',
  });
  return none({ ...s, overlay: { kind: 'dialog', dialog: d } });
}

const quit = (s: State): Result => [s, [...chat.cancel(s)[1], { type: 'quit' }]];

/**
 * `q` outside the message box quits at once unless an unsent message would be
 * lost: a letter is easy to type by mistake (the first letter of "quick
 * question?" typed into the sidebar), so then it asks, starting on Cancel.
 */
function quitByLetter(s: State): Result {
  const draft = s.composer.editor.value;
  if (draft.trim() === '') return quit(s);
  const d = confirmDialog(
    'Quit mistralrs-tui',
    `The message you are writing (${draft.length} characters) is not sent and will be lost. Quit anyway?`,
    { type: 'quit' },
    { confirmLabel: 'Quit', danger: true },
  );
  return none({ ...s, overlay: { kind: 'dialog', dialog: d } });
}
const help = (s: State): Result => none({ ...s, overlay: { kind: 'help' }, helpScroll: 0 });

export const globalCommands: Handlers = {
  'app.quit': quit,
  'chat.quit': quitByLetter,
  'sidebar.quit': quitByLetter,
  'app.help': help,
  'chat.help': help,
  'sidebar.help': help,
  'help.close': (s) => {
    const { overlay: _o, ...rest } = s;
    return none(rest);
  },
  'help.up': (s) => none({ ...s, helpScroll: Math.max(0, s.helpScroll - 1) }),
  'help.down': (s) => none({ ...s, helpScroll: Math.min(helpMaxScroll(s), s.helpScroll + 1) }),
  'app.suspend': (s) => [s, [{ type: 'suspend' }]],
  'app.palette': openPalette,
  'app.theme': nextTheme,
  'app.notifications': notifications,
  'focus.next': (s) => none(cycleFocus(s, 1)),
  'focus.prev': (s) => none(cycleFocus(s, -1)),
  'layout.toggle': (s) => setLayout(s, s.layout === 'single' ? 'dual' : 'single'),
  'layout.inspector': (s) => setLayout(s, s.layout === 'inspector' ? 'dual' : 'inspector'),
  'layout.single': (s) => setLayout(s, 'single'),
  'layout.dual': (s) => setLayout(s, 'dual'),
  'sidebar.sessions': (s) => showTab(s, 'sessions'),
  'sidebar.models': (s) => showTab(s, 'models'),
  'sidebar.metrics': (s) => showTab(s, 'metrics'),
  'sidebar.logs': (s) => showTab(s, 'logs'),
  'sidebar.tools': (s) => showTab(s, 'tools'),
  'sidebar.next_tab': (s) => stepTab(s, 1),
  'sidebar.prev_tab': (s) => stepTab(s, -1),
  'sidebar.wider': (s) => resizeSidebar(s, s.sidebarWidth + SIDEBAR_STEP, true),
  'sidebar.narrower': (s) => resizeSidebar(s, s.sidebarWidth - SIDEBAR_STEP, true),
};
