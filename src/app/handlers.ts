// Every command's reducer, gathered from the panes. A test checks that each
// command in the keymap has one.
import { globalCommands } from './panes/global.js';
import { chatCommands } from './panes/chat-commands.js';
import { composerCommands } from './panes/composer.js';
import { attachmentCommands } from './panes/attachments.js';
import { logsCommands, logsMouse } from './panes/logs.js';
import { metricsCommands } from './panes/metrics.js';
import { modelsCommands, modelsMouse } from './panes/models.js';
import { sessionsCommands, sessionsMouse } from './panes/sessions.js';
import { toolsCommands, toolsMouse } from './panes/tools-tab.js';
import type { Handlers, Result } from './types/result.js';
import type { SidebarTab, State } from './types/state.js';

export const HANDLERS: Handlers = {
  ...globalCommands,
  ...chatCommands,
  ...composerCommands,
  ...attachmentCommands,
  ...sessionsCommands,
  ...metricsCommands,
  ...logsCommands,
  ...modelsCommands,
  ...toolsCommands,
};

/** What a click or the wheel does inside a sidebar tab's list (row index from the hit test). */
export interface TabMouse {
  /** `rows` > 0 scrolls towards the top. */
  /** May return effects too (the sessions list loads more as the wheel nears its end). */
  readonly wheel?: (s: State, rows: number) => State | Result;
  readonly click?: (s: State, index: number, now: string) => Result;
}

export const TAB_MOUSE: Readonly<Record<SidebarTab, TabMouse>> = {
  sessions: sessionsMouse,
  models: modelsMouse,
  metrics: {},
  logs: logsMouse,
  tools: toolsMouse,
};
