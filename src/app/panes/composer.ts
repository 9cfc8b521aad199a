// The composer's reducer: editing keys and pastes go to the engine's text
// area model; sending takes its text (and records it in the input history).
// Text starting with "/" is a slash command: a completion list follows the
// typing (up/down choose, Tab completes, Enter runs, Esc hides it).
import type { JsonObject } from '../../domain/session.js';
import { type KeyEvent, key, textAreaHandleKey } from '../../tui/index.js';
import type { Dialog, DialogValue } from './dialog.js';
import type { SettingsPurpose, TemplatePurpose } from '../types/purposes.js';
import { notify } from './notify.js';
import { type Handlers, type Result, none } from '../types/result.js';
import { type State, focusOrder } from '../types/state.js';
import { holdBack, send } from './chat.js';
import { cancelOrStop } from './agent.js';
import { heldBack } from './chat-model.js';
import * as settings from './session-settings.js';
import {
  type Completions,
  chosen,
  completions,
  parseSlash,
  runSlash,
  startSlash,
} from './slash.js';
import * as templates from './templates.js';
import * as attachments from './attachments.js';
import * as generate from './generate.js';

/** Offers a key to the editor; true when it was consumed. */
export function editKey(s: State, e: KeyEvent): boolean {
  return textAreaHandleKey(s.composer.editor, e);
}

/** A key typed in the chat or the inspector: the message box takes focus and the key. */
export function typeFrom(s: State, e: KeyEvent): State {
  const next: State = { ...s, focus: 'composer' };
  editKey(next, e);
  return next;
}

export function paste(s: State, text: string): State {
  s.composer.editor.paste(text);
  return { ...s };
}

export function newline(s: State): State {
  s.composer.editor.newline();
  return { ...s };
}

/** The completion list for the text typed, when one is showing. */
export function shownCompletions(s: State): Completions | undefined {
  if (s.focus !== 'composer' || s.overlay !== undefined) return undefined;
  return completions(s);
}

/** The chosen row's index (a changed text starts again at the top). */
export function completionIndex(s: State): number {
  const c = s.composer.completion;
  return c.text === s.composer.editor.value ? c.index : 0;
}

function withChoice(s: State, index: number): State {
  const text = s.composer.editor.value;
  return { ...s, composer: { ...s.composer, completion: { index, text } } };
}

const resetChoice = (s: State): State => withChoice(s, 0);

function choice(s: State, c: Completions) {
  return chosen(c, completionIndex(s));
}

/** Fills the composer with the chosen completion. */
function complete(s: State, text: string): State {
  s.composer.editor.setValue(text);
  return resetChoice(s);
}

/**
 * The text Enter runs: a half-typed command name becomes the chosen one
 * (or is only completed when it still needs an argument); a half-typed
 * argument becomes the chosen value.
 */
function resolveTyped(
  s: State,
  c: Completions | undefined,
): { text: string; completeOnly: boolean } {
  const text = s.composer.editor.value;
  const pick = c === undefined ? undefined : choice(s, c);
  const p = parseSlash(text);
  if (pick === undefined || p === undefined) return { text, completeOnly: false };
  if (c?.spec === undefined) {
    // Still typing the name: an exact name runs as typed.
    if (c?.items.some((i) => i.text.trim() === `/${p.name}`) === true && p.name !== '')
      return { text, completeOnly: false };
    return { text: pick.text, completeOnly: pick.text.endsWith(' ') };
  }
  const typed = p.arg.toLowerCase();
  if (typed !== '' && pick.label.toLowerCase().startsWith(typed))
    return { text: pick.text, completeOnly: false };
  return { text, completeOnly: false };
}

export function submit(s: State, now: string): Result {
  const editor = s.composer.editor;
  const chips = attachments.chips(s);
  if (editor.value.trim() === '' && chips.length === 0) return [s, []];
  const { text, completeOnly } = resolveTyped(s, shownCompletions(s));
  if (completeOnly) return none(complete(s, text));
  const cmd = parseSlash(text);
  if (cmd !== undefined) {
    // Recorded in the input history even when it fails (↑ brings it back to fix).
    editor.setValue(text);
    editor.submit();
    const { result, ok } = runSlash(resetChoice(s), cmd, now);
    if (!ok) editor.setValue(text);
    return result;
  }
  if (s.chat.streaming !== undefined)
    return [notify(s, 'warn', 'A reply is still being generated: Esc stops it'), []];
  if (s.agent?.round !== undefined)
    return [notify(s, 'warn', 'Tool calls are waiting or running: Esc stops them'), []];
  // Before the editor lets go of the text: a held-back message stays to send later.
  const held = heldBack(s);
  if (held !== undefined) return holdBack(s, held);
  // A diffusion or speech chat: the text is a prompt for an image or for speech.
  const mode = generate.composerMode(s);
  if (mode !== undefined && chips.length === 0) {
    editor.submit();
    return generate.generate(resetChoice(s), mode, text, now);
  }
  // A model that cannot take the attachments: everything stays in the composer.
  const refused = attachments.refusal(s, chips);
  if (refused !== undefined) return [notify(s, 'error', refused), []];
  editor.submit();
  const [taken, refs] = attachments.takeChips(resetChoice(s));
  // "//text" sends "/text".
  return send(taken, text.startsWith('//') ? text.slice(1) : text, now, refs);
}

