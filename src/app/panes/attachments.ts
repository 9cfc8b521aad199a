// Attachments in the chat: chips waiting in the composer (/attach, the
// picker, a pasted or dropped path, a clipboard image), removed before
// sending; the check that the chat's model can take them; the saved copies
// shown on their messages; playing audio. The runtime reads the files
// (runtime/attachment-effects.ts): these reducers see only AttachmentRefs.
import type { ChatEvent } from '../../domain/chat.js';
import type { ModelKind } from '../../domain/model.js';
import type { KeyEvent } from '../../tui/index.js';
import { type AttachmentRef, type MediaKind, mediaByName } from '../types/attachments.js';
import type { Action } from '../types/actions.js';
import type { DialogValue, PickItem } from '../types/dialog.js';
import type { Effect } from '../types/effects.js';
import { type Handlers, type Result, none } from '../types/result.js';
import type { ChatItem, State } from '../types/state.js';
import type { ChatRowMap } from '../types/screen.js';
import { chatModel, modelLabel } from './chat-model.js';
import { pickDialog } from './dialog.js';
import * as models from './models.js';
import { notify } from './notify.js';

export const chips = (s: State): readonly AttachmentRef[] => s.composer.attachments ?? [];

function withChips(s: State, list: readonly AttachmentRef[]): State {
  const { attachments: _a, ...rest } = s.composer;
  return { ...s, composer: list.length > 0 ? { ...rest, attachments: list } : rest };
}

/** /attach PATH: the runtime reads the file; no path opens the picker. */
export function attachCommand(s: State, arg: string): Result {
  const path = unquote(arg);
  if (path === '') return openPicker(s);
  return [s, [{ type: 'probeAttachment', path }]];
}

/** The picker: the runtime lists the media files, `mediaFiles` opens it. */
export function openPicker(s: State): Result {
  return [s, [{ type: 'listMediaFiles', open: true }]];
}

const PICK_HELP =
  'Type to filter, Enter attaches. Images: png jpg gif webp; audio: wav mp3 flac ogg. /attach PATH for files elsewhere.';

/** The media files arrived: they fill /attach's completion, and open the picker unless only completing. */
export function onMediaFiles(
  s: State,
  root: string,
  files: readonly string[],
  open: boolean,
): State {
  const next: State = { ...s, composer: { ...s.composer, mediaFiles: { root, files } } };
  if (!open || s.overlay !== undefined) return next;
  const items: PickItem[] = files.map((f) => {
    const m = mediaByName(f);
    return { label: f, value: f, ...(m !== undefined ? { aside: m.kind } : {}) };
  });
  const d = pickDialog(`Attach a file — ${root}`, { type: 'attachPick', root }, items, {
    emptyText: `No image or audio files under ${root}`,
    help: PICK_HELP,
  });
  return { ...next, overlay: { kind: 'dialog', dialog: d } };
}

export function onPicked(s: State, root: string, value: DialogValue): Result {
  if (value.kind !== 'pick') return none(s);
  const path = value.value.startsWith('/')
    ? value.value
    : `${root.replace(/\/$/, '')}/${value.value}`;
  return [{ ...s, focus: 'composer' }, [{ type: 'probeAttachment', path }]];
}

/** A file was read: its chip (a file already attached is not added twice). */
export function onProbed(s: State, ref: AttachmentRef): State {
  const list = chips(s);
  if (list.some((c) => c.key === ref.key))
    return notify(s, 'info', `${ref.name} is attached already`);
  const next = withChips({ ...s, focus: s.overlay === undefined ? 'composer' : s.focus }, [
    ...list,
    ref,
  ]);
  return ref.problem !== undefined
    ? notify(
        next,
        'warn',
        `${ref.name}: ${ref.problem} — it can still be sent, or removed with Backspace`,
      )
    : next;
}

export function removeChip(s: State, index: number): State {
  const list = chips(s);
  const gone = list[index];
  if (gone === undefined) return s;
  return notify(
    withChips(
      s,
      list.filter((_, i) => i !== index),
    ),
    'info',
    `Removed ${gone.name}`,
  );
}

/** Backspace in an empty message box takes the last chip off. */
export function backspaceChip(s: State, e: KeyEvent): State | undefined {
  if (e.key !== 'backspace' || e.ctrl || e.alt || s.focus !== 'composer') return undefined;
  if (s.composer.editor.value !== '' || chips(s).length === 0) return undefined;
  return removeChip(s, chips(s).length - 1);
}

/** Takes the chips off the composer (they go with the message being sent). */
export function takeChips(s: State): [State, readonly AttachmentRef[]] {
  return [withChips(s, []), chips(s)];
}

