// The sessions tab's effects: the paged list (with message counts), the
// debounced full-text search, and rename, tag, archive, delete, fork and
// export through the store. Each answer goes back as an action; a failure
// becomes a notice that says what was being done.
import type { Action, Effect, SessionHit, SessionSummary } from '../app/index.js';
import type { SearchHit, Session } from '../domain/session.js';
import type { SessionStore } from '../domain/store.js';
import type { AppPorts } from '../domain/ports.js';

export type SessionsEffect = Extract<
  Effect,
  {
    type:
      | 'loadSessions'
      | 'loadMoreSessions'
      | 'searchSessions'
      | 'renameSession'
      | 'tagSession'
      | 'archiveSession'
      | 'deleteSessions'
      | 'forkSession'
      | 'exportSession';
  }
>;

export const SESSIONS_EFFECTS: ReadonlySet<Effect['type']> = new Set([
  'loadSessions',
  'loadMoreSessions',
  'searchSessions',
  'renameSession',
  'tagSession',
  'archiveSession',
  'deleteSessions',
  'forkSession',
  'exportSession',
]);

export function isSessionsEffect(e: Effect): e is SessionsEffect {
  return SESSIONS_EFFECTS.has(e.type);
}

/** Rows asked for when the app does not say. */
const PAGE = 50;
/** Hits asked of the store. */
const SEARCH_LIMIT = 50;
/** A query waits this long for the next keystroke before it runs. */
export const SEARCH_DEBOUNCE_MS = 120;

export function summary(s: Session, messages?: number): SessionSummary {
  return {
    id: s.id,
    title: s.title,
    modelId: s.modelId,
    updatedAt: s.updatedAt,
    tags: s.tags,
    archived: s.archived,
    ...(messages !== undefined ? { messages } : {}),
  };
}

export function hitOf(h: SearchHit): SessionHit {
  return {
    sessionId: h.sessionId,
    title: h.sessionTitle,
    messageId: h.messageId,
    role: h.role,
    snippet: h.snippet,
    highlights: h.highlights,
  };
}

const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

const FS_ERRORS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  ENAMETOOLONG: 'the name is too long',
};

/** A file system error in words (the code's meaning, not the syscall). */
function fsText(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return (code !== undefined ? FS_ERRORS[code] : undefined) ?? errText(err);
}

interface Host {
  dispatch(a: Action): void;
}

export class SessionsEffects {
  /** The newest search asked for; older ones are dropped before and after they run. */
  private searchSeq = -1;
  /** Message counts by session id, valid while the session's update time is `at`. */
  private readonly counts = new Map<string, { at: string; n: number }>();

  constructor(
    private readonly ports: AppPorts,
    private readonly host: Host,
    private readonly debounceMs = SEARCH_DEBOUNCE_MS,
  ) {}

  async exec(e: SessionsEffect): Promise<void> {
    const store = this.ports.store;
    if (store === undefined) {
      if (e.type === 'loadSessions')
        this.host.dispatch({
          type: 'sessionsLoaded',
          items: [],
          problem: 'No session store: chats are not saved.',
        });
      else this.notice('error', 'No session store: chats are not saved');
      return;
    }
    switch (e.type) {
      case 'loadSessions':
        return this.load(store, e);
      case 'loadMoreSessions':
        return this.loadMore(store, e);
      case 'searchSessions':
        return this.search(store, e);
      case 'renameSession':
        return this.attempt('Renaming failed', async () => {
          const s = await store.renameSession(e.sessionId, e.title);
          this.host.dispatch({ type: 'sessionUpdated', session: summary(s), change: 'renamed' });
        });
      case 'tagSession':
        return this.attempt('Tagging failed', async () => {
          const s = await store.setSessionTags(e.sessionId, e.tags);
          this.host.dispatch({ type: 'sessionUpdated', session: summary(s), change: 'tagged' });
        });
      case 'archiveSession':
        return this.attempt(e.archived ? 'Archiving failed' : 'Unarchiving failed', async () => {
          const s = await store.setSessionArchived(e.sessionId, e.archived);
          this.host.dispatch({
            type: 'sessionUpdated',
            session: summary(s),
            change: e.archived ? 'archived' : 'unarchived',
          });
        });
      case 'deleteSessions':
        return this.attempt('Deleting failed', async () => {
          await store.deleteSessions(e.ids);
          this.host.dispatch({ type: 'sessionsDeleted', ids: e.ids });
        });
      case 'forkSession':
        return this.fork(store, e.sessionId);
      case 'exportSession':
        return this.export(store, e);
    }
  }

  private notice(level: 'info' | 'warn' | 'error', text: string): void {
    this.host.dispatch({ type: 'notice', level, text });
  }

