// The sessions sidebar's reducer: the list (paged: more loads as the
// selection nears the end), its selection, live full-text search, and the
// actions on the selected session — open, rename, tag, fork, archive, delete
// and export. The store work is done by effects (runtime/sessions-effects.ts);
// their answers come back as actions handled here.
import { type KeyEvent, TextAreaModel, textAreaHandleKey } from '../../tui/index.js';
import { type Dialog, type DialogValue, confirmDialog, promptDialog, withError } from './dialog.js';
import type { Effect } from '../types/effects.js';
import { keyLabel } from '../types/keymap.js';
import { notify } from './notify.js';
import { type Handlers, type Result, none } from '../types/result.js';
import type {
  SessionHit,
  SessionSearch,
  SessionSummary,
  SessionsState,
  State,
} from '../types/state.js';
import { BUSY, newChat } from './chat.js';

/** Sessions asked for at a time. */
export const PAGE = 50;
/** The next page is asked for when the selection comes this close to the end. */
const MORE_AHEAD = 10;
/** Rows a page key moves the selection. */
const PAGE_STEP = 10;
export const MAX_TITLE = 200;
const MAX_TAG = 40;
const MAX_TAGS = 20;

const withSessions = (s: State, patch: Partial<SessionsState>): State => ({
  ...s,
  sessions: { ...s.sessions, ...patch },
});

const titleOf = (t: string): string => (t === '' ? 'untitled' : t);
/** A title in a message: quoted, long ones cut (a toast is one short row). */
const quoted = (t: string): string => {
  const one = titleOf(t).replace(/\s+/g, ' ');
  return `“${one.length > 32 ? `${one.slice(0, 31)}…` : one}”`;
};

/** Which sessions the list shows, as the store filters them. */
function archivedFilter(s: State): boolean | 'any' {
  return s.sessions.showArchived === true ? 'any' : false;
}

/** Reloads the list, keeping as many rows as are loaded now (so the selection stays). */
export function reload(s: State): Effect {
  return {
    type: 'loadSessions',
    archived: archivedFilter(s),
    limit: Math.max(PAGE, s.sessions.items.length),
  };
}

// --- the list ----------------------------------------------------------------

export function loaded(
  s: State,
  items: readonly SessionSummary[],
  problem?: string,
  total?: number,
): State {
  // Keep the same session selected when the list moves under it.
  const was = s.sessions.items[s.sessions.selected]?.id;
  const at = was === undefined ? -1 : items.findIndex((x) => x.id === was);
  const selected = at >= 0 ? at : Math.max(0, Math.min(s.sessions.selected, items.length - 1));
  const { problem: _p, loadingMore: _l, ...rest } = s.sessions;
  return {
    ...s,
    sessions: {
      ...rest,
      items,
      selected,
      loaded: true,
      total: total ?? items.length,
      ...(problem !== undefined ? { problem } : {}),
    },
  };
}

/** A further page: appended when it continues the list (a reload since then wins). */
export function pageLoaded(
  s: State,
  offset: number,
  items: readonly SessionSummary[],
  total: number,
): State {
  const { loadingMore: _l, ...rest } = s.sessions;
  if (offset !== s.sessions.items.length) return { ...s, sessions: rest };
  const known = new Set(s.sessions.items.map((x) => x.id));
  const fresh = items.filter((x) => !known.has(x.id));
  return { ...s, sessions: { ...rest, items: [...s.sessions.items, ...fresh], total } };
}

/** Asks for the next page when the selection nears the end of what is loaded. */
function more(s: State): Result {
  const { items, total, loadingMore, selected } = s.sessions;
  if (loadingMore === true || total === undefined || items.length >= total) return none(s);
  if (selected < items.length - MORE_AHEAD) return none(s);
  return [
    withSessions(s, { loadingMore: true }),
    [{ type: 'loadMoreSessions', offset: items.length, archived: archivedFilter(s) }],
  ];
}

export function move(s: State, delta: number): State {
  const search = s.sessions.search;
  if (search !== undefined) {
    const n = search.hits.length;
    if (n === 0) return s;
    const selected = Math.max(0, Math.min(n - 1, search.selected + delta));
    return withSessions(s, { search: { ...search, selected } });
  }
  const n = s.sessions.items.length;
  if (n === 0) return s;
  const selected = Math.max(0, Math.min(n - 1, s.sessions.selected + delta));
  return withSessions(s, { selected });
}

const moveAndMore = (s: State, delta: number): Result => more(move(s, delta));

