// Slash commands typed in the composer ("/temp 0.3"): the table, parsing,
// what the completion list offers for the text typed so far, and running
// one. Commands that exist as app commands run through a runCommand effect
// (the same path as their key); the rest change the chat's settings here.
import { type PickItem, pickDialog, promptDialog } from './dialog.js';
import { setTheme, showTab } from './global.js';
import { fuzzyFilter } from './fuzzy.js';
import type { CommandId } from '../types/keymap.js';
import { notify } from './notify.js';
import { type Result, none } from '../types/result.js';
import { LAYOUTS, type LayoutName, type State } from '../types/state.js';
import { THEME_NAMES } from '../types/themes.js';
import {
  PRESET_NAMES,
  openSystemPrompt,
  setPreset,
  setSystemPrompt,
  setValue,
} from './session-settings.js';
import { BUSY } from './chat.js';
import * as models from './models.js';
import * as sessions from './sessions.js';
import { insertTemplate, openTemplates } from './templates.js';
import { attachCommand, saveAs } from './attachments.js';
import * as generate from './generate.js';

export interface SlashSpec {
  readonly name: string;
  /** How the arguments are written in the help ("<0-2>", "[name]"). */
  readonly args: string;
  readonly description: string;
  /** The command needs an argument: completing its name leaves a space after it. */
  readonly needsArg: boolean;
  /** Values its argument completes to. */
  readonly values?: (s: State) => readonly string[];
}

const EXPORT_FORMATS = ['md', 'jsonl'] as const;

const chatId = (e: models.ModelEntry): string => e.serverId ?? e.model?.id ?? e.name;

/** Model ids the app knows: the chat's, the server's and those found on disk. */
export function knownModels(s: State): string[] {
  return [...new Set([s.backend.model, ...models.allEntries(s.models).map(chatId)])];
}

export const SLASH: readonly SlashSpec[] = [
  { name: 'new', args: '', description: 'Start a new chat', needsArg: false },
  { name: 'clear', args: '', description: 'Clear the screen: start a new chat', needsArg: false },
  {
    name: 'model',
    args: '<id>',
    description: 'Use another model for the next messages',
    needsArg: true,
    values: knownModels,
  },
  {
    name: 'system',
    args: '[text]',
    description: 'Set the system prompt (no text: edit or clear it)',
    needsArg: false,
  },
  { name: 'temp', args: '<0-2>', description: 'Sampling temperature', needsArg: true },
  { name: 'top_p', args: '<0-1>', description: 'Nucleus sampling: top-p', needsArg: true },
  {
    name: 'max_tokens',
    args: '<n>',
    description: 'Most tokens one reply may have',
    needsArg: true,
  },
  {
    name: 'preset',
    args: '<name>',
    description: 'Sampling preset (precise, balanced, creative…)',
    needsArg: true,
    values: () => PRESET_NAMES.filter((p) => p !== 'custom'),
  },
  {
    name: 'template',
    args: '[name]',
    description: 'Insert a template (no name: manage them)',
    needsArg: false,
    values: (s) => (s.composer.templates ?? []).map((t) => t.name),
  },
  {
    name: 'settings',
    args: '',
    description: 'Chat settings: preset, sampling, system prompt',
    needsArg: false,
  },
  {
    name: 'export',
    args: '[md|jsonl] [file]',
    description: 'Export this chat',
    needsArg: false,
    values: () => EXPORT_FORMATS,
  },
  {
    name: 'attach',
    args: '[path]',
    description: 'Attach an image or audio file (no path: the picker)',
    needsArg: false,
    values: (s) => s.composer.mediaFiles?.files ?? [],
  },
  {
    name: 'image',
    args: '<prompt>',
    description: 'Generate an image with the served diffusion model',
    needsArg: true,
  },
  {
    name: 'speak',
    args: '<text>',
    description: 'Turn text into speech with the served speech model',
    needsArg: true,
  },
  {
    name: 'imgsize',
    args: '<WxH>',
    description: 'Size of generated images (this chat)',
    needsArg: true,
    values: () => ['512x512', '768x768', '1024x1024', '1024x768', '768x1024'],
  },
  {
    name: 'imgcount',
    args: '<1-4>',
    description: 'Images generated per prompt (this chat)',
    needsArg: true,
  },
  { name: 'play', args: '', description: 'Play or stop the selected sound', needsArg: false },
  {
    name: 'save',
    args: '[path]',
    description: 'Save the selected (or latest) picture or sound to a file',
    needsArg: false,
  },
  { name: 'search', args: '[text]', description: 'Search every session', needsArg: false },
  { name: 'rename', args: '[title]', description: 'Rename this chat', needsArg: false },
  { name: 'retry', args: '', description: 'Ask again for the last reply', needsArg: false },
  {
    name: 'theme',
    args: '[name]',
    description: `Switch theme: ${THEME_NAMES.join(', ')} (none: the next)`,
    needsArg: false,
    values: () => THEME_NAMES,
  },
  {
    name: 'layout',
    args: '<name>',
    description: 'Switch layout: single, dual, inspector',
    needsArg: true,
    values: () => LAYOUTS,
  },
  { name: 'help', args: '', description: 'List the slash commands', needsArg: false },
];

