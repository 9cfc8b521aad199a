// Per-session system prompt and sampling: presets, validation of typed values,
// the settings form (command 'session.settings') and the system-prompt
// dialog, their storage in the session's settings and what every request
// carries (the system message first, the sampling alongside).
import type { ChatMessage, SamplingSettings } from '../../domain/chat.js';
import type { JsonObject, JsonValue } from '../../domain/session.js';
import { type Dialog, type DialogValue, formDialog, promptDialog, withError } from './dialog.js';
import type { Effect } from '../types/effects.js';
import { notify } from './notify.js';
import { type Result, none } from '../types/result.js';
import type { SettingsPurpose } from '../types/purposes.js';
import type { PresetName, SessionSettings, State } from '../types/state.js';

type SendChat = Extract<Effect, { type: 'sendChat' }>;

/** What each preset sets; "default" leaves sampling to the server, "custom" keeps the values. */
export const PRESETS: Readonly<
  Record<Exclude<PresetName, 'custom'>, { temperature?: number; topP?: number; about: string }>
> = {
  default: { about: "the server's own sampling" },
  precise: { temperature: 0.2, topP: 0.9, about: 'focused, repeatable answers' },
  balanced: { temperature: 0.7, topP: 0.95, about: 'a little variety' },
  creative: { temperature: 1.1, topP: 0.98, about: 'more surprising wording' },
};

export const PRESET_NAMES: readonly PresetName[] = [
  'default',
  'precise',
  'balanced',
  'creative',
  'custom',
];

export const isPreset = (v: string): v is PresetName =>
  (PRESET_NAMES as readonly string[]).includes(v);

/** Limits of the values a person types (the server's own ranges). */
export const LIMITS = {
  temperature: { label: 'Temperature', min: 0, max: 2, integer: false },
  topP: { label: 'Top-p', min: 0, max: 1, integer: false },
  maxTokens: { label: 'Max tokens', min: 1, max: 10_000_000, integer: true },
} as const;

export type Limited = keyof typeof LIMITS;

/**
 * A typed value checked against its limits: the number, undefined for blank
 * or "default" (back to the default), or an error saying what to type.
 */
export function parseValue(
  which: Limited,
  text: string,
): { ok: true; value: number | undefined } | { ok: false; error: string } {
  const t = text.trim();
  if (t === '' || t.toLowerCase() === 'default') return { ok: true, value: undefined };
  const { label, min, max, integer } = LIMITS[which];
  const n = Number(t);
  const range = integer ? `a whole number from ${min} to ${max}` : `a number from ${min} to ${max}`;
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max)
    return { ok: false, error: `${label} must be ${range} (got "${t}")` };
  return { ok: true, value: n };
}

/** The settings that apply to the chat on screen. */
export function effective(s: State): SessionSettings {
  const c = s.composer;
  return c.settingsFor === s.chat.sessionId ? c.settings : c.defaults;
}

/** A preset's sampling over the current settings (max tokens and the prompt stay). */
export function applyPreset(x: SessionSettings, preset: PresetName): SessionSettings {
  if (preset === 'custom') return { ...x, preset };
  const p = PRESETS[preset];
  const { temperature: _t, topP: _p, ...rest } = x;
  return {
    ...rest,
    preset,
    ...(p.temperature !== undefined ? { temperature: p.temperature } : {}),
    ...(p.topP !== undefined ? { topP: p.topP } : {}),
  };
}

/** The settings new chats start with, from the config's [chat] section. */
export function chatDefaults(c: {
  preset: Exclude<PresetName, 'custom'>;
  maxTokens?: number;
  systemPrompt?: string | undefined;
}): SessionSettings {
  const prompt = c.systemPrompt?.trim() ?? '';
  return applyPreset(
    {
      preset: c.preset,
      ...(c.maxTokens !== undefined ? { maxTokens: c.maxTokens } : {}),
      ...(prompt !== '' ? { systemPrompt: prompt } : {}),
    },
    c.preset,
  );
}

