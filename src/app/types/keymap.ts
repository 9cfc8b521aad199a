// Keybindings as data: every user-visible operation is a command id with a
// description, the context it belongs to and its default keys. One table
// feeds key resolution, the status-bar hints, the help overlay and
// docs/keybindings.md. Config overrides replace a command's keys.
import type { KeyEvent } from '../../tui/index.js';

/**
 * Where a command applies. A key is looked up in the focused context, then
 * (for a sidebar tab) in 'sidebar', then in 'global'. 'dialog' keys are fixed
 * (Enter, Esc, Tab) and drawn by the dialog itself.
 */
export type Context =
  | 'global'
  | 'composer'
  | 'chat'
  | 'inspector'
  | 'sidebar'
  | 'sessions'
  | 'models'
  | 'metrics'
  | 'logs'
  | 'tools'
  | 'help'
  | 'dialog';

/** Contexts of the sidebar's tabs: keys fall back to 'sidebar', then 'global'. */
export const TAB_CONTEXTS: readonly Context[] = ['sessions', 'models', 'metrics', 'logs', 'tools'];

/**
 * Contexts where text typed goes to the message box (focus moves there with
 * the first character) unless a command of the context takes the key: the
 * transcript and the inspector, which people click to read and then type on.
 */
export const TYPING_CONTEXTS: readonly Context[] = ['chat', 'inspector'];

/** Whether a key event types text (a printable character with no Ctrl, Alt or Super). */
export function typesText(e: KeyEvent): boolean {
  return e.text !== undefined && e.text !== '' && !e.ctrl && !e.alt && !e.meta;
}

export interface CommandSpec {
  readonly id: string;
  readonly context: Context;
  readonly description: string;
  readonly keys: readonly string[];
  /** Shown in the status bar when its context has focus. */
  readonly hint?: string;
}