export function select(s: State, index: number): State {
  const search = s.sessions.search;
  if (search !== undefined) {
    if (index < 0 || index >= search.hits.length) return s;
    return withSessions(s, { search: { ...search, selected: index } });
  }
  if (index < 0 || index >= s.sessions.items.length) return s;
  return withSessions(s, { selected: index });
}

/** The session the actions apply to: the selected hit's while searching. */
export function target(s: State): SessionSummary | undefined {
  const search = s.sessions.search;
  if (search !== undefined) {
    const hit = search.hits[search.selected];
    if (hit === undefined) return undefined;
    return (
      s.sessions.items.find((x) => x.id === hit.sessionId) ?? {
        id: hit.sessionId,
        title: hit.title,
        modelId: null,
        updatedAt: '',
      }
    );
  }
  return s.sessions.items[s.sessions.selected];
}

export function open(s: State): Result {
  const it = target(s);
  if (it === undefined) return none(s);
  if (s.chat.streaming !== undefined) return none(notify(s, 'warn', BUSY));
  const search = s.sessions.search;
  const hit = search?.hits[search.selected];
  // The session already shown: back to typing, without reading it all again
  // (a search hit still opens it, to scroll to the message).
  if (it.id === s.chat.sessionId && hit?.messageId == null)
    return none({ ...s, focus: 'composer' });
  const { reveal: _r, ...rest } = s.sessions;
  const sessions =
    hit?.messageId != null
      ? { ...rest, reveal: { sessionId: hit.sessionId, messageId: hit.messageId } }
      : rest;
  const messageId = hit?.messageId ?? undefined;
  return [
    { ...s, sessions },
    [{ type: 'openSession', sessionId: it.id, ...(messageId !== undefined ? { messageId } : {}) }],
  ];
}

/**
 * A session was opened: when it was opened from a message hit, that message
 * is selected and scrolled into view (when it is on the thread shown).
 */
export function opened(s: State, sessionId: string): State {
  const reveal = s.sessions.reveal;
  if (reveal === undefined) return s;
  const { reveal: _r, ...rest } = s.sessions;
  const next = { ...s, sessions: rest };
  if (reveal.sessionId !== sessionId) return next;
  const at = s.chat.items.findIndex((i) => (i.storeId ?? i.id) === reveal.messageId);
  if (at < 0) return next;
  return { ...next, chat: { ...next.chat, selected: at, reveal: (next.chat.reveal ?? 0) + 1 } };
}

/** A session the store just created goes to the top of the list, selected. */
export function created(s: State, it: SessionSummary): State {
  const items = [it, ...s.sessions.items.filter((x) => x.id !== it.id)];
  const total = s.sessions.total === undefined ? undefined : s.sessions.total + 1;
  return withSessions(s, { items, selected: 0, ...(total !== undefined ? { total } : {}) });
}

function toggleArchivedList(s: State): Result {
  const showArchived = s.sessions.showArchived !== true;
  const next = withSessions(s, { showArchived, loaded: false, items: [], selected: 0 });
  return [
    notify(
      next,
      'info',
      showArchived ? 'Showing archived sessions too' : 'Hiding archived sessions',
    ),
    [{ type: 'loadSessions', archived: showArchived ? 'any' : false, limit: PAGE }],
  ];
}

// --- search ------------------------------------------------------------------

function startSearch(s: State): Result {
  if (s.sessions.search !== undefined) return none(s);
  if (!s.hasStore) return none(notify(s, 'warn', 'No session store: nothing to search'));
  const fresh: SessionSearch = {
    editor: new TextAreaModel(),
    seq: 0,
    query: '',
    hits: [],
    selected: 0,
    pending: false,
  };
  return none(withSessions(s, { search: fresh }));
}

export function closeSearch(s: State): State {
  const { search: _s, ...rest } = s.sessions;
  return { ...s, sessions: rest };
}

/** The query changed: ask again (the runtime debounces and drops stale ones). */
function queried(s: State, search: SessionSearch): Result {
  const query = search.editor.value.trim();
  // Numbered from the app's counter, so an answer from an earlier search never matches.
  const seq = s.seq + 1;
  const counted = { ...s, seq };
  if (query === '') {
    const { error: _e, ...rest } = search;
    return none(
      withSessions(counted, {
        search: { ...rest, seq, query: '', hits: [], selected: 0, pending: false },
      }),
    );
  }
  return [
    withSessions(counted, { search: { ...search, seq, pending: true } }),
    [{ type: 'searchSessions', seq, query }],
  ];
}

