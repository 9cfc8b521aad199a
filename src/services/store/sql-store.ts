// The one SessionStore implementation, written against SqlDriver so SQLite
// and PostgreSQL behave the same (the contract suite runs against both).
// Sessions and messages live here; attachments, models, settings and templates
// in catalog.ts; search in search.ts.
import type {
  JsonObject,
  Message,
  Session,
  SessionBundle,
  StoreStats,
} from '../../domain/session.js';
import {
  StoreError,
  type Finalize,
  type MessageEdit,
  type MessageQuery,
  type NewMessage,
  type NewSession,
  type Page,
  type SessionQuery,
  type StoreInfo,
  type StreamProgress,
} from '../../domain/store.js';
import type { BlobStore } from './blobs.js';
import { Catalog } from './catalog.js';
import type { SqlDriver, SqlExecutor, SqlParam } from './driver.js';
import { newId } from './ids.js';
import {
  ATTACHMENT_COLUMN_COUNT,
  ATTACHMENT_COLUMNS,
  MESSAGE_COLUMNS,
  SESSION_COLUMNS,
  attachmentParams,
  jsonText,
  marks,
  messageParams,
  num,
  sessionParams,
  toAttachment,
  toMessage,
  toSession,
} from './rows.js';
import { search } from './search.js';

export interface StoreClock {
  now(): Date;
}

const MAX_LIMIT = 10_000;

function limitOf(n: number | undefined, fallback: number): number {
  if (n === undefined) return fallback;
  if (!Number.isInteger(n) || n < 1)
    throw new StoreError('invalid', `limit must be a positive integer, not ${n}`);
  return Math.min(n, MAX_LIMIT);
}

function notFound(what: string, id: string): StoreError {
  return new StoreError('not_found', `no ${what} with id ${id}`);
}

export class SqlStore extends Catalog {
  readonly info: StoreInfo;
  private readonly writer: string;

  constructor(
    db: SqlDriver,
    info: StoreInfo,
    writer: string,
    blobs: BlobStore,
    clock?: StoreClock,
  ) {
    super(db, clock ?? { now: () => new Date() }, blobs);
    this.info = info;
    this.writer = writer;
  }

  // --- sessions -----------------------------------------------------------

  async createSession(input: NewSession = {}): Promise<Session> {
    const at = this.now();
    const session: Session = {
      id: newId(),
      title: input.title ?? '',
      modelId: input.modelId ?? null,
      backend: input.backend ?? null,
      startedAt: at,
      updatedAt: at,
      tags: normalizeTags(input.tags ?? []),
      tokenCount: 0,
      settings: input.settings ?? {},
      parentSessionId: null,
      forkedFromMessageId: null,
      archived: false,
    };
    await insertSession(this.db, session);
    return session;
  }