export const COMMANDS = [
  { id: 'app.quit', context: 'global', description: 'Quit', keys: ['ctrl+c'], hint: 'quit' },
  { id: 'app.help', context: 'global', description: 'Show the keys', keys: ['f1'], hint: 'help' },
  { id: 'app.suspend', context: 'global', description: 'Suspend to the shell', keys: ['ctrl+z'] },
  {
    id: 'focus.next',
    context: 'global',
    description: 'Focus the next pane',
    keys: ['tab'],
    hint: 'focus',
  },
  {
    id: 'focus.prev',
    context: 'global',
    description: 'Focus the previous pane',
    keys: ['shift+tab'],
  },
  {
    id: 'app.palette',
    context: 'global',
    description: 'Command palette: every command by name',
    keys: ['ctrl+p'],
    hint: 'commands',
  },
  {
    id: 'app.theme',
    context: 'global',
    description: 'Switch theme (dark, light, high contrast)',
    keys: [],
  },
  {
    id: 'app.notifications',
    context: 'global',
    description: 'Show the notifications of this run',
    keys: ['alt+n'],
  },
  {
    id: 'layout.toggle',
    context: 'global',
    description: 'Show or hide the sidebar',
    keys: ['ctrl+b'],
    hint: 'sidebar',
  },
  {
    id: 'layout.inspector',
    context: 'global',
    description: 'Show or hide the message inspector',
    keys: ['ctrl+o'],
  },
  {
    id: 'layout.single',
    context: 'global',
    description: 'Layout: chat only',
    keys: [],
  },
  {
    id: 'layout.dual',
    context: 'global',
    description: 'Layout: chat and sidebar',
    keys: [],
  },
  {
    id: 'sidebar.sessions',
    context: 'global',
    description: 'Sidebar: sessions',
    keys: ['alt+1'],
  },
  {
    id: 'sidebar.models',
    context: 'global',
    description: 'Sidebar: models',
    keys: ['alt+2'],
  },
  {
    id: 'sidebar.metrics',
    context: 'global',
    description: 'Sidebar: metrics',
    keys: ['alt+3'],
  },
  {
    id: 'sidebar.logs',
    context: 'global',
    description: 'Sidebar: logs and notifications',
    keys: ['alt+4'],
  },
  {
    id: 'sidebar.tools',
    context: 'global',
    description: 'Sidebar: tools',
    keys: ['alt+5'],
  },
  {
    id: 'chat.web_search',
    context: 'global',
    description: 'Switch web search for this chat',
    keys: [],
  },
  { id: 'tools.up', context: 'tools', description: 'Scroll up', keys: ['up', 'k'] },
  {
    id: 'tools.reconnect',
    context: 'tools',
    description: 'Connect the MCP servers not connected again now',
    keys: ['r'],
  },
  { id: 'tools.down', context: 'tools', description: 'Scroll down', keys: ['down', 'j'] },
  {
    id: 'tools.web_search',
    context: 'tools',
    description: 'Switch web search for this chat',
    keys: ['w'],
  },
  {
    id: 'session.new',
    context: 'global',
    description: 'Start a new chat',
    keys: ['ctrl+n'],
    hint: 'new',
  },
  {
    id: 'session.settings',
    context: 'global',
    description: 'Chat settings: sampling preset, temperature, top-p, max tokens, system prompt',
    keys: [],
  },
  {
    id: 'session.system',
    context: 'global',
    description: "Edit the chat's system prompt",
    keys: [],
  },
  {
    id: 'templates.open',
    context: 'global',
    description: 'Prompt templates: insert, create, edit, delete',
    keys: ['ctrl+t'],
  },
  {
    id: 'chat.cancel',
    context: 'global',
    description: 'Stop the reply / back to typing',
    keys: ['esc'],
  },
  {
    id: 'chat.retry',
    context: 'global',
    description: 'Ask again (the old reply is kept)',
    keys: ['ctrl+r'],
  },
  {
    id: 'composer.send',
    context: 'composer',
    description: 'Send the message',
    keys: ['enter'],
    hint: 'send',
  },
  {
    id: 'composer.newline',
    context: 'composer',
    description: 'Insert a new line',
    keys: ['alt+enter', 'shift+enter', 'ctrl+j'],
    hint: 'newline',
  },
  {
    id: 'composer.complete',
    context: 'composer',
    description: 'Complete /command (else next pane)',
    keys: ['tab'],
  },
  {
    id: 'composer.up',
    context: 'composer',
    description: 'Up a line, completion or message',
    keys: ['up'],
  },
  {
    id: 'composer.down',
    context: 'composer',
    description: 'Down a line, completion or message',
    keys: ['down'],
  },
  {
    id: 'composer.history_prev',
    context: 'composer',
    description: 'Recall the previous message sent',
    keys: ['ctrl+up'],
    hint: 'history',
  },
  {
    id: 'composer.history_next',
    context: 'composer',
    description: 'Recall the next message sent',
    keys: ['ctrl+down'],
  },
  {
    id: 'composer.dismiss',
    context: 'composer',
    description: 'Hide the /command list; stop reply',
    keys: ['esc'],
  },
  // The chat and the inspector bind no key that types: printable text typed
  // there goes to the message box (update.ts), so a sentence typed after a
  // click on a reply never runs a command. Their commands use arrows, Enter,
  // F-keys and Ctrl+letters; a printable key bound here by the config wins.
  { id: 'chat.scroll_up', context: 'chat', description: 'Scroll up a line', keys: ['up'] },
  {
    id: 'chat.scroll_down',
    context: 'chat',
    description: 'Scroll down a line',
    keys: ['down'],
  },
  {
    id: 'chat.page_up',
    context: 'global',
    description: 'Scroll the chat up a page',
    keys: ['pageup'],
  },
  {
    id: 'chat.page_down',
    context: 'global',
    description: 'Scroll the chat down a page',
    keys: ['pagedown'],
  },
  {
    id: 'chat.select_prev',
    context: 'chat',
    description: 'Select the previous message',
    keys: ['shift+up'],
    hint: 'select',
  },
  {
    id: 'chat.select_next',
    context: 'chat',
    description: 'Select the next message',
    keys: ['shift+down'],
  },
  {
    id: 'chat.edit',
    context: 'chat',
    description: 'Edit the selected message (the old text stays as a version)',
    keys: ['ctrl+e', 'f2'],
    hint: 'edit',
  },
  {
    id: 'chat.copy',
    context: 'chat',
    description: 'Copy the selected message',
    keys: ['ctrl+y'],
    hint: 'copy',
  },
  {
    id: 'chat.sibling_prev',
    context: 'chat',
    description: 'Previous version of the selected message',
    keys: ['left'],
  },
  {
    id: 'chat.sibling_next',
    context: 'chat',
    description: 'Next version of the selected message',
    keys: ['right'],
  },
  {
    id: 'chat.reasoning',
    context: 'chat',
    description: "Fold or unfold the message's reasoning",
    keys: ['ctrl+g'],
  },
  {
    id: 'chat.play',
    context: 'global',
    description: "Play or stop the selected message's sound",
    keys: ['alt+p'],
  },
  {
    id: 'chat.open_attachment',
    context: 'global',
    description: "Open the selected message's picture full size (and in the system viewer)",
    keys: ['alt+o'],
  },
  {
    id: 'composer.attach',
    context: 'composer',
    description: 'Attach an image or audio file (the picker)',
    keys: ['alt+a'],
  },
  {
    id: 'composer.paste_image',
    context: 'composer',
    description: 'Paste an image from the system clipboard',
    keys: ['ctrl+v'],
  },
  {
    id: 'chat.fork',
    context: 'chat',
    description: 'Fork the session at the selected message',
    keys: ['ctrl+f'],
  },
  {
    id: 'chat.top',
    context: 'chat',
    description: 'Jump to the first message',
    keys: ['home'],
  },
  {
    id: 'chat.bottom',
    context: 'chat',
    description: 'Jump to the latest message',
    keys: ['end'],
    hint: 'latest',
  },
  {
    id: 'chat.compose',
    context: 'chat',
    description: 'Write a message (typing any text does too)',
    keys: ['enter'],
    hint: 'write',
  },
  // Kept, unbound, for configs that want a letter back ("chat.quit" = "q").
  { id: 'chat.quit', context: 'chat', description: 'Quit', keys: [] },
  { id: 'chat.help', context: 'chat', description: 'Show the keys', keys: [] },
  {
    id: 'inspector.up',
    context: 'inspector',
    description: 'Scroll the inspector up',
    keys: ['up'],
  },
  {
    id: 'inspector.down',
    context: 'inspector',
    description: 'Scroll the inspector down',
    keys: ['down'],
    hint: 'scroll',
  },
  {
    id: 'inspector.page_up',
    context: 'inspector',
    description: 'Scroll the inspector up a page',
    keys: ['pageup'],
  },
  {
    id: 'inspector.page_down',
    context: 'inspector',
    description: 'Scroll the inspector down a page',
    keys: ['pagedown'],
  },
  {
    id: 'inspector.top',
    context: 'inspector',
    description: 'Inspector: back to the top',
    keys: ['home'],
  },
  {
    id: 'sessions.up',
    context: 'sessions',
    description: 'Select the previous session',
    keys: ['up', 'k'],
  },
  {
    id: 'sessions.down',
    context: 'sessions',
    description: 'Select the next session',
    keys: ['down', 'j'],
  },
  {
    id: 'sessions.open',
    context: 'sessions',
    description: 'Open the selected session',
    keys: ['enter'],
    hint: 'open',
  },
  {
    id: 'sessions.new',
    context: 'sessions',
    description: 'Start a new chat',
    keys: ['n'],
    hint: 'new',
  },
  {
    id: 'sessions.refresh',
    context: 'sessions',
    description: 'Reload the session list',
    keys: ['r'],
  },
  {
    id: 'sessions.top',
    context: 'sessions',
    description: 'Select the first session',
    keys: ['home', 'g'],
  },
  {
    id: 'sessions.bottom',
    context: 'sessions',
    description: 'Select the last session loaded (and load the next page)',
    keys: ['end', 'shift+g'],
  },
  {
    id: 'sessions.page_up',
    context: 'sessions',
    description: 'Select a page of sessions up',
    keys: ['pageup'],
  },
  {
    id: 'sessions.page_down',
    context: 'sessions',
    description: 'Select a page of sessions down',
    keys: ['pagedown'],
  },
  {
    id: 'sessions.search',
    context: 'sessions',
    description: 'Search every session (titles and messages)',
    keys: ['/'],
    hint: 'search',
  },
  {
    id: 'sessions.rename',
    context: 'sessions',
    description: 'Rename the selected session',
    keys: ['e', 'f2'],
    hint: 'rename',
  },
  {
    id: 'sessions.tag',
    context: 'sessions',
    description: 'Tag the selected session (comma-separated tags)',
    keys: ['t'],
  },
  {
    id: 'sessions.fork',
    context: 'sessions',
    description: 'Fork the selected session: a copy to continue separately',
    keys: ['f'],
  },
  {
    id: 'sessions.archive',
    context: 'sessions',
    description: 'Archive or unarchive the selected session',
    keys: ['a'],
  },
  {
    id: 'sessions.show_archived',
    context: 'sessions',
    description: 'Show or hide archived sessions in the list',
    keys: ['shift+a'],
  },
  {
    id: 'sessions.delete',
    context: 'sessions',
    description: 'Delete the selected session (asks first)',
    keys: ['d', 'delete'],
    hint: 'delete',
  },
  {
    id: 'sessions.export',
    context: 'sessions',
    description: 'Export the selected session to a Markdown or JSONL file',
    keys: ['x'],
  },
  // --- the models tab (panes/models.ts) ---
  {
    id: 'models.up',
    context: 'models',
    description: 'Select the previous model',
    keys: ['up', 'k'],
  },
  {
    id: 'models.down',
    context: 'models',
    description: 'Select the next model',
    keys: ['down', 'j'],
  },
  {
    id: 'models.top',
    context: 'models',
    description: 'Select the first model',
    keys: ['home', 'g'],
  },
  {
    id: 'models.bottom',
    context: 'models',
    description: 'Select the last model',
    keys: ['end', 'shift+g'],
  },
  {
    id: 'models.use',
    context: 'models',
    description: 'Use the selected model for this chat',
    keys: ['enter'],
    hint: 'use',
  },
  {
    id: 'models.filter',
    context: 'models',
    description: 'Filter the models by text (name, id, architecture, quantization)',
    keys: ['/'],
    hint: 'filter',
  },
  {
    id: 'models.clear_filter',
    context: 'models',
    description: 'Clear the model filters (then: back to typing)',
    keys: ['esc'],
  },
  {
    id: 'models.kind',
    context: 'models',
    description: 'Show one kind of model (text, vision, diffusion, speech, embedding, all)',
    keys: ['t'],
  },
  {
    id: 'models.format',
    context: 'models',
    description: 'Show one model format (gguf, safetensors, other, all)',
    keys: ['f'],
  },
  {
    id: 'models.load',
    context: 'models',
    description: 'Load the selected model on the mistral.rs server',
    keys: ['l'],
  },
  {
    id: 'models.unload',
    context: 'models',
    description: 'Unload the selected model from the mistral.rs server (frees its memory)',
    keys: ['u'],
  },
  {
    id: 'models.reload',
    context: 'models',
    description: 'Reload the selected model on the mistral.rs server',
    keys: ['shift+r'],
  },
  {
    id: 'models.launch',
    context: 'models',
    description: 'Launch a mistral.rs server for the selected model and switch to it',
    keys: ['s'],
    hint: 'launch',
  },
  {
    id: 'models.embedded',
    context: 'models',
    description: 'Run the selected GGUF model in-process (embedded, node-llama-cpp)',
    keys: ['e'],
  },
  {
    id: 'models.details',
    context: 'models',
    description: "Show or hide the selected model's details",
    keys: ['d'],
  },
  {
    id: 'models.pick',
    context: 'global',
    description: "Switch the chat's model (pick from the models found and served)",
    keys: [],
  },
  {
    id: 'models.refresh',
    context: 'models',
    description: 'Scan the model folders again and ask the server for its models',
    keys: ['r'],
  },
  // --- the metrics tab (panes/metrics.ts) ---
  {
    id: 'metrics.refresh',
    context: 'metrics',
    description: 'Read the server and device figures now',
    keys: ['r'],
    hint: 'refresh',
  },
  // --- the logs tab (panes/logs.ts) ---
  { id: 'logs.up', context: 'logs', description: 'Scroll to older lines', keys: ['up', 'k'] },
  { id: 'logs.down', context: 'logs', description: 'Scroll to newer lines', keys: ['down', 'j'] },
  {
    id: 'logs.page_up',
    context: 'logs',
    description: 'Scroll the logs up a page',
    keys: ['pageup'],
  },
  {
    id: 'logs.page_down',
    context: 'logs',
    description: 'Scroll the logs down a page',
    keys: ['pagedown'],
  },
  { id: 'logs.top', context: 'logs', description: 'Jump to the oldest line', keys: ['home', 'g'] },
  {
    id: 'logs.follow',
    context: 'logs',
    description: 'Follow the newest lines again',
    keys: ['end', 'shift+g'],
    hint: 'follow',
  },
  {
    id: 'logs.level',
    context: 'logs',
    description: 'Least severe level shown: debug, info, warn, error',
    keys: ['l'],
    hint: 'level',
  },
  {
    id: 'logs.search',
    context: 'logs',
    description: 'Show only lines containing a text',
    keys: ['/'],
    hint: 'filter',
  },
  { id: 'logs.clear_filter', context: 'logs', description: 'Clear the text filter', keys: ['c'] },
  {
    id: 'logs.notifications',
    context: 'logs',
    description: 'Switch between the logs and the notifications of this run',
    keys: ['n'],
    hint: 'notices',
  },
  // --- every sidebar tab ---
  {
    id: 'sidebar.next_tab',
    context: 'sidebar',
    description: 'Next sidebar tab',
    keys: [']'],
    hint: 'tab',
  },
  { id: 'sidebar.prev_tab', context: 'sidebar', description: 'Previous sidebar tab', keys: ['['] },
  {
    id: 'sidebar.wider',
    context: 'sidebar',
    description: 'Widen the sidebar',
    keys: ['<'],
  },
  {
    id: 'sidebar.narrower',
    context: 'sidebar',
    description: 'Narrow the sidebar',
    keys: ['>'],
  },
  { id: 'sidebar.quit', context: 'sidebar', description: 'Quit', keys: ['q'], hint: 'quit' },
  { id: 'sidebar.help', context: 'sidebar', description: 'Show the keys', keys: ['?'] },
  {
    id: 'help.close',
    context: 'help',
    description: 'Close the help',
    keys: ['esc', 'q', '?', 'f1'],
    hint: 'close',
  },
  { id: 'help.up', context: 'help', description: 'Scroll the help up', keys: ['k', 'up'] },
  {
    id: 'help.down',
    context: 'help',
    description: 'Scroll the help down',
    keys: ['j', 'down'],
    hint: 'scroll',
  },
] as const satisfies readonly CommandSpec[];