// --- storage ---------------------------------------------------------------

/**
 * The settings as stored in the session (snake_case keys next to whatever
 * else the session keeps). A cleared prompt is stored as "" so that a
 * configured default prompt does not come back; null drops a key.
 */
export function toJson(x: SessionSettings): JsonObject {
  return {
    preset: x.preset,
    system_prompt: x.systemPrompt ?? '',
    temperature: x.temperature ?? null,
    top_p: x.topP ?? null,
    max_tokens: x.maxTokens ?? null,
    // Only once set, so that sessions without generation keep their old shape.
    ...(x.imageWidth !== undefined ? { image_width: x.imageWidth } : {}),
    ...(x.imageHeight !== undefined ? { image_height: x.imageHeight } : {}),
    ...(x.imageCount !== undefined ? { image_count: x.imageCount } : {}),
  };
}

/** Stored settings read back; anything missing or malformed takes the default. */
export function fromJson(j: JsonObject, d: SessionSettings): SessionSettings {
  const num = (v: JsonValue | undefined, which: Limited): number | undefined =>
    typeof v === 'number' && parseValue(which, String(v)).ok ? v : undefined;
  const preset = typeof j.preset === 'string' && isPreset(j.preset) ? j.preset : d.preset;
  const prompt = typeof j.system_prompt === 'string' ? j.system_prompt : d.systemPrompt;
  const temperature = 'temperature' in j ? num(j.temperature, 'temperature') : d.temperature;
  const topP = 'top_p' in j ? num(j.top_p, 'topP') : d.topP;
  const maxTokens = 'max_tokens' in j ? num(j.max_tokens, 'maxTokens') : d.maxTokens;
  const int = (v: JsonValue | undefined, lo: number, hi: number): number | undefined =>
    typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi ? v : undefined;
  const imageWidth = int(j.image_width, 64, 4096);
  const imageHeight = int(j.image_height, 64, 4096);
  const imageCount = int(j.image_count, 1, 4);
  return {
    ...(imageWidth !== undefined && imageHeight !== undefined ? { imageWidth, imageHeight } : {}),
    ...(imageCount !== undefined ? { imageCount } : {}),
    preset,
    ...(prompt !== undefined && prompt !== '' ? { systemPrompt: prompt } : {}),
    ...(temperature !== undefined ? { temperature } : {}),
    ...(topP !== undefined ? { topP } : {}),
    ...(maxTokens !== undefined ? { maxTokens } : {}),
  };
}

/** The session's stored settings arrived (opened, or created by the first message). */
export function onSettingsLoaded(s: State, sessionId: string, j: JsonObject): State {
  if (s.chat.sessionId !== sessionId) return s;
  const settings = fromJson(j, s.composer.defaults);
  return { ...s, composer: { ...s.composer, settings, settingsFor: sessionId } };
}

/** Makes `next` the chat's settings and stores them with its session (a new chat stores them with its first message). */
export function setSettings(s: State, next: SessionSettings, message?: string): Result {
  const sessionId = s.chat.sessionId;
  const composer = { ...s.composer, settings: next };
  const withFor =
    sessionId === undefined
      ? (() => {
          const { settingsFor: _f, ...rest } = composer;
          return rest;
        })()
      : { ...composer, settingsFor: sessionId };
  let out: State = { ...s, composer: withFor };
  if (message !== undefined) out = notify(out, 'info', message);
  const fx: Effect[] =
    sessionId === undefined
      ? []
      : [{ type: 'saveSessionSettings', sessionId, settings: toJson(next) }];
  return [out, fx];
}

// --- requests --------------------------------------------------------------

export function samplingOf(x: SessionSettings): SamplingSettings {
  return {
    ...(x.temperature !== undefined ? { temperature: x.temperature } : {}),
    ...(x.topP !== undefined ? { topP: x.topP } : {}),
    ...(x.maxTokens !== undefined ? { maxTokens: x.maxTokens } : {}),
  };
}

