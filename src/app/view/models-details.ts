// The selected model's details, under the models list: what it is (kind,
// format, quantization, architecture, parameters, context), its size, the
// memory it needs against the free VRAM/RAM, its status on the server, the
// command line that launches it, and the keys that act on it.
import {
  type Buffer,
  type Line,
  type Rect,
  type Theme,
  line,
  span,
  stringWidth,
  truncate,
  wrapLines,
} from '../../tui/index.js';
import { MISTRALRS_INSTALL, type ModelDescription } from '../../domain/model.js';
import { formatBytes, formatCount } from '../../domain/units.js';
import { type ModelEntry, statusOf } from '../panes/models.js';
import type { FreeMemory, State } from '../types/state.js';

/** `mistralrs …` as shell words, the port the launcher picks shown as PORT. */
export function launchWords(m: ModelDescription): string[] {
  const argv = [...m.launch.argv];
  argv.splice(m.launch.portIndex, 0, '-p', 'PORT');
  const q = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  return ['mistralrs', ...argv.map(q)];
}

/**
 * The command in lines of at most `width`, an option kept on the line of its
 * value ("-m DIR") so the command reads, and copies, as options.
 */
export function launchCommandLines(m: ModelDescription, width: number): string[] {
  return commandLines(launchWords(m), width);
}

/** Shell words in lines of at most `width`, an option kept with its value. */
function commandLines(words: readonly string[], width: number): string[] {
  const groups: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? '';
    const next = words[i + 1];
    if (w.startsWith('-') && next !== undefined && !next.startsWith('-')) {
      groups.push(`${w} ${next}`);
      i++;
    } else groups.push(w);
  }
  const out: string[] = [];
  let cur = '';
  for (const g of groups.flatMap((g) => (g.length > width ? g.split(' ') : [g]))) {
    if (cur === '') cur = g;
    else if (cur.length + 1 + g.length <= width) cur = `${cur} ${g}`;
    else {
      out.push(cur);
      cur = g;
    }
  }
  if (cur !== '') out.push(cur);
  return out;
}

/** Whether the estimate fits the free memory, as a line. */
function memoryLine(m: ModelDescription, free: FreeMemory | undefined, theme: Theme): Line {
  const need = `${m.memory.partial ? '≥' : '~'}${formatBytes(m.memory.totalBytes)}`;
  const ctx = m.memory.contextTokens > 0 ? ` at ${formatCount(m.memory.contextTokens)} ctx` : '';
  const parts = [span('needs ', theme['text.dim']), span(`${need}${ctx}`, theme.text)];
  if (free === undefined) return line(...parts);
  const where = free.from === 'server' ? 'server' : 'this machine';
  const verdict = (label: string, bytes: number) => {
    const fits = m.memory.totalBytes <= bytes;
    return span(
      ` · ${fits ? 'fits' : 'exceeds'} free ${label} ${formatBytes(bytes)}`,
      fits ? theme['status.ok'] : theme['status.warn'],
    );
  };
  if (free.vramFree !== undefined) parts.push(verdict('VRAM', free.vramFree));
  else if (free.ramFree !== undefined) parts.push(verdict('RAM', free.ramFree));
  parts.push(span(` (${where})`, theme['text.dim']));
  return line(...parts);
}

function serverLine(e: ModelEntry, s: State, theme: Theme): Line {
  const st = statusOf(e);
  if (e.serverId === undefined) {
    const why =
      s.models.serverProblem !== undefined || s.backend.connection !== 'ok'
        ? 'server: not reachable'
        : 'server: not served (s launches it)';
    return line(span(why, theme['text.dim']));
  }
  const style =
    st === 'loaded' || st === 'served'
      ? theme['status.ok']
      : st === 'unloaded'
        ? theme['text.dim']
        : theme['status.warn'];
  const ours = s.models.launched !== undefined && s.backend.url === s.models.launched.url;
  return line(
    span('server: ', theme['text.dim']),
    span(st ?? 'served', style),
    span(ours ? ' · launched here' : '', theme['text.dim']),
  );
}