function unquote(t: string): string {
  let p = t.trim();
  if ((p.startsWith("'") && p.endsWith("'")) || (p.startsWith('"') && p.endsWith('"')))
    p = p.slice(1, -1);
  if (p.startsWith('file://')) p = decodeURIComponent(p.slice('file://'.length));
  // Terminals escape spaces in dropped paths ("my\ cat.png").
  return p.replace(/\\(.)/g, '$1');
}

/**
 * A paste that is one path to an image or audio file (what terminals paste
 * for a dropped file): the runtime checks it exists and makes it a chip, or
 * puts the text back as typed. Undefined for any other paste.
 */
export function pastedPath(s: State, text: string): Result | undefined {
  const t = text.trim();
  if (t === '' || t.includes('\n')) return undefined;
  const path = unquote(t);
  if (!/^(\/|~\/|\.\.?\/|[A-Za-z]:\\)/.test(path) || mediaByName(path) === undefined)
    return undefined;
  return [s, [{ type: 'probeAttachment', path, pasted: text }]];
}

// --- what the chat's model takes ----------------------------------------------

/** The kind of the chat's model as the inventory knows it, when it does. */
export function chatModelKind(s: State): ModelKind | undefined {
  const id = chatModel(s);
  const e = models
    .allEntries(s.models)
    .find((m) => m.serverId === id || m.model?.id === id || m.name === id || m.model?.path === id);
  return e?.kind;
}

const ACCEPTS: Readonly<Record<ModelKind, string>> = {
  text: 'text only',
  vision: 'text and images',
  diffusion: 'image prompts (text in, images out)',
  speech: 'text to speak (audio out)',
  embedding: 'text to embed',
};

const kindsOf = (refs: readonly AttachmentRef[]): Set<MediaKind> =>
  new Set(refs.map((r) => r.kind));

/**
 * Why the chat's model cannot take these attachments, or undefined when it
 * may (an unknown kind is tried: the server's answer then says).
 */
export function refusal(s: State, refs: readonly AttachmentRef[]): string | undefined {
  if (refs.length === 0) return undefined;
  const model = modelLabel(chatModel(s));
  const what = [...kindsOf(refs)].map((k) => (k === 'image' ? 'images' : 'audio')).join(' or ');
  if (s.backend.kind === 'embedded')
    return `The embedded backend (${model}) is text-only: it cannot take ${what}. Your message and attachments are kept; use a mistral.rs server with a vision model to send them.`;
  const kind = chatModelKind(s);
  if (kind === undefined || kind === 'vision') return undefined;
  return `${model} cannot take ${what}: it accepts ${ACCEPTS[kind]}. Your message and attachments are kept; pick a vision model with /model.`;
}

/**
 * Why a reply to a message with attachments failed, in words that name the
 * cause: mistral.rs 0.8.1 answers an image part sent to a text model with its
 * chat template's error ("tried to use + operator on unsupported types string
 * and sequence"), and a request of the wrong kind with 422 "incompatible for
 * this model's category".
 */
function refusedMedia(e: ChatEvent): string | undefined {
  if (e.type !== 'error') return undefined;
  const m = e.error.message;
  if (/unsupported types string and sequence|chat_template/i.test(m))
    return `${m} (its chat template takes text only: it is not a vision model)`;
  return m;
}

/**
 * After a reply's events: when the reply to a message that carried
 * attachments failed (the server refused them, or could not be reached), the
 * message and its chips go back to the composer (unless something new was
 * typed there) with a notice naming the model and the server's words.
 */
export function afterEvents(
  prev: State,
  s: State,
  requestId: string,
  events: readonly ChatEvent[],
): State {
  const st = prev.chat.streaming;
  if (st?.requestId !== requestId) return s;
  const refused = events.map(refusedMedia).find((m) => m !== undefined);
  if (refused === undefined) return s;
  const at = s.chat.items.findIndex((i) => i.id === st.itemId);
  const user = s.chat.items[at - 1];
  if (user?.role !== 'user' || (user.attachments?.length ?? 0) === 0) return s;
  const model = modelLabel(chatModel(s));
  let next = s;
  if (s.composer.editor.value === '' && chips(s).length === 0) {
    s.composer.editor.setValue(user.content);
    next = withChips({ ...s }, user.attachments ?? []);
  }
  return notify(
    next,
    'error',
    `${model} did not take the message with its attachments: ${refused}. The message and attachments are back in the composer.`,
  );
}

// --- saved copies ----------------------------------------------------------------

function mapItems(s: State, f: (i: ChatItem) => ChatItem): State {
  return { ...s, chat: { ...s.chat, items: s.chat.items.map(f) } };
}

export function onLoaded(
  s: State,
  sessionId: string,
  byMessage: Readonly<Record<string, readonly AttachmentRef[]>>,
): State {
  if (s.chat.sessionId !== sessionId) return s;
  return mapItems(s, (i) => {
    const refs = i.storeId === undefined ? undefined : byMessage[i.storeId];
    return refs === undefined || refs.length === 0 ? i : { ...i, attachments: refs };
  });
}

