// The sidebar: a bordered pane with a row of tabs (sessions, models, metrics,
// logs) and the selected tab's body below it, and which list entry each row
// of the body shows (for the mouse).
import { type Buffer, type Rect, type Theme, drawBlock, drawTabs } from '../../tui/index.js';
import type { SidebarTab, State } from '../types/state.js';
import { type AppLayout, tabsProps } from '../geometry/layout.js';
import { drawLogsTab } from './logs-view.js';
import { drawMetricsTab } from './metrics-view.js';
import { sessionRowAt } from '../geometry/sessions-rows.js';
import { drawModelsTab, modelsRowMap } from './models-view.js';
import { drawSessionsTab } from './sessions-view.js';
import { drawToolsTab } from './tools-view.js';

export type TabView = (buf: Buffer, body: Rect, s: State, theme: Theme, focused: boolean) => void;

/** Per row of the sidebar's body: the tab's list index drawn there (undefined: none). */
export type TabRows = (s: State, body: Rect) => (number | undefined)[];

/** Each tab's row map, from the geometry its view draws with; tabs without a clickable list map nothing. */
const TAB_ROWS: Readonly<Record<SidebarTab, TabRows | undefined>> = {
  sessions: (s, body) =>
    Array.from({ length: body.height }, (_, r) => sessionRowAt(s, body, body.y + r)),
  models: modelsRowMap,
  metrics: undefined,
  logs: undefined,
  tools: undefined,
};

const TAB_VIEWS: Readonly<Record<SidebarTab, TabView>> = {
  sessions: drawSessionsTab,
  models: drawModelsTab,
  metrics: drawMetricsTab,
  logs: drawLogsTab,
  tools: drawToolsTab,
};

/**
 * Draws the sidebar; returns, per row of its body, the list entry drawn there
 * (what a click on that row selects: geometry/layout.ts hitTest).
 */
export function drawSidebar(
  buf: Buffer,
  l: AppLayout,
  s: State,
  theme: Theme,
): (number | undefined)[] | undefined {
  if (l.sidebar === undefined || l.sidebarTabs === undefined || l.sidebarBody === undefined)
    return undefined;
  const focused = s.focus === 'sidebar' && s.overlay === undefined;
  drawBlock(buf, l.sidebar, {
    borderType: 'rounded',
    borderStyle: focused ? theme['border.focused'] : theme.border,
  });
  drawTabs(buf, l.sidebarTabs, {
    ...tabsProps(s, l.sidebarTabs.width),
    style: theme['text.dim'],
    highlightStyle: focused ? theme['title.focused'] : theme['text.strong'],
    dividerStyle: theme.border,
  });
  const body = l.sidebarBody;
  TAB_VIEWS[s.sidebarTab](buf, body, s, theme, focused);
  return TAB_ROWS[s.sidebarTab]?.(s, body);
}
