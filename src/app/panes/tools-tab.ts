// The Tools tab's commands (issue 17): scrolling, and the chat's web-search
// switch (mistral.rs runs the search when started with --enable-search; the
// request then carries web_search_options).
import type { Handlers, Result } from '../types/result.js';
import { none } from '../types/result.js';
import type { State } from '../types/state.js';
import { notify } from './notify.js';

function scroll(s: State, by: number): State {
  return { ...s, toolsScroll: Math.max(0, (s.toolsScroll ?? 0) + by) };
}

export function toggleWebSearch(s: State): State {
  const on = s.chat.webSearch !== true;
  const next = { ...s, chat: { ...s.chat, webSearch: on } };
  const supported = s.metrics.capabilities?.webSearch;
  return notify(
    next,
    on && supported === false ? 'warn' : 'info',
    on
      ? `Web search on for this chat${supported === false ? ': the server does not report web search (mistralrs serve --enable-search)' : ''}`
      : 'Web search off for this chat',
  );
}

/** `r`: every server not connected tries again now (all of them when all are connected). */
function reconnect(s: State): Result {
  const servers = s.agent?.servers ?? [];
  if (servers.length === 0) return none(notify(s, 'info', 'No MCP servers are configured'));
  const down = servers.filter((x) => x.phase !== 'connected').map((x) => x.name);
  const names = down.length > 0 ? down : servers.map((x) => x.name);
  return [
    notify(s, 'info', `Connecting again: ${names.join(', ')}`),
    [{ type: 'reconnectMcp', servers: names }],
  ];
}

export const toolsCommands: Handlers = {
  'tools.reconnect': reconnect,
  'tools.up': (s) => none(scroll(s, -1)),
  'tools.down': (s) => none(scroll(s, 1)),
  'tools.web_search': (s) => none(toggleWebSearch(s)),
  'chat.web_search': (s) => none(toggleWebSearch(s)),
};

export const toolsMouse = {
  wheel: (s: State, rows: number): State => scroll(s, -rows),
};