  async getSession(id: string): Promise<Session | undefined> {
    const row = await this.db.get(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = ?`, [id]);
    return row === undefined ? undefined : toSession(row);
  }

  async findSessions(prefix: string, limit = 10): Promise<readonly Session[]> {
    const rows = await this.db.all(
      `SELECT ${SESSION_COLUMNS} FROM sessions WHERE substr(id, 1, ?) IN (?, ?) ORDER BY updated_at DESC, id DESC LIMIT ?`,
      [prefix.length, prefix, prefix.toUpperCase(), limit],
    );
    return rows.map(toSession);
  }

  async listSessions(query: SessionQuery = {}): Promise<Page<Session>> {
    const where: string[] = [];
    const params: SqlParam[] = [];
    const archived = query.archived ?? false;
    if (archived !== 'any') {
      where.push('archived = ?');
      params.push(archived ? 1 : 0);
    }
    if (query.modelId !== undefined) {
      where.push('model_id = ?');
      params.push(query.modelId);
    }
    if (query.tag !== undefined) {
      where.push(
        this.db.dialect === 'sqlite'
          ? 'EXISTS (SELECT 1 FROM json_each(sessions.tags) WHERE value = ?)'
          : 'sessions.tags::jsonb @> jsonb_build_array(CAST(? AS TEXT))',
      );
      params.push(query.tag);
    }
    if (query.since !== undefined) {
      where.push('updated_at >= ?');
      params.push(query.since);
    }
    if (query.until !== undefined) {
      where.push('updated_at < ?');
      params.push(query.until);
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const column = { updated: 'updated_at', started: 'started_at', title: 'title' }[
      query.sort ?? 'updated'
    ];
    const order =
      (query.order ?? (query.sort === 'title' ? 'asc' : 'desc')) === 'asc' ? 'ASC' : 'DESC';
    const limit = limitOf(query.limit, 50);
    const offset = query.offset ?? 0;
    const rows = await this.db.all(
      `SELECT ${SESSION_COLUMNS} FROM sessions ${clause} ORDER BY ${column} ${order}, id ${order} LIMIT ? OFFSET ?`,
      [...params, limit, offset],
    );
    const count = await this.db.get(`SELECT COUNT(*) AS n FROM sessions ${clause}`, params);
    return { items: rows.map(toSession), total: num(count?.n ?? 0) };
  }

  private async patchSession(id: string, set: string, params: SqlParam[]): Promise<Session> {
    const changed = await this.db.run(`UPDATE sessions SET ${set}, updated_at = ? WHERE id = ?`, [
      ...params,
      this.now(),
      id,
    ]);
    if (changed === 0) throw notFound('session', id);
    return (await this.getSession(id)) ?? Promise.reject(notFound('session', id));
  }

  renameSession(id: string, title: string): Promise<Session> {
    return this.patchSession(id, 'title = ?', [title]);
  }

  setSessionTags(id: string, tags: readonly string[]): Promise<Session> {
    return this.patchSession(id, 'tags = ?', [JSON.stringify(normalizeTags(tags))]);
  }

  setSessionArchived(id: string, archived: boolean): Promise<Session> {
    return this.patchSession(id, 'archived = ?', [archived ? 1 : 0]);
  }

  updateSessionSettings(id: string, settings: JsonObject): Promise<Session> {
    return this.patchSession(id, 'settings = ?', [JSON.stringify(settings)]);
  }

  async deleteSessions(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const { count, hashes } = await this.db.transaction(async (tx) => {
      const rows = await tx.all(
        `SELECT DISTINCT sha256 FROM attachments WHERE session_id IN (${marks(ids.length)})`,
        [...ids],
      );
      const n = await tx.run(`DELETE FROM sessions WHERE id IN (${marks(ids.length)})`, [...ids]);
      return { count: n, hashes: rows.map((r) => String(r.sha256)) };
    });
    await this.dropUnusedBlobs(hashes);
    return count;
  }

  async forkSession(messageId: string, title?: string): Promise<Session> {
    return this.db.transaction(async (tx) => {
      const thread = await threadOf(tx, messageId);
      const last = thread.at(-1);
      if (last === undefined) throw notFound('message', messageId);
      const row = await tx.get(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = ?`, [
        last.sessionId,
      ]);
      if (row === undefined) throw notFound('session', last.sessionId);
      const source = toSession(row);
      const at = this.now();
      const fork: Session = {
        ...source,
        id: newId(),
        title: title ?? (source.title !== '' ? `${source.title} (fork)` : ''),
        startedAt: at,
        updatedAt: at,
        tokenCount: thread.reduce((sum, m) => sum + (m.tokenCount ?? 0), 0),
        parentSessionId: source.id,
        forkedFromMessageId: messageId,
        archived: false,
      };
      await insertSession(tx, fork);
      const ids = new Map<string, string>();
      for (const m of thread) {
        const id = newId();
        ids.set(m.id, id);
        const parentId = m.parentId !== null ? (ids.get(m.parentId) ?? null) : null;
        const status = m.status === 'streaming' ? 'interrupted' : m.status;
        await insertMessage(tx, { ...m, id, sessionId: fork.id, parentId, status }, null);
      }
      const attachments = await tx.all(
        `SELECT ${ATTACHMENT_COLUMNS} FROM attachments WHERE session_id = ? ORDER BY id`,
        [source.id],
      );
      for (const a of attachments.map(toAttachment)) {
        const copied = a.messageId !== null ? ids.get(a.messageId) : undefined;
        if (copied === undefined) continue;
        await tx.run(
          `INSERT INTO attachments (${ATTACHMENT_COLUMNS}) VALUES (${marks(ATTACHMENT_COLUMN_COUNT)})`,
          [...attachmentParams({ ...a, id: newId(), sessionId: fork.id, messageId: copied })],
        );
      }
      return fork;
    });
  }

  // --- messages -----------------------------------------------------------

  async appendMessage(input: NewMessage): Promise<Message> {
    const at = this.now();
    const message: Message = {
      id: newId(),
      sessionId: input.sessionId,
      parentId: input.parentId ?? null,
      role: input.role,
      content: input.content ?? '',
      reasoning: input.reasoning ?? null,
      toolCalls: input.toolCalls ?? null,
      name: input.name ?? null,
      status: input.status ?? 'complete',
      error: input.error ?? null,
      modelId: input.modelId ?? null,
      promptTokens: input.promptTokens ?? null,
      completionTokens: input.completionTokens ?? null,
      tokenCount: input.tokenCount ?? null,
      ttftMs: input.ttftMs ?? null,
      latencyMs: input.latencyMs ?? null,
      tokensPerSec: input.tokensPerSec ?? null,
      createdAt: at,
      updatedAt: at,
    };
    await this.db.transaction(async (tx) => {
      const touched = await tx.run(
        'UPDATE sessions SET updated_at = ?, token_count = token_count + ? WHERE id = ?',
        [at, message.tokenCount ?? 0, message.sessionId],
      );
      if (touched === 0) throw notFound('session', message.sessionId);
      if (message.parentId !== null) {
        const parent = await tx.get('SELECT session_id FROM messages WHERE id = ?', [
          message.parentId,
        ]);
        if (parent?.session_id !== message.sessionId) {
          throw new StoreError(
            'invalid',
            `parent message ${message.parentId} is not in session ${message.sessionId}`,
          );
        }
      }
      await insertMessage(tx, message, message.status === 'streaming' ? this.writer : null);
    });
    return message;
  }

  async updateStreaming(id: string, progress: StreamProgress): Promise<void> {
    const set = ['content = ?', 'updated_at = ?', 'writer = ?'];
    const params: SqlParam[] = [progress.content, this.now(), this.writer];
    if (progress.reasoning !== undefined) {
      set.push('reasoning = ?');
      params.push(progress.reasoning);
    }
    if (progress.toolCalls !== undefined) {
      set.push('tool_calls = ?');
      params.push(jsonText(progress.toolCalls));
    }
    if (progress.completionTokens !== undefined) {
      set.push('completion_tokens = ?');
      params.push(progress.completionTokens);
    }
    const changed = await this.db.run(
      `UPDATE messages SET ${set.join(', ')} WHERE id = ? AND status = 'streaming'`,
      [...params, id],
    );
    if (changed === 0) {
      const m = await this.getMessage(id);
      if (m === undefined) throw notFound('message', id);
      throw new StoreError('conflict', `message ${id} is ${m.status}, not streaming`);
    }
  }

  async finalizeMessage(id: string, result: Finalize): Promise<Message> {
    return this.db.transaction(async (tx) => {
      const row = await tx.get(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = ?`, [id]);
      if (row === undefined) throw notFound('message', id);
      const old = toMessage(row);
      const pick = <K extends keyof Message>(k: K): Message[K] =>
        (result as Partial<Message>)[k] !== undefined
          ? ((result as Partial<Message>)[k] as Message[K])
          : old[k];
      const next: Message = {
        ...old,
        status: result.status,
        error: result.error ?? null,
        content: pick('content'),
        reasoning: pick('reasoning'),
        toolCalls: pick('toolCalls'),
        promptTokens: pick('promptTokens'),
        completionTokens: pick('completionTokens'),
        tokenCount: pick('tokenCount'),
        ttftMs: pick('ttftMs'),
        latencyMs: pick('latencyMs'),
        tokensPerSec: pick('tokensPerSec'),
        updatedAt: this.now(),
      };
      await tx.run(
        `UPDATE messages SET status = ?, error = ?, content = ?, reasoning = ?, tool_calls = ?,
           prompt_tokens = ?, completion_tokens = ?, token_count = ?, ttft_ms = ?, latency_ms = ?,
           tokens_per_sec = ?, updated_at = ?, writer = NULL WHERE id = ?`,
        [
          next.status,
          next.error,
          next.content,
          next.reasoning,
          jsonText(next.toolCalls),
          next.promptTokens,
          next.completionTokens,
          next.tokenCount,
          next.ttftMs,
          next.latencyMs,
          next.tokensPerSec,
          next.updatedAt,
          id,
        ],
      );
      await tx.run(
        'UPDATE sessions SET token_count = token_count + ?, updated_at = ? WHERE id = ?',
        [(next.tokenCount ?? 0) - (old.tokenCount ?? 0), next.updatedAt, old.sessionId],
      );
      return next;
    });
  }

  async editMessage(id: string, edit: MessageEdit): Promise<Message> {
    const set: string[] = ['updated_at = ?'];
    const params: SqlParam[] = [this.now()];
    for (const [key, column] of [
      ['content', 'content'],
      ['reasoning', 'reasoning'],
      ['name', 'name'],
    ] as const) {
      const value = edit[key];
      if (value !== undefined) {
        set.push(`${column} = ?`);
        params.push(value);
      }
    }
    const changed = await this.db.run(`UPDATE messages SET ${set.join(', ')} WHERE id = ?`, [
      ...params,
      id,
    ]);
    if (changed === 0) throw notFound('message', id);
    return (await this.getMessage(id)) ?? Promise.reject(notFound('message', id));
  }

  async deleteMessage(id: string): Promise<void> {
    const hashes = await this.db.transaction(async (tx) => {
      const row = await tx.get(
        'SELECT session_id, parent_id, token_count FROM messages WHERE id = ?',
        [id],
      );
      if (row === undefined) throw notFound('message', id);
      const attached = await tx.all('SELECT sha256 FROM attachments WHERE message_id = ?', [id]);
      await tx.run('UPDATE messages SET parent_id = ? WHERE parent_id = ?', [
        row.parent_id as string | null,
        id,
      ]);
      await tx.run('DELETE FROM messages WHERE id = ?', [id]);
      await tx.run(
        'UPDATE sessions SET token_count = token_count - ?, updated_at = ? WHERE id = ?',
        [num(row.token_count ?? 0), this.now(), row.session_id as string],
      );
      return attached.map((r) => String(r.sha256));
    });
    // Its attachments went with it (ON DELETE CASCADE).
    await this.dropUnusedBlobs(hashes);
  }

  async getMessage(id: string): Promise<Message | undefined> {
    const row = await this.db.get(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = ?`, [id]);
    return row === undefined ? undefined : toMessage(row);
  }

  async listMessages(sessionId: string, query: MessageQuery = {}): Promise<readonly Message[]> {
    const base = `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE session_id = ?`;
    if (query.after !== undefined) {
      const rows = await this.db.all(`${base} AND id > ? ORDER BY id ASC LIMIT ?`, [
        sessionId,
        query.after,
        limitOf(query.limit, MAX_LIMIT),
      ]);
      return rows.map(toMessage);
    }
    if (query.limit === undefined && query.before === undefined) {
      return (await this.db.all(`${base} ORDER BY id ASC`, [sessionId])).map(toMessage);
    }
    const rows =
      query.before !== undefined
        ? await this.db.all(`${base} AND id < ? ORDER BY id DESC LIMIT ?`, [
            sessionId,
            query.before,
            limitOf(query.limit, MAX_LIMIT),
          ])
        : await this.db.all(`${base} ORDER BY id DESC LIMIT ?`, [
            sessionId,
            limitOf(query.limit, MAX_LIMIT),
          ]);
    return rows.map(toMessage).reverse();
  }

  getThread(leafId: string): Promise<readonly Message[]> {
    return threadOf(this.db, leafId);
  }

  async countMessages(sessionIds: readonly string[]): Promise<Readonly<Record<string, number>>> {
    const out: Record<string, number> = {};
    // In chunks: SQLite allows a limited number of parameters per statement.
    for (let i = 0; i < sessionIds.length; i += 500) {
      const ids = sessionIds.slice(i, i + 500);
      const rows = await this.db.all(
        `SELECT session_id, COUNT(*) AS n FROM messages WHERE session_id IN (${ids.map(() => '?').join(', ')}) GROUP BY session_id`,
        ids,
      );
      for (const r of rows) out[String(r.session_id)] = Number(r.n);
    }
    return out;
  }

  async listChildren(sessionId: string, parentId: string | null): Promise<readonly Message[]> {
    const rows =
      parentId === null
        ? await this.db.all(
            `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE session_id = ? AND parent_id IS NULL ORDER BY id`,
            [sessionId],
          )
        : await this.db.all(
            `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE session_id = ? AND parent_id = ? ORDER BY id`,
            [sessionId, parentId],
          );
    return rows.map(toMessage);
  }

  // --- search, stats, export ----------------------------------------------

  search(
    query: string,
    options: { readonly limit?: number; readonly sessionId?: string } = {},
  ): ReturnType<typeof search> {
    return search(this.db, query, {
      limit: limitOf(options.limit, 20),
      ...(options.sessionId !== undefined ? { sessionId: options.sessionId } : {}),
    });
  }

  async stats(): Promise<StoreStats> {
    const totals = await this.db.get(
      `SELECT COUNT(*) AS sessions, COALESCE(SUM(archived), 0) AS archived, COALESCE(SUM(token_count), 0) AS tokens,
              MIN(started_at) AS first_at, MAX(updated_at) AS last_at FROM sessions`,
    );
    const messages = await this.db.get('SELECT COUNT(*) AS n FROM messages');
    const attachments = await this.db.get('SELECT COUNT(*) AS n FROM attachments');
    const byModel = await this.db.all(
      `SELECT s.model_id, COUNT(*) AS sessions, COALESCE(SUM(s.token_count), 0) AS tokens,
              COALESCE(SUM((SELECT COUNT(*) FROM messages m WHERE m.session_id = s.id)), 0) AS messages
       FROM sessions s GROUP BY s.model_id ORDER BY sessions DESC, s.model_id`,
    );
    return {
      sessions: num(totals?.sessions ?? 0),
      archivedSessions: num(totals?.archived ?? 0),
      messages: num(messages?.n ?? 0),
      attachments: num(attachments?.n ?? 0),
      tokens: num(totals?.tokens ?? 0),
      firstAt: (totals?.first_at as string | null | undefined) ?? null,
      lastAt: (totals?.last_at as string | null | undefined) ?? null,
      byModel: byModel.map((r) => ({
        modelId: (r.model_id as string | null) ?? null,
        sessions: num(r.sessions),
        messages: num(r.messages),
        tokens: num(r.tokens),
      })),
    };
  }

  async exportSession(
    id: string,
    options: { readonly bytes?: boolean } = {},
  ): Promise<SessionBundle> {
    const session = await this.getSession(id);
    if (session === undefined) throw notFound('session', id);
    const messages = await this.listMessages(id);
    const attachments = await this.listAttachments(id);
    if (options.bytes !== true) return { session, messages, attachments };
    const blobs = new Map<string, Uint8Array>();
    for (const a of attachments) {
      if (blobs.has(a.sha256)) continue;
      const bytes = await this.readBlob(a.sha256, a.sizeBytes);
      if (bytes !== undefined) blobs.set(a.sha256, bytes);
    }
    return { session, messages, attachments, blobs };
  }

  async importSessions(bundles: readonly SessionBundle[]): Promise<void> {
    // The bytes first, each checked against its hash, durable before any row.
    const blobs = new Map<string, Uint8Array>();
    for (const b of bundles) {
      for (const [sha, bytes] of b.blobs ?? []) {
        const actual = await this.prepareBlob(bytes);
        if (actual !== sha) {
          throw new StoreError(
            'invalid',
            `session ${b.session.id}: the bytes given for sha256 ${sha} hash to ${actual}; the file is damaged`,
          );
        }
        blobs.set(sha, bytes);
      }
    }
    await this.db.transaction(async (tx) => {
      for (const { session, messages, attachments } of bundles) {
        const existing = await tx.get('SELECT title FROM sessions WHERE id = ?', [session.id]);
        if (existing !== undefined) {
          throw new StoreError(
            'conflict',
            `session ${session.id} ("${String(existing.title)}") is already in the database; delete it first to import it again`,
          );
        }
        try {
          await insertSession(tx, session);
          for (const m of messages) await insertMessage(tx, m, null);
          for (const a of attachments) {
            const bytes = blobs.get(a.sha256);
            if (bytes !== undefined && bytes.length !== a.sizeBytes) {
              throw new StoreError(
                'invalid',
                `attachment ${a.id} says ${a.sizeBytes} bytes but its data has ${bytes.length}`,
              );
            }
            // The path is this store's own place for the bytes, whatever the
            // exporting store called it; without bytes the row reads as missing.
            const path =
              bytes !== undefined
                ? await this.commitBlob(tx, a.sha256, bytes)
                : this.blobPath(a.sha256);
            await tx.run(
              `INSERT INTO attachments (${ATTACHMENT_COLUMNS}) VALUES (${marks(ATTACHMENT_COLUMN_COUNT)})`,
              attachmentParams({ ...a, path }),
            );
          }
        } catch (err) {
          if (err instanceof StoreError && err.code === 'conflict') {
            throw new StoreError(
              'conflict',
              `session ${session.id} holds a message or attachment id that is already in the database (${err.message})`,
              { cause: err },
            );
          }
          throw err;
        }
      }
    });
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

function normalizeTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((t) => t.trim()).filter((t) => t !== ''))];
}

async function insertSession(db: SqlExecutor, s: Session): Promise<void> {
  await db.run(`INSERT INTO sessions (${SESSION_COLUMNS}) VALUES (${marks(12)})`, sessionParams(s));
}

async function insertMessage(db: SqlExecutor, m: Message, writer: string | null): Promise<void> {
  await db.run(`INSERT INTO messages (${MESSAGE_COLUMNS}, writer) VALUES (${marks(20)})`, [
    ...messageParams(m),
    writer,
  ]);
}

async function threadOf(db: SqlExecutor, leafId: string): Promise<Message[]> {
  const rows = await db.all(
    `WITH RECURSIVE thread (id, parent_id, depth) AS (
       SELECT id, parent_id, 0 FROM messages WHERE id = ?
       UNION ALL
       SELECT m.id, m.parent_id, t.depth + 1 FROM messages m JOIN thread t ON m.id = t.parent_id
       WHERE t.depth < 100000
     )
     SELECT ${MESSAGE_COLUMNS.split(', ')
       .map((c) => `m.${c}`)
       .join(', ')} FROM thread t JOIN messages m ON m.id = t.id ORDER BY t.depth DESC`,
    [leafId],
  );
  return rows.map(toMessage);
}
