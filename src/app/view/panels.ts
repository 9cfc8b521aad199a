// The status bar and the help overlay (its rows: geometry/help-rows.ts).
import {
  type Buffer,
  type Line,
  type Rect,
  type Span,
  type Theme,
  drawPopup,
  line,
  span,
  spinnerFrame,
  stringWidth,
  truncateLine,
} from '../../tui/index.js';
import { CONTEXT_TITLE, helpBox, helpLines } from '../geometry/help-rows.js';
import { COMMANDS, TAB_CONTEXTS, commandsOf, keyLabel } from '../types/keymap.js';
import { chatModelName, chatModelUnloaded } from '../panes/chat-model.js';
import { type State, focusedContext, paneContext } from '../types/state.js';

export { modelLabel } from '../panes/chat-model.js';

const CONNECTION: Readonly<
  Record<State['backend']['connection'], [string, 'status.ok' | 'status.warn' | 'status.error']>
> = {
  ok: ['● connected', 'status.ok'],
  checking: ['○ connecting', 'status.warn'],
  down: ['○ unreachable', 'status.error'],
};

/** Key hints for the focused context, drawn from the keymap, as many as fit in `width`. */
export function hints(s: State, width = Infinity): string {
  const ctx = focusedContext(s);
  // The sessions tab's search line takes the letters: only its keys and the global ones apply.
  const searching = ctx === 'sessions' && s.sessions.search !== undefined;
  const own = searching ? [] : commandsOf(s.keymap, ctx);
  const shared = !searching && TAB_CONTEXTS.includes(ctx) ? commandsOf(s.keymap, 'sidebar') : [];
  const global = ctx === 'help' || ctx === 'dialog' ? [] : commandsOf(s.keymap, 'global');
  const seen = new Set<string>();
  const lead = 'Enter open  Esc leave search';
  let out = searching && stringWidth(lead) <= width ? lead : '';
  for (const { spec, keys } of [...own, ...shared, ...global]) {
    const k = keys[0];
    if (spec.hint === undefined || k === undefined || seen.has(spec.hint)) continue;
    seen.add(spec.hint);
    const next = `${out === '' ? '' : `${out}  `}${keyLabel(k)} ${spec.hint}`;
    if (stringWidth(next) > width) break;
    out = next;
  }
  return out;
}

/** Cells the key hints keep at least: an indicator that would leave less is left out. */
const HINT_ROOM = 30;

/**
 * The indicators after the model, most telling first: the model unloaded on
 * the server, a tool or web search running now (highlighted), the server's
 * queue when known, then the backend's tool-calling and web-search
 * capabilities (dim).
 */
export function statusIndicators(s: State, theme: Theme): Span[] {
  const out: Span[] = [];
  // A model unloaded on the server holds messages back (panes/chat-model.ts heldBack).
  if (chatModelUnloaded(s)) out.push(span(' unloaded', theme['status.warn']));
  const activity = s.chat.streaming !== undefined ? s.chat.activity : undefined;
  const tool = activity?.startsWith('running tool') === true;
  const search = activity === 'searching the web';
  const caps = s.metrics.capabilities;
  const agent = agentIndicator(s, theme);
  if (agent !== undefined) out.push(agent);
  if (tool) out.push(span(' ⚙ tool', theme['status.info']));
  if (search) out.push(span(' ⌕ search', theme['status.info']));
  const q = s.metrics.queue;
  if (q !== undefined) {
    const busy = q.waiting > 0 ? theme['status.warn'] : theme['text.dim'];
    out.push(span(` ${q.running} run ${q.waiting} wait`, busy));
  }
  // In agent mode its own indicator says as much ("agent N tools").
  if (!tool && caps?.toolCalling === true && agent === undefined)
    out.push(span(' tools', theme['text.dim']));
  if (!search && caps?.webSearch === true) out.push(span(' search', theme['text.dim']));
  return out;
}

/**
 * Agent mode (issue 17): "agent" while it is on, with the tools connected;
 * highlighted while calls of a round run or wait for an answer.
 */
