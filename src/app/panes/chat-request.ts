// The final request of a chat turn. Sending, retrying and resending an edited
// message each describe the exchange (the conversation, the items, the parent);
// this adds the session's system prompt and sampling, then fits the messages
// to the model's context, with a notice when earlier turns were left out. The
// runtime sends the request as it is: nothing rewrites it on the way.
import type { Effect } from '../types/effects.js';
import type { State } from '../types/state.js';
import { fitSend } from './context-fit.js';
import { withSessionSettings } from './session-settings.js';
import { offerOf } from './agent-items.js';

export type SendChat = Extract<Effect, { type: 'sendChat' }>;

/** The request as the chat describes it, before the session's settings and the context fit. */
export type DraftRequest = Omit<
  SendChat,
  'type' | 'sampling' | 'sessionSettings' | 'tools' | 'webSearch'
>;

/** `s` is the state the turn starts in (the new items in place); a fit notice is raised on it. */
export function finalRequest(s: State, draft: DraftRequest): [State, SendChat] {
  return fitSend(s, withSessionSettings(s, { type: 'sendChat', ...draft, ...extras(s) }));
}

/** Agent mode's tools and the chat's web-search switch (issue 17). */
function extras(s: State): Pick<SendChat, 'tools' | 'webSearch'> {
  const tools = offerOf(s);
  return {
    ...(tools !== undefined ? { tools } : {}),
    ...(s.chat.webSearch === true ? { webSearch: {} } : {}),
  };
}