export function onSaved(s: State, itemId: string, refs: readonly AttachmentRef[]): State {
  return mapItems(s, (i) => (i.id === itemId ? { ...i, attachments: refs } : i));
}

/** Effects some actions call for: a session opened loads its attachments. */
export function follow(a: Action, next: State): Effect[] {
  // "/attach " typed: the working folder's media files fill its completion.
  if (
    a.type === 'key' &&
    next.composer.mediaFiles === undefined &&
    /^\/attach $/.test(next.composer.editor.value)
  )
    return [{ type: 'listMediaFiles', open: false }];
  if ((a.type === 'sessionOpened' || a.type === 'branchOpened') && next.hasStore)
    return next.chat.sessionId === undefined
      ? []
      : [{ type: 'loadAttachments', sessionId: next.chat.sessionId }];
  return [];
}

// --- audio ------------------------------------------------------------------------

/** Attachments of the selected message (else the latest message that has some). */
export function focusedAttachments(s: State): readonly AttachmentRef[] {
  const items = s.chat.items;
  const sel = s.chat.selected;
  const it =
    sel !== undefined
      ? items[sel]
      : [...items].reverse().find((i) => (i.attachments?.length ?? 0) > 0);
  return it?.attachments ?? [];
}

/** Plays the focused message's audio, or stops what plays. */
export function togglePlay(s: State, nowMs: number): Result {
  if (s.chat.playing !== undefined) {
    const { playing: _p, ...chat } = s.chat;
    return [{ ...s, chat }, [{ type: 'stopAudio' }]];
  }
  const audio = focusedAttachments(s).find((a) => a.kind === 'audio');
  if (audio === undefined)
    return none(notify(s, 'info', 'No audio here: select a message with a sound (click it) first'));
  return [
    { ...s, chat: { ...s.chat, playing: { key: audio.key, since: nowMs } } },
    [{ type: 'playAudio', ref: audio }],
  ];
}

export function onPlaybackEnded(s: State, key: string): State {
  if (s.chat.playing?.key !== key) return s;
  const { playing: _p, ...chat } = s.chat;
  return { ...s, chat };
}

/**
 * Shows a picture full size over the panes (any key closes it) and in the
 * system's viewer: the selected message's, else the latest picture in the chat.
 */
export function openFullSize(s: State): Result {
  const sel = s.chat.selected;
  const items = sel !== undefined ? s.chat.items.slice(sel, sel + 1) : [...s.chat.items].reverse();
  const image = items.flatMap((i) => i.attachments ?? []).find((x) => x.kind === 'image');
  const a = image ?? focusedAttachments(s)[0];
  if (a === undefined)
    return none(
      notify(s, 'info', 'No attachment here: select a message with one (click it) first'),
    );
  const shown: State = a.kind === 'image' ? { ...s, overlay: { kind: 'media', ref: a } } : s;
  return [shown, [{ type: 'openAttachment', ref: a }]];
}

/** /save [path]: writes the selected (else the latest) message's attachment to a file (default ~/NAME). */
export function saveAs(s: State, arg: string): Result {
  const sel = s.chat.selected;
  const items = sel !== undefined ? s.chat.items.slice(sel, sel + 1) : [...s.chat.items].reverse();
  const ref = items.flatMap((i) => i.attachments ?? [])[0];
  if (ref === undefined)
    return none(notify(s, 'error', 'Nothing to save: no message here has a picture or sound'));
  const typed = unquote(arg);
  const path = typed === '' ? `~/${ref.name}` : typed.endsWith('/') ? `${typed}${ref.name}` : typed;
  return [s, [{ type: 'saveAttachmentAs', ref, path }]];
}

export const attachmentCommands: Handlers = {
  'chat.play': (s, now) => togglePlay(s, Date.parse(now)),
  'chat.open_attachment': openFullSize,
  'composer.attach': openPicker,
  'composer.paste_image': (s) => [s, [{ type: 'pasteClipboardImage' }]],
};

/** A click on a preview in the chat: the picture full size (and in the system's viewer). */
export function previewClick(
  s: State,
  rows: ChatRowMap | undefined,
  y: number,
): Result | undefined {
  const key = rows?.media?.[y - rows.area.y];
  if (key === undefined) return undefined;
  for (const it of s.chat.items) {
    const ref = it.attachments?.find((a) => a.key === key);
    if (ref === undefined) continue;
    if (ref.kind === 'audio')
      return [
        { ...s, chat: { ...s.chat, playing: { key, since: 0 } } },
        [{ type: 'playAudio', ref }],
      ];
    return [{ ...s, overlay: { kind: 'media', ref } }, [{ type: 'openAttachment', ref }]];
  }
  return undefined;
}