/** A chat request with the chat's system prompt first and its sampling. */
export function withSessionSettings(s: State, e: SendChat): SendChat {
  const x = effective(s);
  const prompt = x.systemPrompt?.trim() ?? '';
  const system: ChatMessage[] =
    prompt === '' || e.messages[0]?.role === 'system' ? [] : [{ role: 'system', content: prompt }];
  const sampling = samplingOf(x);
  return {
    ...e,
    messages: [...system, ...e.messages],
    ...(Object.keys(sampling).length > 0 ? { sampling } : {}),
    ...(e.sessionId === undefined ? { sessionSettings: toJson(x) } : {}),
  };
}

// --- how it shows ------------------------------------------------------------

const fmt = (n: number) => String(Math.round(n * 100) / 100);

/** A short label for the chat's header ("" when everything is the default). */
export function settingsLabel(s: State): string {
  const x = effective(s);
  const d = s.composer.defaults;
  const parts: string[] = [];
  if (x.preset === 'custom') {
    if (x.temperature !== undefined) parts.push(`T ${fmt(x.temperature)}`);
    if (x.topP !== undefined) parts.push(`top-p ${fmt(x.topP)}`);
    if (parts.length === 0) parts.push('custom');
  } else if (x.preset !== 'default') parts.push(x.preset);
  if (x.maxTokens !== undefined && x.maxTokens !== d.maxTokens)
    parts.push(`max ${String(x.maxTokens)}`);
  if ((x.systemPrompt ?? '') !== '') parts.push('system prompt');
  return parts.join(' · ');
}

/** The label as a right-aligned title of the chat's border (none when empty). */
export function settingsTitle(s: State): { content: string; align: 'right' }[] {
  const label = settingsLabel(s);
  return label === '' ? [] : [{ content: ` ${label} `, align: 'right' }];
}

// --- dialogs -----------------------------------------------------------------

const FORM_FIELDS = ['preset', 'temperature', 'topP', 'maxTokens', 'systemPrompt'] as const;

function formValues(x: SessionSettings): string[] {
  return [
    x.preset,
    x.temperature !== undefined ? fmt(x.temperature) : '',
    x.topP !== undefined ? fmt(x.topP) : '',
    x.maxTokens !== undefined ? String(x.maxTokens) : '',
    x.systemPrompt ?? '',
  ];
}

export function openSettings(s: State): Result {
  const v = formValues(effective(s));
  const d = formDialog(
    'Chat settings',
    { type: 'sessionSettings' },
    [
      { label: 'Preset', value: v[0] ?? '', placeholder: PRESET_NAMES.join(', ') },
      { label: 'Temperature', value: v[1] ?? '', placeholder: "0-2; blank: the server's" },
      { label: 'Top-p', value: v[2] ?? '', placeholder: "0-1; blank: the server's" },
      {
        label: 'Max tokens',
        value: v[3] ?? '',
        placeholder: 'blank: the config default ([chat] max_tokens)',
      },
      {
        label: 'System prompt',
        value: v[4] ?? '',
        placeholder: 'none (/system edits several lines)',
      },
    ],
    `Presets: ${PRESET_NAMES.join(', ')} (a typed temperature or top-p makes it custom). Enter: next field, saves on the last.`,
  );
  // Typing replaces a field's value (as in most forms); arrows keep it.
  for (const f of d.fields) f.editor.selectAll();
  return none({ ...s, overlay: { kind: 'dialog', dialog: d } });
}

export function openSystemPrompt(s: State): Result {
  const d = promptDialog(
    'System prompt',
    { type: 'systemPrompt' },
    {
      value: effective(s).systemPrompt ?? '',
      multiline: true,
      help: 'Sent first with every message of this chat. Alt+Enter adds a line; empty clears it.',
      placeholder: 'You are a helpful assistant.',
    },
  );
  return none({ ...s, overlay: { kind: 'dialog', dialog: d } });
}

