// The logs tab's reducer: the app's log records and a launched server's output
// in one bounded list, a level filter, a text filter, follow mode, and the
// notifications of this run as a second view of the same tab.
import type { LogRecordData } from '../types/actions.js';
import { promptDialog } from './dialog.js';
import { type Handlers, type Result, none } from '../types/result.js';
import {
  LOG_LEVELS,
  LOG_LINES,
  type LogLevel,
  type LogLine,
  type LogsState,
  type State,
} from '../types/state.js';

type NewLine = Omit<LogLine, 'id'>;

function setLogs(s: State, logs: LogsState): State {
  return { ...s, logs };
}

/** Whether a line passes the level and text filters. */
export function shownLine(l: LogsState, line: { level: LogLevel; text: string }): boolean {
  if (LOG_LEVELS.indexOf(line.level) < LOG_LEVELS.indexOf(l.minLevel)) return false;
  return l.query === '' || line.text.toLowerCase().includes(l.query.toLowerCase());
}

/** The entries of the current view (logs or notifications) that pass the filters, oldest first. */
export function visibleEntries(s: State): readonly NewLine[] {
  const l = s.logs;
  if (l.view === 'logs') return l.lines.filter((x) => shownLine(l, x));
  return s.notices
    .map((n) => ({ at: n.at, level: n.level, source: 'app' as const, text: n.text }))
    .filter((x) => shownLine(l, x));
}

/**
 * Appends lines, dropping the oldest past LOG_LINES. While the user reads
 * older lines (follow off) the view stays on them: the scroll grows by the
 * new lines it would otherwise slide by.
 */
export function appendLines(s: State, fresh: readonly NewLine[]): State {
  if (fresh.length === 0) return s;
  const l = s.logs;
  const added = fresh.map((x, i) => ({ ...x, id: l.nextId + i }));
  const all =
    l.lines.length + added.length > LOG_LINES
      ? [...l.lines, ...added].slice(-LOG_LINES)
      : [...l.lines, ...added];
  const slide = l.follow || l.view !== 'logs' ? 0 : added.filter((x) => shownLine(l, x)).length;
  return setLogs(s, {
    ...l,
    lines: all,
    nextId: l.nextId + added.length,
    scroll: l.scroll + slide,
  });
}

const fieldText = (v: unknown): string => {
  const t = typeof v === 'string' ? v : JSON.stringify(v);
  // Long values (a stack, a request body) are cut: the log file has them whole.
  return t.length > 300 ? `${t.slice(0, 300)}…` : t;
};

/** A log record as one line of text: the message, then its fields as key=value. */
export function recordText(r: LogRecordData): string {
  const fields = Object.entries(r.fields ?? {})
    .filter(([k, v]) => k !== 'pid' && v !== undefined)
    .map(([k, v]) => `${k}=${fieldText(v)}`);
  return [r.message, ...fields].join(' ');
}

export function onRecords(s: State, records: readonly LogRecordData[]): State {
  return appendLines(
    s,
    records.map((r) => ({ at: r.at, level: r.level, source: 'app', text: recordText(r) })),
  );
}

// Colour codes from a child that thinks it writes to a terminal, and the level
// word its log lines carry ("2025-01-01T00:00:00Z  INFO mistralrs_core: ...").
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;
const LEVEL = /\b(TRACE|DEBUG|INFO|WARN(?:ING)?|ERROR)\b/;

export function serverLevel(text: string): LogLevel {
  const m = LEVEL.exec(text.slice(0, 80));
  switch (m?.[1]) {
    case 'TRACE':
    case 'DEBUG':
      return 'debug';
    case 'WARN':
    case 'WARNING':
      return 'warn';
    case 'ERROR':
      return 'error';
    default:
      return 'info';
  }
}

export function onServerLine(s: State, text: string, now: string): State {
  const clean = text.replace(ANSI, '').trimEnd();
  if (clean === '') return s;
  return appendLines(s, [{ at: now, level: serverLevel(clean), source: 'server', text: clean }]);
}

// --- commands ---------------------------------------------------------------

/** Entries a page key moves by: about the tab's height. */
function pageSize(s: State): number {
  return Math.max(1, s.height - 8);
}

/** Scrolls by `delta` entries (positive: towards older ones); at the newest, follow resumes. */
export function scrollLogs(s: State, delta: number): State {
  const l = s.logs;
  const max = Math.max(0, visibleEntries(s).length - 1);
  const scroll = Math.max(0, Math.min(max, l.scroll + delta));
  const follow = scroll === 0 && (delta < 0 || l.follow);
  if (scroll === l.scroll && follow === l.follow) return s;
  return setLogs(s, { ...l, scroll, follow });
}

function resume(s: State): State {
  return setLogs(s, { ...s.logs, scroll: 0, follow: true });
}

function cycleLevel(s: State): State {
  const i = LOG_LEVELS.indexOf(s.logs.minLevel);
  const minLevel = LOG_LEVELS[(i + 1) % LOG_LEVELS.length] ?? 'info';
  return setLogs(s, { ...s.logs, minLevel, scroll: 0, follow: true });
}

function toggleView(s: State): State {
  const view = s.logs.view === 'logs' ? 'notifications' : 'logs';
  return setLogs(s, { ...s.logs, view, scroll: 0, follow: true });
}

function openSearch(s: State): Result {
  const d = promptDialog(
    s.logs.view === 'logs' ? 'Filter the logs' : 'Filter the notifications',
    { type: 'logsFilter' },
    {
      value: s.logs.query,
      help: 'Lines containing this text (any case). Empty shows every line.',
      placeholder: 'text to find',
    },
  );
  return none({ ...s, overlay: { kind: 'dialog', dialog: d } });
}

/** The filter dialog's answer. */
export function setQuery(s: State, query: string): Result {
  return none(setLogs(s, { ...s.logs, query: query.trim(), scroll: 0, follow: true }));
}

function clearFilter(s: State): State {
  return s.logs.query === '' ? s : setLogs(s, { ...s.logs, query: '', scroll: 0, follow: true });
}

export const logsCommands: Handlers = {
  'logs.up': (s) => none(scrollLogs(s, 1)),
  'logs.down': (s) => none(scrollLogs(s, -1)),
  'logs.page_up': (s) => none(scrollLogs(s, pageSize(s))),
  'logs.page_down': (s) => none(scrollLogs(s, -pageSize(s))),
  'logs.top': (s) => none(scrollLogs(s, Number.MAX_SAFE_INTEGER)),
  'logs.follow': (s) => none(resume(s)),
  'logs.level': (s) => none(cycleLevel(s)),
  'logs.search': openSearch,
  'logs.clear_filter': (s) => none(clearFilter(s)),
  'logs.notifications': (s) => none(toggleView(s)),
};

export const logsMouse = {
  wheel: (s: State, rows: number): State => scrollLogs(s, rows),
};