function agentIndicator(s: State, theme: Theme): Span | undefined {
  const a = s.agent;
  if (a === undefined) return undefined;
  const round = a.round;
  if (round !== undefined) {
    const states = round.items.map((id) => s.chat.items.find((i) => i.id === id)?.tool?.state);
    const asking = states.filter((x) => x === 'asking').length;
    const running = states.filter((x) => x === 'running').length;
    if (asking > 0) return span(` agent: ${asking} to approve`, theme['status.warn']);
    if (running > 0) return span(` agent: ⚙ ${running} running`, theme['status.info']);
  }
  const up = a.servers.filter((x) => x.phase === 'connected');
  const tools = up.reduce((n, x) => n + x.tools.length, 0);
  const failed = a.servers.some((x) => x.phase === 'failed');
  return span(` agent ${tools} tools`, failed ? theme['status.warn'] : theme['text.accent']);
}

export function drawStatus(buf: Buffer, area: Rect, s: State, theme: Theme): void {
  buf.setStyle(area, theme['selection.inactive']);
  const b = s.backend;
  const [label, tok] = CONNECTION[b.connection];
  let x = buf.setString(area.x + 1, area.y, label, theme[tok]);
  x = buf.setString(
    x,
    area.y,
    ` ${b.name} (${b.kind}) · ${chatModelName(s)}`,
    theme.text,
    area.width - x,
  );
  const end = area.x + area.width - 1;
  for (const ind of statusIndicators(s, theme)) {
    if (end - (x + stringWidth(ind.content)) < HINT_ROOM) break;
    x = buf.setString(x, area.y, ind.content, ind.style);
  }
  const left = x + 2;
  let middle: Line | undefined;
  if (s.chat.streaming !== undefined) {
    middle = line(
      span(`${spinnerFrame(s.tick)} ${s.chat.activity ?? 'generating'}`, theme['status.info']),
    );
  }
  // The hints take what the activity leaves, at least half of the free space.
  const free = area.x + area.width - left - 1;
  const wanted = middle === undefined ? free : Math.floor(free / 2);
  const h = hints(s, Math.max(0, wanted));
  const right = area.x + area.width - stringWidth(h) - 1;
  if (h !== '') buf.setString(right, area.y, h, theme['text.dim']);
  if (middle !== undefined) buf.setLine(left, area.y, middle, Math.max(0, right - 2 - left));
}

export function drawHelp(buf: Buffer, screen: Rect, s: State, theme: Theme): void {
  const lines = helpLines(s, theme);
  const area = helpBox(screen, lines);
  const inner = drawPopup(buf, area, {
    titles: [{ content: ` Keys: ${CONTEXT_TITLE[paneContext(s, s.focus)]} `, align: 'center' }],
    borderStyle: theme['border.focused'],
    style: theme.popup,
    padding: { top: 0, right: 1, bottom: 0, left: 1 },
  });
  const scroll = Math.min(s.helpScroll, Math.max(0, lines.length - inner.height));
  for (let i = 0; i < inner.height; i++) {
    const l = lines[scroll + i];
    if (l !== undefined)
      buf.setLine(inner.x, inner.y + i, truncateLine(l, inner.width), inner.width);
  }
  if (scroll + inner.height < lines.length) {
    const tag = ' ↓ more (j) ';
    buf.setString(
      area.x + area.width - tag.length - 2,
      area.y + area.height - 1,
      tag,
      theme['text.dim'],
    );
  }
}

/** Every command, for docs/keybindings.md. */
export function keybindingsMarkdown(): string {
  const rows = COMMANDS.map(
    (c) =>
      `| \`${c.id}\` | ${CONTEXT_TITLE[c.context]} | ${c.keys.map((k) => `\`${keyLabel(k)}\``).join(', ')} | ${c.description} |`,
  );
  return [
    '# Key bindings',
    '',
    'Generated from `src/app/types/keymap.ts` (`npm run docs`); do not edit by hand.',
    'A key is looked up in the focused pane first, then everywhere. Change a binding',
    'in the config file, e.g. `[keybindings]` `"app.help" = "ctrl+h"` (a list binds',
    'several keys; an unknown command id is an error that names the nearest one).',
    '',
    'In the chat and the inspector no key that types text is bound: text typed there',
    '(or pasted) goes to the message box, which takes the focus, so a sentence typed',
    'after a click on a reply is the next message and never runs a command. Their',
    'commands use arrows, Enter, F-keys and Ctrl+letters. A printable key bound there',
    'in the config wins over typing (e.g. `"chat.quit" = "q"`).',
    '',
    '| command | where | keys | what it does |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
