// The model a chat request names, and whether the chat can send to it now.
//
// The chat's model is what the user chose ("default" unless a model was
// picked). A request names the model by its id whenever the server's list
// says which model "default" is (one model besides the alias): mistral.rs
// refuses "default" after its model was unloaded — even once it is loaded
// again — with EnginePoisoned, while the id keeps working. The choice itself
// stays "default", so a remembered model or another server still applies.
import { MODEL_ALIAS, aliasTarget } from '../../domain/backend.js';
import { modelLabel, modelName } from '../../domain/model.js';
import type { State } from '../types/state.js';

export { modelLabel };

/** The chat's model as the screens name it (the id of the model on disk it is, when known). */
export function chatModelName(s: State): string {
  return modelName(s.models.inventory, chatModel(s));
}

/** The model id the chat's next request names. */
export function chatModel(s: State): string {
  const m = s.backend.model;
  return m === MODEL_ALIAS ? (aliasTarget(s.models.server) ?? m) : m;
}

/**
 * Whether a mistral.rs server lists the chat's model as unloaded. (The
 * embedded backend lists its model unloaded until the first message loads
 * it: that is not an unload.)
 */
export function chatModelUnloaded(s: State): boolean {
  if (s.backend.kind !== 'mistralrs') return false;
  const id = chatModel(s);
  return s.models.server.find((m) => m.id === id)?.status === 'unloaded';
}

/**
 * Why a message cannot go to the chat's model now, or undefined. Only an
 * unload the app knows of holds it back: mistral.rs would load the model
 * again for the request, undoing what the user asked for.
 */
export function heldBack(s: State): string | undefined {
  if (!chatModelUnloaded(s)) return undefined;
  return `${chatModelName(s)} is unloaded — l loads it (models tab, Alt+2)`;
}