export type CommandId = (typeof COMMANDS)[number]['id'];

export const COMMAND_IDS: readonly CommandId[] = COMMANDS.map((c) => c.id);

/** A key as the table writes it, parsed. */
export interface KeySpec {
  readonly key: string;
  readonly ctrl: boolean;
  readonly alt: boolean;
  readonly shift: boolean;
  readonly meta: boolean;
}

const NAMES: Readonly<Record<string, string>> = { esc: 'escape', space: ' ' };

export function parseKey(spec: string): KeySpec {
  const parts = spec.toLowerCase().split('+');
  if (spec.endsWith('++')) parts.splice(parts.length - 2, 2, '+');
  const k = parts.pop() ?? '';
  return {
    key: NAMES[k] ?? k,
    ctrl: parts.includes('ctrl'),
    alt: parts.includes('alt'),
    shift: parts.includes('shift'),
    meta: parts.includes('super'),
  };
}

/** Whether a decoded key event is the key `spec` names. */
export function keyMatches(spec: KeySpec, e: KeyEvent): boolean {
  if (e.ctrl !== spec.ctrl || e.alt !== spec.alt || e.meta !== spec.meta) return false;
  const k = e.key.toLowerCase();
  if (k !== spec.key) return false;
  // A printable symbol ("?") arrives with or without shift depending on the
  // terminal; letters and named keys compare shift exactly.
  const symbol = spec.key.length === 1 && spec.key.toLowerCase() === spec.key.toUpperCase();
  if (symbol) return true;
  const shifted = e.shift || (e.key.length === 1 && e.key !== e.key.toLowerCase());
  return shifted === spec.shift;
}

