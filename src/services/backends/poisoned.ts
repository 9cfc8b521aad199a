// mistral.rs's "EnginePoisoned": the server has no engine for the model name a
// request gave. Seen on 0.8.1 for "default" once its model was unloaded (and
// still after it was loaded again) until the server restarts; 0.9.2 words the
// same error "engine state lock is poisoned". The bare word tells a user
// nothing, so the error says what happened and what fixes it.
import { MODEL_ALIAS } from '../../domain/backend.js';
import type { BackendErrorInfo } from '../../domain/chat.js';

const POISONED = /\bEnginePoisoned\b|engine state lock is poisoned/i;

/** Whether a server's error message is mistral.rs's EnginePoisoned (any version's wording). */
export function isPoisoned(serverMessage: string): boolean {
  return POISONED.test(serverMessage);
}

/** The error a chat shows for it, in words, with the fix. */
export function poisonedInfo(
  status: number,
  serverMessage: string,
  model: string,
): BackendErrorInfo {
  const said = `mistral.rs: HTTP ${String(status)} ${serverMessage}`;
  const message =
    model === MODEL_ALIAS
      ? `the server lost its "default" model after an unload or reload (${said}) — choose the model by its id (models tab, Enter) or restart the server`
      : `the server has no working engine for ${model} (${said}) — load it again (models tab, R) or restart the server`;
  return { code: 'engine_poisoned', status, message };
}