export function searched(
  s: State,
  seq: number,
  hits: readonly SessionHit[],
  error?: string,
): State {
  const search = s.sessions.search;
  if (search?.seq !== seq) return s;
  const { error: _e, ...rest } = search;
  return withSessions(s, {
    search: {
      ...rest,
      query: search.editor.value.trim(),
      hits: error === undefined ? hits : [],
      selected: 0,
      pending: false,
      ...(error !== undefined ? { error } : {}),
    },
  });
}

const plain = (e: KeyEvent) => !e.ctrl && !e.alt && !e.meta;

/**
 * Keys while the search line is open: they edit the query (so letters never
 * run the tab's commands); ↑/↓ pick a hit, Enter opens it, Esc leaves the
 * search. Undefined: the key is not the search's (global keys still work).
 */
export function searchKey(s: State, e: KeyEvent): Result | undefined {
  const search = s.sessions.search;
  if (search === undefined) return undefined;
  if (e.key === 'escape' && plain(e)) return none(closeSearch(s));
  if (e.key === 'enter' && plain(e) && !e.shift) return open(s);
  if (e.key === 'up' && plain(e)) return none(move(s, -1));
  if (e.key === 'down' && plain(e)) return none(move(s, 1));
  if (e.key === 'pageup' && plain(e)) return none(move(s, -PAGE_STEP));
  if (e.key === 'pagedown' && plain(e)) return none(move(s, PAGE_STEP));
  if (e.key === 'tab' || e.key === 'enter') return undefined;
  const before = search.editor.value;
  if (!textAreaHandleKey(search.editor, e)) return undefined;
  if (search.editor.value === before) return none(withSessions(s, { search: { ...search } }));
  return queried(s, search);
}

/** A paste while the search line is open goes into it (one line). */
export function searchPaste(s: State, text: string): Result | undefined {
  const search = s.sessions.search;
  if (search === undefined) return undefined;
  search.editor.paste(text.replace(/\r?\n/g, ' '));
  return queried(s, search);
}

// --- actions on the selected session -----------------------------------------

function withDialog(s: State, dialog: Dialog): Result {
  return none({ ...s, overlay: { kind: 'dialog', dialog } });
}

/** Runs `act` on the selected session, or says why not. */
function onTarget(s: State, act: (it: SessionSummary) => Result): Result {
  if (!s.hasStore) return none(notify(s, 'warn', 'No session store: chats are not saved'));
  const it = target(s);
  if (it === undefined) return none(notify(s, 'info', 'No session selected'));
  return act(it);
}

const streamingIn = (s: State, id: string) =>
  s.chat.streaming !== undefined && s.chat.sessionId === id;

function rename(s: State): Result {
  return onTarget(s, (it) =>
    withDialog(
      s,
      promptDialog(
        'Rename session',
        { type: 'renameSession', sessionId: it.id },
        {
          value: it.title,
          help: 'Enter saves, Esc keeps the old title.',
          placeholder: 'a title',
        },
      ),
    ),
  );
}

function tag(s: State): Result {
  return onTarget(s, (it) =>
    withDialog(
      s,
      promptDialog(
        `Tags of ${quoted(it.title)}`,
        { type: 'tagSession', sessionId: it.id },
        {
          value: (it.tags ?? []).join(', '),
          help: 'Comma-separated, e.g. work, rust. Empty removes them all.',
          placeholder: 'work, ideas',
        },
      ),
    ),
  );
}

function fork(s: State): Result {
  return onTarget(s, (it) => {
    if (streamingIn(s, it.id)) return none(notify(s, 'warn', BUSY));
    return [s, [{ type: 'forkSession', sessionId: it.id }]];
  });
}

function archive(s: State): Result {
  return onTarget(s, (it) => [
    s,
    [{ type: 'archiveSession', sessionId: it.id, archived: it.archived !== true }],
  ]);
}

function askDelete(s: State): Result {
  return onTarget(s, (it) => {
    if (streamingIn(s, it.id)) return none(notify(s, 'warn', BUSY));
    const n = it.messages;
    const what =
      n === undefined ? 'all its messages' : n === 1 ? 'its 1 message' : `its ${n} messages`;
    return withDialog(
      s,
      confirmDialog(
        'Delete session',
        `Delete ${quoted(it.title)} with ${what}? This cannot be undone.`,
        { type: 'deleteSession', sessionId: it.id, title: it.title },
        { confirmLabel: 'Delete', danger: true },
      ),
    );
  });
}