/** Tab: completes a slash command; otherwise focus moves on as everywhere else. */
function tab(s: State): Result {
  const c = shownCompletions(s);
  const pick = c === undefined ? undefined : choice(s, c);
  if (pick !== undefined) return none(complete(s, pick.text));
  const order = focusOrder(s);
  const next = order[(order.indexOf(s.focus) + 1) % order.length] ?? 'composer';
  return none({ ...s, focus: next });
}

/** Up/down: move in the completion list when it shows, else the editor's (history on the first row). */
function vertical(s: State, dir: 1 | -1): Result {
  const ed = s.composer.editor;
  const c = shownCompletions(s);
  // A recalled "/command" keeps ↑/↓ walking the history, not its completion list.
  const walking = s.composer.recalled === ed.value;
  if (c !== undefined && c.items.length > 0 && !walking) {
    const n = c.items.length;
    return none(withChoice(s, (completionIndex(s) + dir + n) % n));
  }
  const before = ed.value;
  editKey(s, key(dir < 0 ? 'up' : 'down'));
  // The text changed: the editor walked its history (on the first or last row).
  return none(ed.value === before ? { ...s } : recalled(s));
}

const recalled = (s: State): State => ({
  ...s,
  composer: { ...s.composer, recalled: s.composer.editor.value },
});

function historyStep(s: State, dir: 1 | -1): Result {
  if (dir < 0) s.composer.editor.historyPrev();
  else s.composer.editor.historyNext();
  return none(recalled(s));
}

/** Esc: hides the completion list; otherwise what Esc does everywhere (stop the reply). */
function dismiss(s: State, now: string): Result {
  if (shownCompletions(s) !== undefined) {
    const dismissed = s.composer.editor.value;
    return none({ ...s, composer: { ...s.composer, dismissed } });
  }
  return cancelOrStop(s, now);
}

/** Stored user messages of a session seeded into the input history (the most recent last). */
const HISTORY_SEED = 100;

/**
 * The session's settings arrived with it opened: they apply from now on,
 * and its earlier user messages join the input history (once per run).
 */
export function onSessionLoaded(s: State, sessionId: string, j: JsonObject): State {
  const next = settings.onSettingsLoaded(s, sessionId, j);
  if (next === s || next.composer.historyFrom.includes(sessionId)) return next;
  const ed = next.composer.editor;
  const draft = ed.value;
  const mine = next.chat.items.filter((i) => i.role === 'user' && i.content.trim() !== '');
  if (mine.length === 0) return next;
  // The editor's history is filled through its public submit(); the draft is put back.
  for (const m of mine.slice(-HISTORY_SEED)) {
    ed.setValue(m.content);
    ed.submit();
  }
  ed.setValue(draft);
  return {
    ...next,
    composer: { ...next.composer, historyFrom: [...next.composer.historyFrom, sessionId] },
  };
}

/** The answer to one of the composer's dialogs (settings, system prompt, templates, slash help). */
export function onDialog(
  s: State,
  d: Dialog,
  p: SettingsPurpose | TemplatePurpose | { readonly type: 'slashHelp' },
  value: DialogValue,
): Result {
  switch (p.type) {
    case 'sessionSettings':
    case 'systemPrompt':
      return settings.onDialog(s, d, p, value);
    case 'slashHelp':
      return none(value.kind === 'pick' ? { ...startSlash(s, value.value), focus: 'composer' } : s);
    default:
      return templates.onTemplateDialog(s, d, p, value);
  }
}

export const composerCommands: Handlers = {
  'composer.send': submit,
  'composer.newline': (s) => none(newline(s)),
  'composer.complete': tab,
  'composer.up': (s) => vertical(s, -1),
  'composer.down': (s) => vertical(s, 1),
  'composer.history_prev': (s) => historyStep(s, -1),
  'composer.history_next': (s) => historyStep(s, 1),
  'composer.dismiss': dismiss,
  'session.settings': settings.openSettings,
  'session.system': settings.openSystemPrompt,
  'templates.open': templates.openTemplates,
};
