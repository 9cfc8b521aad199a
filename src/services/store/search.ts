// Full-text search for both dialects. A query is split into words; every word
// must match, each as a prefix ("stream" finds "streaming"). SQLite uses FTS5
// with bm25 ranking, PostgreSQL a tsvector with ts_rank; snippets are built by
// snippet.ts for both.
import type { MessageRole, SearchHit } from '../../domain/session.js';
import type { Row, SqlExecutor } from './driver.js';
import { marks, str } from './rows.js';
import { buildSnippet } from './snippet.js';

const MAX_TERMS = 16;
/** How many of the newest matches SQLite ranks by relevance. */
export const RANK_WINDOW = 1000;

/** The words of a query, as both engines tokenize them. */
export function queryTerms(query: string): string[] {
  return (
    query
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  ).slice(0, MAX_TERMS);
}

interface SearchOptions {
  readonly limit: number;
  readonly sessionId?: string;
}

export async function search(
  db: SqlExecutor,
  query: string,
  options: SearchOptions,
): Promise<SearchHit[]> {
  const terms = queryTerms(query);
  if (terms.length === 0) return [];
  const found =
    db.dialect === 'sqlite'
      ? await searchSqlite(db, terms, options)
      : await searchPostgres(db, terms, options);
  return [
    ...found.sessions.map((r) => hit('session', r, terms)),
    ...found.messages.map((r) => hit('message', r, terms)),
  ];
}

function hit(kind: SearchHit['kind'], r: Row, terms: readonly string[]): SearchHit {
  return {
    kind,
    sessionId: str(r.session_id),
    sessionTitle: str(r.title),
    messageId: kind === 'message' ? str(r.message_id) : null,
    role: kind === 'message' ? (str(r.role) as MessageRole) : null,
    ...buildSnippet(str(kind === 'message' ? r.content : r.title), terms),
    createdAt: str(r.created_at),
  };
}

interface Found {
  readonly sessions: Row[];
  readonly messages: Row[];
}

async function searchSqlite(
  db: SqlExecutor,
  terms: readonly string[],
  { limit, sessionId }: SearchOptions,
): Promise<Found> {
  const match = terms.map((t) => `"${t}"*`).join(' AND ');
  const sessionFilter = sessionId !== undefined ? ' AND s.id = ?' : '';
  const extra = sessionId !== undefined ? [sessionId] : [];
  const sessions = await db.all(
    `SELECT s.id AS session_id, s.title, s.started_at AS created_at
     FROM sessions_fts JOIN sessions s ON s.rowid = sessions_fts.rowid
     WHERE sessions_fts MATCH ?${sessionFilter} ORDER BY sessions_fts.rank LIMIT ?`,
    [match, ...extra, limit],
  );
  const room = limit - sessions.length;
  if (room <= 0) return { sessions, messages: [] };
  // Rank inside the index, then read only the winning rows. Ranking every
  // match of a common word costs seconds on a million messages, so bm25 runs
  // over the newest RANK_WINDOW matches only (FTS5 walks rowids newest first
  // and stops there); a rarer query is ranked in full.
  const top =
    sessionId === undefined
      ? await db.all(
          `SELECT id FROM (
             SELECT rowid AS id, bm25(messages_fts) AS score FROM messages_fts
             WHERE messages_fts MATCH ? ORDER BY rowid DESC LIMIT ${RANK_WINDOW}
           ) ORDER BY score, id DESC LIMIT ?`,
          [match, room],
        )
      : await db.all(
          `SELECT id FROM (
             SELECT messages_fts.rowid AS id, bm25(messages_fts) AS score
             FROM messages_fts JOIN messages m ON m.rowid = messages_fts.rowid
             WHERE messages_fts MATCH ? AND m.session_id = ? ORDER BY messages_fts.rowid DESC LIMIT ${RANK_WINDOW}
           ) ORDER BY score, id DESC LIMIT ?`,
          [match, sessionId, room],
        );
  const rowids = top.map((r) => Number(r.id));
  if (rowids.length === 0) return { sessions, messages: [] };
  const rows = await db.all(
    `SELECT m.rowid AS rid, m.id AS message_id, m.session_id, m.role, m.created_at, m.content, s.title
     FROM messages m JOIN sessions s ON s.id = m.session_id
     WHERE m.rowid IN (${marks(rowids.length)})`,
    rowids,
  );
  const order = new Map(rowids.map((id, i) => [id, i]));
  rows.sort((a, b) => (order.get(Number(a.rid)) ?? 0) - (order.get(Number(b.rid)) ?? 0));
  return { sessions, messages: rows };
}

async function searchPostgres(
  db: SqlExecutor,
  terms: readonly string[],
  { limit, sessionId }: SearchOptions,
): Promise<Found> {
  const tsquery = terms.map((t) => `${t}:*`).join(' & ');
  const sessionFilter = sessionId !== undefined ? ' AND s.id = ?' : '';
  const extra = sessionId !== undefined ? [sessionId] : [];
  const sessions = await db.all(
    `SELECT s.id AS session_id, s.title, s.started_at AS created_at
     FROM sessions s, to_tsquery('simple', ?) q
     WHERE s.search @@ q${sessionFilter}
     ORDER BY ts_rank(s.search, q) DESC, s.id DESC LIMIT ?`,
    [tsquery, ...extra, limit],
  );
  const room = limit - sessions.length;
  if (room <= 0) return { sessions, messages: [] };
  const messageFilter = sessionId !== undefined ? ' AND m.session_id = ?' : '';
  const messages = await db.all(
    `SELECT m.id AS message_id, m.session_id, m.role, m.created_at, m.content, s.title
     FROM (SELECT m.id, ts_rank(m.search, q) AS rank
           FROM messages m, to_tsquery('simple', ?) q
           WHERE m.search @@ q${messageFilter}
           ORDER BY rank DESC, m.id DESC LIMIT ?) top
     JOIN messages m ON m.id = top.id
     JOIN sessions s ON s.id = m.session_id
     ORDER BY top.rank DESC, m.id DESC`,
    [tsquery, ...extra, room],
  );
  return { sessions, messages };
}
