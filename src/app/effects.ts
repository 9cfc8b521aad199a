// Work the app asks the runtime to do, as data. Reducers return these; the
// runtime runs them through the ports and dispatches the results as actions.
import { type ChatMessage } from '../domain/chat.js';

export type Effect =
  | { readonly type: 'quit' }
  | { readonly type: 'suspend' }
  | { readonly type: 'checkHealth' }
  | { readonly type: 'loadSessions' }
  | { readonly type: 'loadSettings' }
  | { readonly type: 'openSession'; readonly sessionId: string }
  | {
      readonly type: 'sendChat';
      readonly requestId: string;
      /** Undefined: the store creates a session titled `title` first. */
      readonly sessionId: string | undefined;
      readonly title: string;
      readonly model: string;
      /** The conversation sent to the model, the new user message last. */
      readonly messages: readonly ChatMessage[];
      /** Store id of the message the user message follows. */
      readonly parentStoreId: string | undefined;
      readonly userItemId: string;
      readonly assistantItemId: string;
      /**
       * A retry: the user message is already saved with this id; the new reply
       * becomes a sibling of the old one (the old branch stays in the store).
       */
      readonly retryOfUser?: string;
    }
  | { readonly type: 'cancelChat'; readonly requestId: string }
  | { readonly type: 'saveSetting'; readonly key: string; readonly value: string };