export interface Parsed {
  readonly name: string;
  readonly arg: string;
}

/** "/temp 0.3" -> {name: 'temp', arg: '0.3'}; undefined when the text is not a command ("//" sends a literal slash). */
export function parseSlash(text: string): Parsed | undefined {
  if (!text.startsWith('/') || text.startsWith('//')) return undefined;
  const m = /^\/(\S*)\s*([\s\S]*)$/.exec(text.trimEnd());
  if (m === null) return undefined;
  return { name: (m[1] ?? '').toLowerCase(), arg: (m[2] ?? '').trim() };
}

export const slashSpec = (name: string): SlashSpec | undefined =>
  SLASH.find((c) => c.name === name);

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j] ?? 0;
      row[j] = Math.min(cur + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length] ?? 0;
}

/** The command whose name is closest to `name` (for "did you mean"). */
export function nearestSlash(name: string): SlashSpec {
  const score = (c: SlashSpec) =>
    c.name.startsWith(name) || name.startsWith(c.name) ? 0.5 : distance(name, c.name);
  return SLASH.reduce((best, c) => (score(c) < score(best) ? c : best));
}

// --- completion -------------------------------------------------------------

export interface Completion {
  /** Shown in the list ("/temp <0-2>"). */
  readonly label: string;
  readonly detail: string;
  /** The composer's text once chosen. */
  readonly text: string;
}

export interface Completions {
  readonly items: readonly Completion[];
  /** The command being typed, once its name is complete (for the usage line). */
  readonly spec?: SlashSpec;
}

/** Rows the completion list shows at most. */
export const COMPLETION_ROWS = 8;

/** What the list offers for the composer's text; undefined when it is not a command being typed. */
export function completions(s: State): Completions | undefined {
  const ed = s.composer.editor;
  if (ed.lines.length !== 1) return undefined;
  const text = ed.value;
  if (s.composer.dismissed === text) return undefined;
  const p = parseSlash(text);
  if (p === undefined) return undefined;
  const hasSpace = /\s/.test(text);
  if (!hasSpace) {
    const hits = fuzzyFilter(p.name, SLASH, (c) => c.name);
    return {
      items: hits.map(({ item: c }) => ({
        label: `/${c.name}${c.args !== '' ? ` ${c.args}` : ''}`,
        detail: c.description,
        text: `/${c.name}${c.needsArg ? ' ' : ''}`,
      })),
    };
  }
  const spec = slashSpec(p.name);
  if (spec === undefined) return { items: [] };
  const values = spec.values?.(s) ?? [];
  const hits = fuzzyFilter(p.arg, values, (v) => v);
  return {
    spec,
    items: hits
      .filter(({ item }) => item !== p.arg)
      .map(({ item }) => ({ label: item, detail: '', text: `/${spec.name} ${item}` })),
  };
}

/** The chosen row, clamped to the list. */
export function chosen(c: Completions, index: number): Completion | undefined {
  if (c.items.length === 0) return undefined;
  return c.items[Math.max(0, Math.min(c.items.length - 1, index))];
}

// --- running ------------------------------------------------------------------

const run = (s: State, id: CommandId): Result => [s, [{ type: 'runCommand', id }]];