/** A file name from a title: lower case words joined by dashes. */
export function fileStem(title: string, id: string): string {
  const stem = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return stem === '' ? `session-${id.slice(0, 8).toLowerCase()}` : stem;
}

function askExport(s: State): Result {
  return onTarget(s, (it) =>
    withDialog(
      s,
      promptDialog(
        `Export ${quoted(it.title)}`,
        { type: 'exportSession', sessionId: it.id },
        {
          value: `~/${fileStem(it.title, it.id)}.md`,
          help: '.md writes Markdown, .jsonl a file `mistralrs-tui sessions import` reads back.',
          placeholder: '~/chat.md',
        },
      ),
    ),
  );
}

/** The export format a path names by its extension, or why it names none. */
export function exportFormat(path: string): 'md' | 'jsonl' | { error: string } {
  if (path === '') return { error: 'Type a file path, e.g. ~/chat.md' };
  if (/[/\\]$/.test(path))
    return { error: 'That is a folder: add a file name ending in .md or .jsonl' };
  const ext = /\.([^./\\]+)$/.exec(path)?.[1]?.toLowerCase();
  if (ext === 'md' || ext === 'markdown') return 'md';
  if (ext === 'jsonl') return 'jsonl';
  return {
    error:
      ext === undefined
        ? 'Add .md (Markdown) or .jsonl (JSON lines) to the name to choose the format'
        : `.${ext} is not a format I write: use .md (Markdown) or .jsonl (JSON lines)`,
  };
}

/** Tags as typed: comma-separated, trimmed, no empties or repeats; or what is wrong. */
export function parseTags(text: string): string[] | { error: string } {
  const tags: string[] = [];
  for (const raw of text.split(',')) {
    const t = raw.trim().replace(/\s+/g, ' ');
    if (t === '' || tags.some((x) => x.toLowerCase() === t.toLowerCase())) continue;
    if (t.length > MAX_TAG)
      return { error: `“${t.slice(0, 20)}…” is too long: at most ${MAX_TAG} characters a tag` };
    tags.push(t);
  }
  if (tags.length > MAX_TAGS) return { error: `At most ${MAX_TAGS} tags` };
  return tags;
}

/** Keeps the dialog open with `error`. */
const reopen = (s: State, d: Dialog, error: string): Result =>
  none({ ...s, overlay: { kind: 'dialog', dialog: withError(d, error) } });

/** The answer to one of this pane's dialogs (route-dialog.ts sends it here). */
export function onDialog(s: State, d: Dialog, value: DialogValue): Result {
  const p = d.purpose;
  const text = value.kind === 'text' ? value.text.replace(/\s*\n\s*/g, ' ').trim() : '';
  switch (p.type) {
    case 'renameSession': {
      if (text === '') return reopen(s, d, 'A title cannot be empty');
      if (text.length > MAX_TITLE) return reopen(s, d, `At most ${MAX_TITLE} characters`);
      return [s, [{ type: 'renameSession', sessionId: p.sessionId, title: text }]];
    }
    case 'tagSession': {
      const tags = parseTags(text);
      if (!Array.isArray(tags)) return reopen(s, d, tags.error);
      return [s, [{ type: 'tagSession', sessionId: p.sessionId, tags }]];
    }
    case 'deleteSession':
      if (streamingIn(s, p.sessionId)) return none(notify(s, 'warn', BUSY));
      return [s, [{ type: 'deleteSessions', ids: [p.sessionId] }]];
    case 'exportSession': {
      // The confirmation to replace a file carries the file and format.
      if (p.file !== undefined && p.format !== undefined)
        return [
          s,
          [
            {
              type: 'exportSession',
              sessionId: p.sessionId,
              path: p.file,
              format: p.format,
              overwrite: true,
            },
          ],
        ];
      const format = exportFormat(text);
      if (typeof format !== 'string') return reopen(s, d, format.error);
      return [
        s,
        [{ type: 'exportSession', sessionId: p.sessionId, path: text, format, overwrite: false }],
      ];
    }
    default:
      return none(s);
  }
}

// --- answers from the store ----------------------------------------------------

function replaceItem(s: State, it: SessionSummary): State {
  const items = s.sessions.items.map((x) =>
    x.id === it.id ? { ...it, messages: it.messages ?? x.messages } : x,
  );
  return withSessions(s, { items });
}

