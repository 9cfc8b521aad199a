// Generating images and speech from the chat: /image PROMPT and /speak TEXT
// in any chat (the served diffusion or speech model, the chat's model left
// as it is), and the composer of a chat whose model is a diffusion or speech
// model sends its text as such a prompt. The exchange shows as a prompt and a
// reply whose attachments are the results (saved by the runtime:
// runtime/attachment-effects.ts). Size and count are the session's settings.
import type { ModelKind } from '../../domain/model.js';
import type { AttachmentRef } from '../types/attachments.js';
import { type Result, none } from '../types/result.js';
import type { ChatItem, ChatState, SessionSettings, State } from '../types/state.js';
import { BUSY, replyItem, titleFrom, userItem } from './chat.js';
import { chatModel, modelLabel } from './chat-model.js';
import { chatModelKind } from './attachments.js';
import * as models from './models.js';
import { notify } from './notify.js';
import { setSettings } from './session-settings.js';

export type What = 'image' | 'speech';

const KIND: Readonly<Record<What, ModelKind>> = { image: 'diffusion', speech: 'speech' };

/**
 * The model that generates: the chat's own when it is of that kind, else a
 * served model of that kind, else the chat's model (the server's answer then
 * says whether it can).
 */
export function generatorFor(s: State, what: What): string {
  if (chatModelKind(s) === KIND[what]) return chatModel(s);
  const served = models
    .allEntries(s.models)
    .find(
      (e) => e.kind === KIND[what] && e.serverId !== undefined && e.serverStatus !== 'unloaded',
    );
  return served?.serverId ?? chatModel(s);
}

/** What the composer's Enter does for the chat's model: chat, or generate an image or speech. */
export function composerMode(s: State): What | undefined {
  const k = chatModelKind(s);
  return k === 'diffusion' ? 'image' : k === 'speech' ? 'speech' : undefined;
}

export function generate(s: State, what: What, prompt: string, now: string): Result {
  if (s.chat.streaming !== undefined) return none(notify(s, 'warn', BUSY));
  if (prompt.trim() === '')
    return none(notify(s, 'error', `/${what === 'image' ? 'image' : 'speak'} needs text`));
  const seq = s.seq;
  const userId = `local-${seq}`;
  const replyId = `local-${seq + 1}`;
  const requestId = `request-${seq + 2}`;
  const model = generatorFor(s, what);
  const label = what === 'image' ? '/image' : '/speak';
  const user = userItem(userId, `${label} ${prompt}`, now);
  const reply = replyItem(replyId, model, now);
  const parent = [...s.chat.items].reverse().find((i) => i.storeId !== undefined);
  const title = s.chat.title ?? titleFrom(prompt);
  const { selected: _sel, mark: _m, ...rest } = s.chat;
  const settings = s.composer.settings;
  const chat: ChatState = {
    ...rest,
    title,
    items: [...s.chat.items, user, reply],
    scroll: 0,
    streaming: { requestId, itemId: replyId },
    activity:
      what === 'image'
        ? `generating ${countOf(settings) > 1 ? `${countOf(settings)} images` : 'an image'}`
        : 'generating speech',
    generating: { requestId, what, prompt, since: s.tick, itemId: replyId },
  };
  return [
    { ...s, seq: seq + 3, chat },
    [
      {
        type: 'generateMedia',
        requestId,
        what,
        prompt,
        model,
        sessionId: s.chat.sessionId,
        title,
        parentStoreId: parent?.storeId,
        userItemId: userId,
        replyItemId: replyId,
        ...(what === 'image'
          ? {
              ...(settings.imageWidth !== undefined ? { width: settings.imageWidth } : {}),
              ...(settings.imageHeight !== undefined ? { height: settings.imageHeight } : {}),
              count: countOf(settings),
            }
          : {}),
      },
    ],
  ];
}

const countOf = (x: SessionSettings): number => x.imageCount ?? 1;

/** Seconds a generation has run, from the app's tick (10 a second while it runs). */
export function elapsedSeconds(s: State): number | undefined {
  const g = s.chat.generating;
  return g === undefined ? undefined : Math.max(0, (s.tick - g.since) / 10);
}

export function onEnded(
  s: State,
  requestId: string,
  refs: readonly AttachmentRef[],
  error: string | undefined,
  cancelled: boolean,
): State {
  const g = s.chat.generating;
  if (g?.requestId !== requestId) return s;
  const items = s.chat.items.map((i): ChatItem => {
    if (i.id !== g.itemId) return i;
    if (cancelled) return { ...i, status: 'cancelled' };
    if (error !== undefined) return { ...i, status: 'error', error };
    return { ...i, status: 'complete', ...(refs.length > 0 ? { attachments: refs } : {}) };
  });
  const { streaming: _s, activity: _a, generating: _g, ...rest } = s.chat;
  const next: State = { ...s, chat: { ...rest, items } };
  if (error === undefined || cancelled) return next;
  return notify(next, 'error', `${modelLabel(chatModel(s))}: ${error}`);
}

/** /imgsize 768x512 */
export function setSize(s: State, arg: string): Result {
  const m = /^(\d{2,5})\s*[x×*]\s*(\d{2,5})$/i.exec(arg.trim());
  const w = Number(m?.[1]);
  const h = Number(m?.[2]);
  if (m === null || w < 64 || h < 64 || w > 4096 || h > 4096)
    return none(
      notify(s, 'error', `Image size must be WIDTHxHEIGHT, 64 to 4096 each (got "${arg}")`),
    );
  return setSettings(
    s,
    { ...s.composer.settings, imageWidth: w, imageHeight: h },
    `Images: ${w}×${h}`,
  );
}

/** /imgcount 2 */
export function setCount(s: State, arg: string): Result {
  const n = Number(arg.trim());
  if (!Number.isInteger(n) || n < 1 || n > 4)
    return none(
      notify(s, 'error', `Image count must be a whole number from 1 to 4 (got "${arg}")`),
    );
  return setSettings(s, { ...s.composer.settings, imageCount: n }, `Images per prompt: ${n}`);
}

/**
 * The app switched to a diffusion or speech model (launched from the models
 * tab): a new chat, the composer focused, and a notice saying what Enter does.
 */
export function onSwitched(s: State): State {
  const mode = composerMode(s);
  if (mode === undefined || s.chat.streaming !== undefined) return s;
  const model = modelLabel(chatModel(s));
  const traces = s.chat.traces;
  const next: State = {
    ...s,
    chat: { items: [], scroll: 0, ...(traces !== undefined ? { traces } : {}) },
    focus: 'composer',
  };
  return notify(
    next,
    'info',
    mode === 'image'
      ? `${model} makes images: type a prompt, Enter generates (/imgsize, /imgcount set size and count)`
      : `${model} speaks: type text, Enter turns it into speech (Alt+P plays it)`,
  );
}