/** /model ID: the models tab's "use" (remembered for the next run); an unknown id is used as typed, with a warning. */
function setModel(s: State, arg: string): Result {
  if (arg === '')
    return none(notify(s, 'error', 'Which model? /model <id> (Tab completes the known ones)'));
  if (s.chat.streaming !== undefined) return none(notify(s, 'warn', BUSY));
  const entry = models.allEntries(s.models).find((e) => chatId(e) === arg || e.name === arg);
  if (entry !== undefined) return models.useModel(s, entry);
  const next = { ...s, backend: { ...s.backend, model: arg } };
  const known = arg === s.backend.model;
  return [
    notify(
      next,
      known ? 'info' : 'warn',
      known ? `Model: ${arg}` : `Model: ${arg} (not in the model list: the server may refuse it)`,
    ),
    [{ type: 'saveSetting', key: 'chat.last_model', value: arg }],
  ];
}

function setLayoutTo(s: State, arg: string): Result {
  const l = arg.toLowerCase();
  if (!(LAYOUTS as readonly string[]).includes(l))
    return none(notify(s, 'error', `Unknown layout "${arg}": use ${LAYOUTS.join(', ')}`));
  const layout = l as LayoutName;
  if (layout === s.layout) return none(s);
  if (layout === 'inspector') return run(s, 'layout.inspector');
  return run(s, layout === 'single' ? 'layout.single' : 'layout.dual');
}

function setThemeTo(s: State, arg: string): Result {
  const name = THEME_NAMES.find((t) => t === arg.toLowerCase());
  if (name === undefined)
    return none(notify(s, 'error', `Unknown theme "${arg}": use ${THEME_NAMES.join(', ')}`));
  return setTheme(s, name);
}

/** The chat on screen as the sessions tab's dialogs take it; undefined before its first message. */
function current(s: State): { id: string; title: string } | undefined {
  const id = s.chat.sessionId;
  return id === undefined ? undefined : { id, title: s.chat.title ?? 'chat' };
}

const NOTHING_YET = 'send a message first: the chat is saved with it';

/** /export [md|jsonl] [path]: with a path it exports now, else the path prompt opens filled in. */
function exportChat(s: State, arg: string): Result {
  const [first = '', ...more] = arg === '' ? [] : arg.split(/\s+/);
  const format = EXPORT_FORMATS.find((f) => f === first.toLowerCase());
  // "/export ~/x.md": a path without a format word.
  const rest = format === undefined ? [first, ...more].join(' ').trim() : more.join(' ').trim();
  const fmt = format ?? (/\.jsonl$/i.test(rest) ? 'jsonl' : 'md');
  const chat = current(s);
  if (chat === undefined) return none(notify(s, 'info', `Nothing to export yet: ${NOTHING_YET}`));
  const d = promptDialog(
    'Export this chat',
    { type: 'exportSession', sessionId: chat.id },
    {
      value: rest !== '' ? rest : `~/${sessions.fileStem(chat.title, chat.id)}.${fmt}`,
      help: '.md writes Markdown, .jsonl a file `mistralrs-tui sessions import` reads back.',
      placeholder: '~/chat.md',
    },
  );
  if (rest === '') return none({ ...s, overlay: { kind: 'dialog', dialog: d } });
  if (/\.(md|markdown|jsonl)$/i.test(rest))
    return sessions.onDialog(s, d, { kind: 'text', text: rest });
  // No extension: a folder gets the chat's file name in it (the runtime knows
  // which it is), anything else the format's extension.
  return [
    s,
    [
      {
        type: 'exportSession',
        sessionId: chat.id,
        path: rest,
        format: fmt,
        overwrite: false,
        inFolder: `${sessions.fileStem(chat.title, chat.id)}.${fmt}`,
      },
    ],
  ];
}

/** /rename [title]: renames the chat on screen (no title: the rename prompt). */
function renameChat(s: State, arg: string): Result {
  const chat = current(s);
  if (chat === undefined) return none(notify(s, 'info', `Nothing to rename yet: ${NOTHING_YET}`));
  const d = promptDialog(
    'Rename this chat',
    { type: 'renameSession', sessionId: chat.id },
    { value: chat.title, help: 'Enter saves, Esc keeps the old title.', placeholder: 'a title' },
  );
  if (arg === '') return none({ ...s, overlay: { kind: 'dialog', dialog: d } });
  return sessions.onDialog(s, d, { kind: 'text', text: arg });
}

