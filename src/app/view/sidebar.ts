// The sidebar: a bordered pane with a row of tabs (sessions, models, metrics,
// logs) and the selected tab's body below it.
import { type Buffer, type Rect, type Theme, drawBlock, drawTabs } from '../../tui/index.js';
import type { SidebarTab, State } from '../types/state.js';
import { type AppLayout, tabsProps } from '../geometry/layout.js';
import { drawLogsTab } from './logs-view.js';
import { drawMetricsTab } from './metrics-view.js';
import { drawModelsTab } from './models-view.js';
import { drawSessionsTab } from './sessions-view.js';

export type TabView = (buf: Buffer, body: Rect, s: State, theme: Theme, focused: boolean) => void;

const TAB_VIEWS: Readonly<Record<SidebarTab, TabView>> = {
  sessions: drawSessionsTab,
  models: drawModelsTab,
  metrics: drawMetricsTab,
  logs: drawLogsTab,
};

export function drawSidebar(buf: Buffer, l: AppLayout, s: State, theme: Theme): void {
  if (l.sidebar === undefined || l.sidebarTabs === undefined || l.sidebarBody === undefined) return;
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
  TAB_VIEWS[s.sidebarTab](buf, l.sidebarBody, s, theme, focused);
}