export function setSystemPrompt(s: State, text: string): Result {
  const prompt = text.trim();
  const { systemPrompt: _p, ...rest } = effective(s);
  const next: SessionSettings = prompt === '' ? rest : { ...rest, systemPrompt: prompt };
  return setSettings(s, next, prompt === '' ? 'System prompt cleared' : 'System prompt set');
}

/**
 * The settings form's answer: a changed preset sets the sampling unless a
 * value was typed too; a typed value turns the preset into "custom".
 */
export function settingsFromForm(
  before: SessionSettings,
  values: readonly string[],
): { ok: true; settings: SessionSettings } | { ok: false; error: string } {
  const initial = formValues(before);
  const field = (k: (typeof FORM_FIELDS)[number]) => values[FORM_FIELDS.indexOf(k)] ?? '';
  const changed = (k: (typeof FORM_FIELDS)[number]) =>
    field(k).trim() !== (initial[FORM_FIELDS.indexOf(k)] ?? '').trim();
  const presetText = field('preset').trim().toLowerCase() || 'default';
  if (!isPreset(presetText))
    return {
      ok: false,
      error: `Unknown preset "${presetText}": use ${PRESET_NAMES.join(', ')}`,
    };
  const parsed: Partial<Record<Limited, number | undefined>> = {};
  for (const k of ['temperature', 'topP', 'maxTokens'] as const) {
    const r = parseValue(k, field(k));
    if (!r.ok) return r;
    parsed[k] = r.value;
  }
  const samplingTyped = changed('temperature') || changed('topP');
  let next: SessionSettings;
  if (changed('preset') && !samplingTyped) next = applyPreset(before, presetText);
  else {
    const { temperature: _t, topP: _p, ...rest } = before;
    next = {
      ...rest,
      preset: samplingTyped ? 'custom' : presetText,
      ...(parsed.temperature !== undefined ? { temperature: parsed.temperature } : {}),
      ...(parsed.topP !== undefined ? { topP: parsed.topP } : {}),
    };
  }
  const { maxTokens: _m, systemPrompt: _s, ...sampling } = next;
  const prompt = field('systemPrompt').trim();
  return {
    ok: true,
    settings: {
      ...sampling,
      ...(parsed.maxTokens !== undefined ? { maxTokens: parsed.maxTokens } : {}),
      ...(prompt !== '' ? { systemPrompt: prompt } : {}),
    },
  };
}

/** The answer to one of this module's dialogs. */
export function onDialog(s: State, d: Dialog, p: SettingsPurpose, value: DialogValue): Result {
  if (p.type === 'systemPrompt')
    return value.kind === 'text' ? setSystemPrompt(s, value.text) : none(s);
  if (value.kind !== 'form') return none(s);
  const r = settingsFromForm(effective(s), value.values);
  if (!r.ok) return none({ ...s, overlay: { kind: 'dialog', dialog: withError(d, r.error) } });
  return setSettings(s, r.settings, 'Chat settings saved');
}

/** One value set by a slash command (/temp, /top_p, /max_tokens). */
export function setValue(s: State, which: Limited, text: string): Result {
  const r = parseValue(which, text);
  if (!r.ok) return none(notify(s, 'error', r.error));
  const x = effective(s);
  const { [which]: _old, ...rest } = x;
  const sampling = which === 'maxTokens' ? x.preset : 'custom';
  const next: SessionSettings = {
    ...rest,
    preset: sampling,
    ...(r.value !== undefined ? { [which]: r.value } : {}),
  };
  const shown = r.value === undefined ? 'default' : String(r.value);
  return setSettings(s, next, `${LIMITS[which].label}: ${shown}`);
}

/** /preset NAME. */
export function setPreset(s: State, name: string): Result {
  const n = name.trim().toLowerCase();
  if (!isPreset(n))
    return none(
      notify(s, 'error', `Unknown preset "${name.trim()}": use ${PRESET_NAMES.join(', ')}`),
    );
  const about = n === 'custom' ? 'your own values' : PRESETS[n].about;
  return setSettings(s, applyPreset(effective(s), n), `Preset ${n}: ${about}`);
}
