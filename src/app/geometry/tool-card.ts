// Agent mode's call cards (issue 17) and the tool calls in a reply's bubble
// (issue 21): rows of the chat, measured like any item's. A card shows the
// server and tool, the annotations' hints, the decision, the complete
// arguments pretty-printed, a progress bar while it runs, and the result
// folded to a few lines (Ctrl+G or a click on "result" opens it). Everything
// goes through the engine's wrapping, which makes control characters and
// escape sequences inert.
import {
  type Line,
  type Style,
  type Theme,
  Mod,
  line,
  span,
  text,
  wrapLines,
} from '../../tui/index.js';
import type { ToolRecord } from '../types/agent.js';
import type { ChatItem } from '../types/state.js';

function clockOf(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** Rows of a folded result. */
export const RESULT_PREVIEW = 4;

function plain(content: string, width: number, style?: Style): Line[] {
  return wrapLines(text(content, style).lines, width);
}

const STATE_LABEL: Readonly<Record<ToolRecord['state'], string>> = {
  asking: '? waiting for your answer',
  running: '◌ running',
  done: '✓ done',
  failed: '✗ failed',
  denied: '⊘ denied',
  cancelled: '⊘ cancelled',
};

function stateStyle(theme: Theme, r: ToolRecord): Style {
  switch (r.state) {
    case 'done':
      return r.result?.isError === true ? theme['status.warn'] : theme['status.ok'];
    case 'failed':
      return theme['status.error'];
    case 'denied':
    case 'cancelled':
      return theme['status.warn'];
    default:
      return theme['status.info'];
  }
}

/** Who decided, in words. */
export function decisionText(r: ToolRecord): string | undefined {
  const d = r.decision;
  if (d === undefined) return undefined;
  const when = clockOf(d.at);
  const at = when === '' ? '' : ` at ${when}`;
  const rule = d.rule === undefined || d.rule === 'default' ? 'the default rule' : `rule ${d.rule}`;
  switch (d.choice) {
    case 'run':
      return d.by === 'session' ? `allowed for this session${at}` : `allowed by ${rule}${at}`;
    case 'deny':
      return d.by === 'rule'
        ? `denied by ${rule}${at}`
        : `denied by you${at}${d.reason !== undefined ? `: ${d.reason}` : ''}`;
    case 'once':
      return `run once, approved by you${at}`;
    case 'session':
      return `approved by you for this session${at}`;
    case 'always':
      return `always allowed by you${at} (written to the config)`;
    case 'edit':
      return `run with arguments edited by you${at}`;
  }
}

/** A progress bar: filled cells for progress/total, or the count alone when the total is unknown. */
export function progressLine(r: ToolRecord, width: number, theme: Theme): Line | undefined {
  const p = r.progress;
  if (p === undefined || r.state !== 'running') return undefined;
  const note = p.message !== undefined && p.message !== '' ? ` ${p.message}` : '';
  if (p.total === undefined || p.total <= 0)
    return line(span(`progress ${p.progress}${note}`, theme['status.info']));
  const frac = Math.max(0, Math.min(1, p.progress / p.total));
  const cells = Math.max(4, Math.min(30, width - 20));
  const full = Math.round(frac * cells);
  return line(
    span('█'.repeat(full), theme['status.info']),
    span('░'.repeat(cells - full), theme['text.dim']),
    span(` ${p.progress}/${p.total}${note}`, theme['text.dim']),
  );
}

/** The rows of a tool item's card at `width`. */
export function toolCardRows(it: ChatItem, r: ToolRecord, width: number, theme: Theme): Line[] {
  const out: Line[] = [];
  const where = r.server !== undefined ? `${r.server} · ${r.tool ?? r.name}` : r.name;
  const head = [
    span('⚙ ', theme['text.accent']),
    span(where, { ...theme['text.strong'], add: Mod.bold }),
  ];
  for (const h of r.hints ?? [])
    head.push(span(` [${h}]`, h === 'destructive' ? theme['status.error'] : theme['text.dim']));
  head.push(span(`  ${STATE_LABEL[r.state]}`, stateStyle(theme, r)));
  out.push(...wrapLines([line(...head)], width));
  const decided = decisionText(r);
  if (decided !== undefined) out.push(...plain(decided, width, theme['text.dim']));
  out.push(...plain(r.arguments === '' ? '{}' : r.arguments, width, theme.text));
  if (r.problems !== undefined && r.state === 'asking')
    out.push(
      ...plain(
        `✗ the arguments do not match the schema: ${r.problems.join('; ')}`,
        width,
        theme['status.error'],
      ),
    );
  const bar = progressLine(r, width, theme);
  if (bar !== undefined) out.push(bar);
  if (r.error !== undefined) out.push(...plain(`✗ ${r.error}`, width, theme['status.error']));
  if (r.result !== undefined) {
    const body = r.result.parts.map((p) => p.text).join('\n');
    const rows = plain(
      body === '' ? '(empty result)' : body,
      width,
      r.result.isError ? theme['status.warn'] : theme.text,
    );
    const open = it.toolOpen === true || rows.length <= RESULT_PREVIEW;
    const label = `${open ? '▾' : '▸'} result${r.result.isError ? ' (the tool reported an error)' : ''} · ${rows.length} ${rows.length === 1 ? 'line' : 'lines'}`;
    out.push(line(span(label, { ...theme['text.dim'], add: Mod.italic })));
    out.push(...(open ? rows : rows.slice(0, RESULT_PREVIEW)));
    if (!open)
      out.push(
        line(
          span(
            `… ${rows.length - RESULT_PREVIEW} more lines (Ctrl+G or a click on "result" opens them)`,
            theme['text.dim'],
          ),
        ),
      );
  }
  return out;
}

/**
 * The calls a reply made, in its bubble: name and arguments, and what became
 * of them. In agent mode the cards below answer them; otherwise the server
 * reported them and nothing here ran them.
 */
export function replyCallRows(
  calls: readonly { readonly name: string; readonly arguments: string }[],
  agentOn: boolean,
  width: number,
  theme: Theme,
): Line[] {
  if (calls.length === 0) return [];
  const out: Line[] = [];
  for (const c of calls) {
    const args = c.arguments.replace(/\s+/g, ' ').trim();
    out.push(
      ...wrapLines(
        [
          line(
            span('→ calls ', theme['text.dim']),
            span(c.name, theme['text.accent']),
            span(` ${args === '' ? '{}' : args}`, theme.text),
          ),
        ],
        width,
      ),
    );
  }
  const what = agentOn
    ? `The model asked for ${calls.length === 1 ? 'a tool call' : `${calls.length} tool calls`}; ${calls.length === 1 ? 'its card' : 'their cards'} below ${calls.length === 1 ? 'shows' : 'show'} what happened.`
    : `The model asked for ${calls.length === 1 ? 'a tool call' : `${calls.length} tool calls`}; agent mode is off (--agent), so this app ran none.`;
  out.push(...plain(what, width, { ...theme['text.dim'], add: Mod.italic }));
  return out;
}