/** The details as lines (unwrapped but for the command, laid out for `width`). */
export function detailLines(e: ModelEntry, s: State, theme: Theme, width: number): Line[] {
  const dim = theme['text.dim'];
  const out: Line[] = [line(span(e.name, theme['text.strong']))];
  const m = e.model;
  if (m === undefined) {
    out.push(
      line(span(`served by ${s.backend.url ?? s.backend.name}; not found on disk`, dim)),
      serverLine(e, s, theme),
      line(span('Enter use', dim)),
      line(span('l load · u unload · R reload', dim)),
    );
    return out;
  }
  // The row names the model by its id (what `mistralrs-tui serve` takes); the
  // name a GGUF file gives itself is shown here, cut rather than wrapped.
  if (m.id !== m.name) {
    const label = m.format === 'gguf' ? 'GGUF name:' : 'name:';
    if (stringWidth(`${label} ${m.name}`) <= width)
      out.push(line(span(`${label} `, dim), span(m.name, theme.text)));
    else out.push(line(span(label, dim)), line(span(truncate(m.name, width), theme.text)));
  }
  const facts = [m.kind, m.format, m.quantization].filter((x) => x !== null).join(' · ');
  out.push(line(span(facts, theme.text)));
  const shape = [
    m.architecture,
    m.parameters !== null ? `${formatCount(m.parameters)} params` : null,
    m.contextLength !== null ? `ctx ${formatCount(m.contextLength)}` : null,
  ].filter((x) => x !== null);
  if (shape.length > 0) out.push(line(span(shape.join(' · '), theme.text)));
  out.push(
    line(span('on disk ', dim), span(formatBytes(m.sizeBytes), theme.text)),
    memoryLine(m, s.models.memory, theme),
    serverLine(e, s, theme),
  );
  // What matters most comes first: a short pane cuts from the bottom.
  const extra = [
    m.tokenizer !== null ? `tokenizer ${m.tokenizer}` : null,
    m.chatTemplate === true
      ? 'chat template'
      : m.chatTemplate === false
        ? 'no chat template'
        : null,
  ].filter((x) => x !== null);
  if (extra.length > 0) out.push(line(span(extra.join(' · '), dim)));
  if (m.notes !== null && m.notes !== '') out.push(line(span(m.notes, dim)));
  out.push(
    line(span('launch:', dim)),
    ...launchCommandLines(m, width).map((t) => line(span(t, theme['text.code']))),
  );
  // Without the binary, s cannot launch: how to get it, next to the command it would run.
  const bin = s.models.binary;
  if (bin?.found === false) {
    const why =
      bin.configured !== undefined
        ? '! launcher.binary not executable; install:'
        : '! mistralrs not on PATH; install:';
    out.push(
      ...wrapLines([line(span(why, theme['status.warn']))], width),
      ...commandLines(MISTRALRS_INSTALL.split(' '), width).map((t) =>
        line(span(t, theme['text.code'])),
      ),
    );
  }
  for (const w of m.warnings) out.push(line(span(`! ${w}`, theme['status.warn'])));
  const keys = ['Enter use', 's launch', m.format === 'gguf' ? 'e embedded' : ''];
  out.push(
    line(span(keys.filter((k) => k !== '').join(' · '), dim)),
    line(span('l load · u unload · R reload', dim)),
  );
  return out;
}

export function drawModelDetails(
  buf: Buffer,
  area: Rect,
  e: ModelEntry,
  s: State,
  theme: Theme,
): void {
  if (area.height < 2) return;
  buf.setString(area.x, area.y, '─'.repeat(area.width), theme.border);
  const width = Math.max(1, area.width - 1);
  const lines = wrapLines(detailLines(e, s, theme, width), width);
  lines.forEach((l, i) => {
    if (i + 1 < area.height) buf.setLine(area.x + 1, area.y + 1 + i, l, area.width - 1);
  });
}