/** /search [text]: the sessions tab's search, with the text typed in. */
function search(s: State, arg: string, now: string): Result {
  const [shown, fx] = showTab(s, 'sessions');
  const start = sessions.sessionsCommands['sessions.search'];
  if (start === undefined) return none(notify(s, 'warn', 'Search is not available in this build'));
  const [searching, fx2] = start(
    shown.focus === 'sidebar' ? shown : { ...shown, focus: 'sidebar' },
    now,
  );
  const typed = arg === '' ? undefined : sessions.searchPaste(searching, arg);
  const [out, fx3] = typed ?? [searching, []];
  return [out, [...fx, ...fx2, ...fx3]];
}

/** The slash-command list as a picker; picking one puts it in the composer. */
export function slashHelp(s: State): Result {
  const items: PickItem[] = SLASH.map((c) => ({
    label: `/${c.name}${c.args !== '' ? ` ${c.args}` : ''}`,
    detail: c.description,
    value: c.name,
  }));
  const d = pickDialog('Slash commands', { type: 'slashHelp' }, items, {
    help: 'Type / in the message box; Tab completes, Enter runs. // sends a literal slash.',
  });
  return none({ ...s, overlay: { kind: 'dialog', dialog: d } });
}

/** Puts "/name " in the composer (from the slash help). */
export function startSlash(s: State, name: string): State {
  const spec = slashSpec(name);
  if (spec === undefined) return s;
  s.composer.editor.setValue(`/${spec.name}${spec.args !== '' ? ' ' : ''}`);
  return { ...s, composer: { ...s.composer, completion: { index: 0, text: '' } } };
}

/**
 * Runs a typed command. `ok` false: the text stays in the composer to be
 * fixed (an unknown command or a bad argument).
 */
export function runSlash(s: State, p: Parsed, now: string): { result: Result; ok: boolean } {
  const spec = slashSpec(p.name);
  if (spec === undefined) {
    const near = nearestSlash(p.name);
    const text =
      p.name === ''
        ? 'Type a command after the slash: /help lists them'
        : `Unknown command /${p.name}: did you mean /${near.name}? (/help lists them; // sends a slash)`;
    return { result: none(notify(s, 'error', text)), ok: false };
  }
  const result = dispatch(s, spec, p.arg, now);
  // A new error notice means the argument was wrong: keep the text to fix it.
  const last = result[0].notices.at(-1);
  const failed = last !== undefined && last.id !== s.notices.at(-1)?.id && last.level === 'error';
  return { result, ok: !failed };
}

function dispatch(s: State, spec: SlashSpec, arg: string, now: string): Result {
  switch (spec.name) {
    case 'new':
    case 'clear':
      return run(s, 'session.new');
    case 'model':
      return setModel(s, arg);
    case 'system':
      return arg === '' ? openSystemPrompt(s) : setSystemPrompt(s, arg);
    case 'temp':
      return needArg(s, spec, arg) ?? setValue(s, 'temperature', arg);
    case 'top_p':
      return needArg(s, spec, arg) ?? setValue(s, 'topP', arg);
    case 'max_tokens':
      return needArg(s, spec, arg) ?? setValue(s, 'maxTokens', arg);
    case 'preset':
      return needArg(s, spec, arg) ?? setPreset(s, arg);
    case 'template':
      return arg === '' ? openTemplates(s) : insertTemplate(s, arg);
    case 'settings':
      return run(s, 'session.settings');
    case 'export':
      return exportChat(s, arg);
    case 'search':
      return search(s, arg, now);
    case 'rename':
      return renameChat(s, arg);
    case 'retry':
      return run(s, 'chat.retry');
    case 'theme':
      return arg === '' ? run(s, 'app.theme') : setThemeTo(s, arg);
    case 'layout':
      return needArg(s, spec, arg) ?? setLayoutTo(s, arg);
    case 'help':
      return slashHelp(s);
    case 'attach':
      return attachCommand(s, arg);
    case 'image':
      return needArg(s, spec, arg) ?? generate.generate(s, 'image', arg, now);
    case 'speak':
      return needArg(s, spec, arg) ?? generate.generate(s, 'speech', arg, now);
    case 'imgsize':
      return needArg(s, spec, arg) ?? generate.setSize(s, arg);
    case 'imgcount':
      return needArg(s, spec, arg) ?? generate.setCount(s, arg);
    case 'play':
      return run(s, 'chat.play');
    case 'save':
      return saveAs(s, arg);
    default:
      return none(s);
  }
}

function needArg(s: State, spec: SlashSpec, arg: string): Result | undefined {
  if (arg !== '') return undefined;
  return none(notify(s, 'error', `/${spec.name} needs a value: /${spec.name} ${spec.args}`));
}