/** The table after overrides: command id -> keys. Plain data, kept in State. */
export type Keymap = Readonly<Record<CommandId, readonly string[]>>;

export function defaultKeymap(): Keymap {
  const out: Record<string, readonly string[]> = {};
  for (const c of COMMANDS) out[c.id] = c.keys;
  return out as Keymap;
}

export function isCommandId(id: string): id is CommandId {
  return (COMMAND_IDS as readonly string[]).includes(id);
}

/** Applies validated overrides (command id -> keys). */
export function withOverrides(
  base: Keymap,
  overrides: Readonly<Record<string, readonly string[]>>,
): Keymap {
  const out: Record<string, readonly string[]> = { ...base };
  for (const [id, keys] of Object.entries(overrides)) if (isCommandId(id)) out[id] = keys;
  return out as Keymap;
}

export function commandSpec(id: CommandId): CommandSpec {
  const c = COMMANDS.find((x) => x.id === id);
  if (c === undefined) throw new Error(`unknown command ${id}`);
  return c;
}

/** The command bound to `e` in `context`, if any. */
export function resolveKey(keymap: Keymap, context: Context, e: KeyEvent): CommandId | undefined {
  for (const c of COMMANDS) {
    if (c.context !== context) continue;
    if (keymap[c.id].some((s) => keyMatches(parseKey(s), e))) return c.id;
  }
  return undefined;
}

const LABELS: Readonly<Record<string, string>> = {
  esc: 'Esc',
  pageup: 'PageUp',
  pagedown: 'PageDown',
  backspace: 'Backspace',
  space: 'Space',
};

/** How a key spec is shown to people: "Ctrl+C", "Alt+Enter", "PageUp", "?". */
export function keyLabel(spec: string): string {
  if (spec.length === 1) return spec;
  return spec
    .split('+')
    .map(
      (p) =>
        LABELS[p] ??
        (p.length === 1 ? p.toUpperCase() : `${p.charAt(0).toUpperCase()}${p.slice(1)}`),
    )
    .join('+');
}

/** The label of a command's first key ("Ctrl+E"), or undefined when it has none. */
export function keyOf(keymap: Keymap, id: CommandId): string | undefined {
  const k = keymap[id][0];
  return k === undefined ? undefined : keyLabel(k);
}

/** Commands of a context, with their current keys. */
export function commandsOf(
  keymap: Keymap,
  context: Context,
): { spec: CommandSpec; keys: readonly string[] }[] {
  return COMMANDS.filter((c) => c.context === context).map((c) => ({
    spec: c,
    keys: keymap[c.id],
  }));
}
