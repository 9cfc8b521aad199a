// Commands of the app's shell: quit, help, suspend, focus, layouts, the
// sidebar's tabs and width, theme, palette and the notification history.
import { confirmDialog } from './dialog.js';
import { notify } from './notify.js';
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
  sidebarShown,
} from '../types/state.js';
import { THEME_NAMES, type ThemeName } from '../types/themes.js';
import { keyLabel } from '../types/keymap.js';
import { helpMaxScroll } from '../geometry/help-rows.js';
import { sidebarCells } from '../geometry/layout.js';

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

/**
 * Shows a sidebar tab and focuses it, whatever had focus or which tab was on:
 * the key means "that tab", never a toggle (pressed twice it stayed put, not
 * sent the focus back to typing half the time). A layout without the sidebar
 * (chat only, or the inspector on a narrow screen) gives way to chat and sidebar.
 */
export function showTab(s: State, tab: SidebarTab): Result {
  const [withLayout, fx] = sidebarShown(s)
    ? ([s, []] as const satisfies Result)
    : setLayout(s, 'dual');
  const next = focus({ ...withLayout, sidebarTab: tab }, 'sidebar');
  if (s.sidebarTab === tab) return [next, fx];
  return [next, [...fx, { type: 'saveSetting', key: 'ui.sidebar_tab', value: tab }]];
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

/**
 * `<` and `>`: a step from the width on screen (the setting may be wider than
 * this screen allows). At a limit nothing changes, and a key that seems to do
 * nothing says why.
 */
function stepSidebar(s: State, step: number): Result {
  const shown = sidebarCells(s, s.width);
  const third = Math.floor(s.width / 3);
  if (step > 0 && shown >= third)
    return none(
      notify(
        s,
        'info',
        `The sidebar is at its widest: a third of the screen (${shown} of ${s.width} columns)`,
      ),
    );
  const [next, fx] = resizeSidebar(s, shown + step, true);
  if (step < 0 && sidebarCells(next, s.width) >= shown)
    return [notify(next, 'info', `The sidebar is at its narrowest (${shown} columns)`), fx];
  return [next, fx];
}

/** Switches the theme and says which one is on (a theme can look much like another). */
export function setTheme(s: State, theme: ThemeName): Result {
  const others = THEME_NAMES.filter((t) => t !== theme).join(', ');
  const next = notify({ ...s, theme }, 'info', `Theme: ${theme} (also ${others})`);
  return [next, [{ type: 'saveSetting', key: 'ui.theme', value: theme }]];
}

function nextTheme(s: State): Result {
  const i = THEME_NAMES.indexOf(s.theme);
  return setTheme(s, THEME_NAMES[(i + 1) % THEME_NAMES.length] ?? 'dark');
}

/**
 * The notifications of this run in full, wrapped (the logs tab's second view):
 * a toast cut at two rows names this key.
 */
function notifications(s: State): Result {
  const logs = { ...s.logs, view: 'notifications' as const, scroll: 0, follow: true };
  return showTab({ ...s, logs }, 'logs');
}

const quit = (s: State): Result => [s, [...chat.cancel(s)[1], { type: 'quit' }]];

/**
 * Ctrl+C while a reply streams stops the reply, as in a shell: people press it
 * to stop the model, not to lose the app. A second Ctrl+C quits.
 */
function interrupt(s: State): Result {
  const st = s.chat.streaming;
  if (st === undefined || st.stopping === true) return quit(s);
  const stopped: State = { ...s, chat: { ...s.chat, streaming: { ...st, stopping: true } } };
  const key = s.keymap['app.quit'][0];
  const again = key === undefined ? 'Quitting now' : `${keyLabel(key)} again quits`;
  return [
    notify(stopped, 'info', `Reply stopped. ${again}.`),
    [{ type: 'cancelChat', requestId: st.requestId }],
  ];
}

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
  'app.quit': interrupt,
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
  'sidebar.wider': (s) => stepSidebar(s, SIDEBAR_STEP),
  'sidebar.narrower': (s) => stepSidebar(s, -SIDEBAR_STEP),
};
