// The start-up screen shown until the chat workspace exists: it confirms which
// backend, database, config and log this run uses, and quits on q or Ctrl+C.
// It draws whole frames inside synchronized output (DEC 2026) so nothing flickers.
import { TerminalSession, exitCodeFor, type TerminalIO } from './terminal-session.js';

export interface PlaceholderInfo {
  readonly version: string;
  readonly rows: readonly (readonly [label: string, value: string])[];
}

/** Makes control characters visible so a path or URL cannot emit escape sequences. */
export function visible(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x20 ? `^${String.fromCharCode(code + 64)}` : code === 0x7f ? '^?' : '?';
  });
}

const segmenter = new Intl.Segmenter();

/** Grapheme clusters of `text` (the engine's width-aware text module replaces this). */
function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

function fit(text: string, width: number): string {
  const chars = graphemes(text);
  if (chars.length <= width) return text + ' '.repeat(width - chars.length);
  return width <= 1 ? chars.slice(0, width).join('') : `${chars.slice(0, width - 1).join('')}…`;
}

/** The frame as rows of exactly `columns` characters. */
export function placeholderFrame(info: PlaceholderInfo, columns: number, rows: number): string[] {
  const labelWidth = Math.max(...info.rows.map(([l]) => l.length));
  const body = [
    `mistralrs-tui ${info.version}`,
    '',
    ...info.rows.map(([label, value]) => `${label.padEnd(labelWidth)}  ${visible(value)}`),
    '',
    'The chat workspace is not built yet; this screen confirms the set-up.',
    'Press q or Ctrl+C to quit.',
  ];
  const lines: string[] = Array.from({ length: rows }, () => ' '.repeat(columns));
  if (columns < 20 || rows < body.length + 2) {
    lines[0] = fit(`mistralrs-tui ${info.version} — q quits`, columns);
    return lines;
  }
  const inner = Math.min(columns - 4, Math.max(...body.map((l) => graphemes(l).length)) + 2);
  const top = Math.max(0, Math.floor((rows - body.length - 2) / 2));
  const left = Math.floor((columns - inner - 2) / 2);
  const pad = ' '.repeat(left);
  const frame = [
    `╭${'─'.repeat(inner)}╮`,
    ...body.map((l) => `│ ${fit(l, inner - 2)} │`),
    `╰${'─'.repeat(inner)}╯`,
  ];
  frame.forEach((row, i) => {
    lines[top + i] = fit(pad + row, columns);
  });
  return lines;
}

function paint(session: TerminalSession, info: PlaceholderInfo): void {
  const lines = placeholderFrame(info, session.columns, session.rows);
  let out = '\x1b[?2026h\x1b[H';
  lines.forEach((line, i) => {
    out += `\x1b[${i + 1};1H${line}`;
  });
  session.write(`${out}\x1b[?2026l`);
}

/** Runs the placeholder until the user quits; returns the process exit code. */
export async function runPlaceholder(
  io: TerminalIO,
  info: PlaceholderInfo,
  opts: { readonly mouse: boolean; readonly onCrash: (error: unknown) => void },
): Promise<number> {
  const session = new TerminalSession(io, opts);
  const done = session.run({
    onInput: (data) => {
      const text = data.toString('utf8');
      if (text === 'q' || text === 'Q' || text.includes('\x03')) session.end({ kind: 'quit' });
      else if (text === '\x1a') session.suspend();
    },
    onResize: () => {
      paint(session, info);
    },
    onResume: () => {
      paint(session, info);
    },
  });
  paint(session, info);
  const reason = await done;
  if (reason.kind === 'crash') opts.onCrash(reason.error);
  return exitCodeFor(reason);
}
