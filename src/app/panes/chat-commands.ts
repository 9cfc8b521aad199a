// The chat pane's commands: the transcript (chat.ts), the selected message
// (chat-select.ts), its versions and edits (chat-branch.ts) and the
// inspector's scroll, in one table (handlers.ts gathers every pane's).
import { computeLayout } from '../geometry/layout.js';
import { type Handlers, none } from '../types/result.js';
import type { State } from '../types/state.js';
import { newChat, retry, scrollBy, scrollTo } from './chat.js';
import * as branch from './chat-branch.js';
import * as select from './chat-select.js';
import { cancelOrStop } from './agent.js';

function pageRows(s: State): number {
  return Math.max(1, computeLayout(s).chat.height - 3);
}

export const chatCommands: Handlers = {
  'session.new': newChat,
  // Esc stops a reply, or a round of tool calls (running ones get an MCP cancellation).
  'chat.cancel': cancelOrStop,
  'chat.retry': retry,
  'chat.scroll_up': (s) => none(scrollBy(s, 1)),
  'chat.scroll_down': (s) => none(scrollBy(s, -1)),
  'chat.page_up': (s) => none(scrollBy(s, pageRows(s))),
  'chat.page_down': (s) => none(scrollBy(s, -pageRows(s))),
  'chat.top': (s) => none(scrollTo(s, 'top')),
  'chat.bottom': (s) => none(scrollTo(s, 'bottom')),
  'chat.compose': (s) => none(s.focus === 'composer' ? s : { ...s, focus: 'composer' }),
  'chat.select_prev': (s) => none(select.moveSelection(s, -1)),
  'chat.select_next': (s) => none(select.moveSelection(s, 1)),
  'chat.copy': select.copyMessage,
  'chat.reasoning': select.toggleReasoning,
  'chat.edit': branch.editSelected,
  'chat.sibling_prev': (s) => branch.moveSibling(s, -1),
  'chat.sibling_next': (s) => branch.moveSibling(s, 1),
  'chat.fork': branch.forkSelected,
  'inspector.up': (s) => none(select.scrollInspector(s, -1)),
  'inspector.down': (s) => none(select.scrollInspector(s, 1)),
  'inspector.page_up': (s) => none(select.scrollInspector(s, -pageRows(s))),
  'inspector.page_down': (s) => none(select.scrollInspector(s, pageRows(s))),
  'inspector.top': (s) => none({ ...s, chat: { ...s.chat, inspectorScroll: 0 } }),
};