function removeItems(s: State, ids: readonly string[]): State {
  const gone = new Set(ids);
  const before = s.sessions.items;
  const items = before.filter((x) => !gone.has(x.id));
  const removed = before.length - items.length;
  const selectedBefore = before.slice(0, s.sessions.selected).filter((x) => gone.has(x.id)).length;
  const selected = Math.max(0, Math.min(items.length - 1, s.sessions.selected - selectedBefore));
  const total =
    s.sessions.total === undefined ? undefined : Math.max(0, s.sessions.total - removed);
  let next = withSessions(s, { items, selected, ...(total !== undefined ? { total } : {}) });
  const search = next.sessions.search;
  if (search !== undefined) {
    const hits = search.hits.filter((h) => !gone.has(h.sessionId));
    const sel = Math.max(0, Math.min(hits.length - 1, search.selected));
    next = withSessions(next, { search: { ...search, hits, selected: sel } });
  }
  return next;
}

export function updated(
  s: State,
  it: SessionSummary,
  change: 'renamed' | 'tagged' | 'archived' | 'unarchived',
): Result {
  let next = replaceItem(s, it);
  if (change === 'renamed') {
    if (s.chat.sessionId === it.id) next = { ...next, chat: { ...next.chat, title: it.title } };
    const search = next.sessions.search;
    if (search !== undefined)
      next = withSessions(next, {
        search: {
          ...search,
          hits: search.hits.map((h) => (h.sessionId === it.id ? { ...h, title: it.title } : h)),
        },
      });
    return none(notify(next, 'info', `Renamed to ${quoted(it.title)}`));
  }
  if (change === 'tagged') {
    const tags = it.tags ?? [];
    return none(
      notify(next, 'info', tags.length === 0 ? 'Tags removed' : `Tagged ${tags.join(', ')}`),
    );
  }
  if (change === 'archived') {
    if (s.sessions.showArchived !== true && s.sessions.search === undefined)
      next = removeItems(next, [it.id]);
    const key = s.keymap['sessions.show_archived'][0];
    const how = key === undefined ? '' : ` · ${keyLabel(key)} lists archived`;
    return none(notify(next, 'info', `Archived ${quoted(it.title)}${how}`));
  }
  return none(notify(next, 'info', `Unarchived ${quoted(it.title)}`));
}

export function deleted(s: State, ids: readonly string[]): Result {
  const names = s.sessions.items.filter((x) => ids.includes(x.id)).map((x) => quoted(x.title));
  let next = removeItems(s, ids);
  // The open chat was deleted: start afresh instead of writing to a session that is gone.
  if (s.chat.sessionId !== undefined && ids.includes(s.chat.sessionId))
    next = { ...next, chat: { items: [], scroll: 0 } };
  const what = names.length === 1 ? (names[0] ?? '') : `${ids.length} sessions`;
  return none(notify(next, 'info', `Deleted ${what}`));
}

export function forked(s: State, it: SessionSummary): Result {
  const next = notify(created(closeSearch(s), it), 'info', `Forked into ${quoted(it.title)}`);
  if (s.chat.streaming !== undefined) return none(next);
  return [next, [{ type: 'openSession', sessionId: it.id }]];
}

export function exported(s: State, file: string): State {
  return notify(s, 'info', `Exported to ${file}`);
}

export function askOverwrite(
  s: State,
  sessionId: string,
  file: string,
  format: 'md' | 'jsonl',
): Result {
  return withDialog(
    s,
    confirmDialog(
      'Replace file?',
      `${file} already exists. Replace it with this export?`,
      { type: 'exportSession', sessionId, file, format },
      { confirmLabel: 'Replace', danger: true },
    ),
  );
}

export const sessionsCommands: Handlers = {
  'sessions.up': (s) => none(move(s, -1)),
  'sessions.down': (s) => moveAndMore(s, 1),
  'sessions.top': (s) => none(select(s, 0)),
  'sessions.bottom': (s) => {
    const n = s.sessions.search?.hits.length ?? s.sessions.items.length;
    return more(select(s, n - 1));
  },
  'sessions.page_up': (s) => none(move(s, -PAGE_STEP)),
  'sessions.page_down': (s) => moveAndMore(s, PAGE_STEP),
  'sessions.open': open,
  'sessions.new': newChat,
  'sessions.refresh': (s) => [s, [reload(s)]],
  'sessions.search': startSearch,
  'sessions.rename': rename,
  'sessions.tag': tag,
  'sessions.fork': fork,
  'sessions.archive': archive,
  'sessions.show_archived': toggleArchivedList,
  'sessions.delete': askDelete,
  'sessions.export': askExport,
};

export const sessionsMouse = {
  wheel: (s: State, rows: number): Result => moveAndMore(s, -rows),
  click: (s: State, index: number): Result => open(select(s, index)),
};