  private async attempt(what: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      this.ports.logger.error(what, { error: errText(err) });
      this.notice('error', `${what}: ${errText(err)}`);
    }
  }

  /**
   * Sessions with their message counts (every branch), in one query for the
   * sessions whose count is not known for their current update time.
   */
  private async withCounts(
    store: SessionStore,
    sessions: readonly Session[],
  ): Promise<SessionSummary[]> {
    const stale = sessions.filter((s) => this.counts.get(s.id)?.at !== s.updatedAt);
    if (stale.length > 0) {
      const counted = await store.countMessages(stale.map((s) => s.id));
      for (const s of stale) this.counts.set(s.id, { at: s.updatedAt, n: counted[s.id] ?? 0 });
    }
    return sessions.map((s) => summary(s, this.counts.get(s.id)?.n ?? 0));
  }

  private async load(
    store: SessionStore,
    e: Extract<SessionsEffect, { type: 'loadSessions' }>,
  ): Promise<void> {
    try {
      const page = await store.listSessions({
        limit: e.limit ?? PAGE,
        sort: 'updated',
        order: 'desc',
        archived: e.archived ?? false,
      });
      const items = await this.withCounts(store, page.items);
      this.host.dispatch({ type: 'sessionsLoaded', items, total: page.total });
    } catch (err) {
      this.ports.logger.error('listing sessions failed', { error: errText(err) });
      this.host.dispatch({
        type: 'sessionsLoaded',
        items: [],
        problem: `Cannot read the sessions: ${errText(err)}`,
      });
    }
  }

  private async loadMore(
    store: SessionStore,
    e: Extract<SessionsEffect, { type: 'loadMoreSessions' }>,
  ): Promise<void> {
    let items: SessionSummary[] = [];
    let total = e.offset;
    try {
      const page = await store.listSessions({
        limit: PAGE,
        offset: e.offset,
        sort: 'updated',
        order: 'desc',
        archived: e.archived ?? false,
      });
      items = await this.withCounts(store, page.items);
      total = page.total;
    } catch (err) {
      this.notice('error', `Loading more sessions failed: ${errText(err)}`);
    }
    // Sent even after a failure: it clears the "loading" mark.
    this.host.dispatch({ type: 'sessionsPage', offset: e.offset, items, total });
  }

  private async search(
    store: SessionStore,
    e: Extract<SessionsEffect, { type: 'searchSessions' }>,
  ): Promise<void> {
    this.searchSeq = e.seq;
    // Typing fast asks once: a newer keystroke replaces this query before it runs.
    if (this.debounceMs > 0) await new Promise((r) => setTimeout(r, this.debounceMs));
    if (this.searchSeq !== e.seq) return;
    let hits: SessionHit[] = [];
    let error: string | undefined;
    try {
      hits = (await store.search(e.query, { limit: SEARCH_LIMIT })).map(hitOf);
    } catch (err) {
      error = `Search failed: ${errText(err)}`;
    }
    if (this.searchSeq !== e.seq) return;
    this.host.dispatch({
      type: 'sessionsSearched',
      seq: e.seq,
      hits,
      ...(error !== undefined ? { error } : {}),
    });
  }

  private async fork(store: SessionStore, id: string): Promise<void> {
    await this.attempt('Forking failed', async () => {
      const [last] = await store.listMessages(id, { limit: 1 });
      if (last === undefined) {
        this.notice('warn', 'Nothing to fork: the session has no messages yet');
        return;
      }
      const fork = await store.forkSession(last.id);
      const count = (await store.countMessages([fork.id]))[fork.id] ?? 0;
      this.host.dispatch({ type: 'sessionForked', session: summary(fork, count), from: id });
    });
  }

  private async export(
    store: SessionStore,
    e: Extract<SessionsEffect, { type: 'exportSession' }>,
  ): Promise<void> {
    const exporter = this.ports.exporter;
    if (exporter === undefined) {
      this.notice('error', 'Exporting is not available here: use `mistralrs-tui sessions export`');
      return;
    }
    const file = exporter.resolve(e.path);
    const there = exporter.existing(file);
    if (there === 'folder') {
      this.notice('error', `Not exported: ${file} is a folder; name a file in it`);
      return;
    }
    if (there === 'file' && !e.overwrite) {
      this.host.dispatch({
        type: 'exportExists',
        sessionId: e.sessionId,
        file,
        format: e.format,
      });
      return;
    }
    let bundle;
    try {
      // The bytes too: JSONL carries them, Markdown writes them beside the file.
      bundle = await store.exportSession(e.sessionId, { bytes: true });
    } catch (err) {
      this.notice('error', `Export failed: ${errText(err)}`);
      return;
    }
    try {
      exporter.write(file, bundle, e.format);
    } catch (err) {
      this.ports.logger.error('export failed', { file, error: errText(err) });
      this.notice('error', `Cannot write ${file}: ${fsText(err)}`);
      return;
    }
    this.host.dispatch({ type: 'sessionExported', file });
  }
}
