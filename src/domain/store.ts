// The SessionStore port: every session the user has, kept, searchable and
// exportable. Implemented by services/store (SQLite and PostgreSQL), which
// share one contract test suite.
import type {
  Attachment,
  AttachmentOrigin,
  FinalStatus,
  JsonObject,
  JsonValue,
  Message,
  MessageMetrics,
  MessageRole,
  MessageStatus,
  ModelRecord,
  PromptTemplate,
  SearchHit,
  Session,
  SessionBundle,
  StoreStats,
} from './session.js';

export interface Page<T> {
  readonly items: readonly T[];
  /** Rows matching the filter, ignoring limit and offset. */
  readonly total: number;
}

export interface SessionQuery {
  readonly limit?: number;
  readonly offset?: number;
  readonly sort?: 'updated' | 'started' | 'title';
  readonly order?: 'asc' | 'desc';
  readonly modelId?: string;
  readonly tag?: string;
  /** Sessions updated at or after this time. */
  readonly since?: string;
  /** Sessions updated before this time. */
  readonly until?: string;
  /** `false` (default): only live sessions; `true`: only archived; `'any'`: both. */
  readonly archived?: boolean | 'any';
}

export interface NewSession {
  readonly title?: string;
  readonly modelId?: string | null;
  readonly backend?: string | null;
  readonly tags?: readonly string[];
  readonly settings?: JsonObject;
}

export type NewMessage = Partial<MessageMetrics> & {
  readonly sessionId: string;
  readonly parentId?: string | null;
  readonly role: MessageRole;
  readonly content?: string;
  readonly reasoning?: string | null;
  readonly toolCalls?: JsonValue | null;
  readonly name?: string | null;
  /** Default `complete`; a reply being generated starts as `streaming`. */
  readonly status?: MessageStatus;
  readonly error?: string | null;
  readonly modelId?: string | null;
};

/** The whole text so far of a streaming reply (not a delta), written in one short transaction. */
export interface StreamProgress {
  readonly content: string;
  readonly reasoning?: string | null;
  readonly toolCalls?: JsonValue | null;
  readonly completionTokens?: number | null;
}

export type Finalize = Partial<MessageMetrics> & {
  readonly status: FinalStatus;
  readonly error?: string | null;
  readonly content?: string;
  readonly reasoning?: string | null;
  readonly toolCalls?: JsonValue | null;
};

export interface MessageEdit {
  readonly content?: string;
  readonly reasoning?: string | null;
  readonly name?: string | null;
}

export interface MessageQuery {
  readonly limit?: number;
  /** Messages with an id lower than this one (paging backwards from the newest). */
  readonly before?: string;
  /** Messages with an id higher than this one. */
  readonly after?: string;
}

/** An attachment's bytes and facts, saved with SessionStore.saveAttachment. */
export interface NewAttachmentData {
  readonly sessionId: string;
  /** null: saved before its message exists (a chip in the composer); set later with setAttachmentMessage. */
  readonly messageId: string | null;
  /** The file name shown to the user. */
  readonly name: string;
  readonly mime: string;
  readonly bytes: Uint8Array;
  readonly origin: AttachmentOrigin;
  /** `width`, `height`, `durationMs`, `sampleRate`, `channels`, `sourcePath`, `scaledFrom`. */
  readonly metadata?: JsonObject;
}

export type ModelUpsert = Partial<Omit<ModelRecord, 'id' | 'updatedAt'>> & { readonly id: string };

export interface NewTemplate {
  readonly name: string;
  readonly role?: MessageRole;
  readonly body: string;
  readonly description?: string | null;
}

export interface StoreInfo {
  readonly kind: 'sqlite' | 'postgres';
  /** File path, or the URL with its password hidden. */
  readonly location: string;
  readonly schemaVersion: number;
  /** The version found at open when migrations ran, else null. */
  readonly migratedFrom: number | null;
  /** The copy made before migrating an existing SQLite file. */
  readonly backupPath: string | null;
  /** Streaming replies left by a process that died, marked interrupted at open. */
  readonly recoveredStreams: number;
}

export interface SessionStore {
  readonly info: StoreInfo;

  createSession(input?: NewSession): Promise<Session>;
  getSession(id: string): Promise<Session | undefined>;
  /** Sessions whose id starts with `prefix` (for ids typed by hand), newest first. */
  findSessions(prefix: string, limit?: number): Promise<readonly Session[]>;
  listSessions(query?: SessionQuery): Promise<Page<Session>>;
  renameSession(id: string, title: string): Promise<Session>;
  setSessionTags(id: string, tags: readonly string[]): Promise<Session>;
  setSessionArchived(id: string, archived: boolean): Promise<Session>;
  updateSessionSettings(id: string, settings: JsonObject): Promise<Session>;
  /** Deletes sessions with their messages and attachments (and the bytes no other session uses); returns how many existed. */
  deleteSessions(ids: readonly string[]): Promise<number>;
  /** A new session holding copies of the thread from the root to `messageId`. */
  forkSession(messageId: string, title?: string): Promise<Session>;

  appendMessage(input: NewMessage): Promise<Message>;
  /** Writes the text so far of a `streaming` message. */
  updateStreaming(id: string, progress: StreamProgress): Promise<void>;
  finalizeMessage(id: string, result: Finalize): Promise<Message>;
  editMessage(id: string, edit: MessageEdit): Promise<Message>;
  /** Deletes one message; its children move up to its parent. */
  deleteMessage(id: string): Promise<void>;
  getMessage(id: string): Promise<Message | undefined>;
  /** Messages of a session in id (creation) order; with a limit and no cursor, the newest. */
  listMessages(sessionId: string, query?: MessageQuery): Promise<readonly Message[]>;
  /** The thread from the root to `leafId`, root first. */
  getThread(leafId: string): Promise<readonly Message[]>;
  /** Messages whose parent is `parentId` (null: the roots of `sessionId`). */
  listChildren(sessionId: string, parentId: string | null): Promise<readonly Message[]>;
  /** Messages (every branch) per session id; sessions with none are left out. */
  countMessages(sessionIds: readonly string[]): Promise<Readonly<Record<string, number>>>;

  /**
   * Stores the bytes (content-addressed by sha256, durable before the row is
   * written; the same bytes twice are kept once) and writes the row.
   * StoreError 'invalid' when the bytes are over the store's size cap.
   */
  saveAttachment(input: NewAttachmentData): Promise<Attachment>;
  /** The bytes of an attachment; undefined when there is no such row or its bytes are missing. */
  readAttachment(id: string): Promise<Uint8Array | undefined>;
  /** Moves attachments saved with no message (or another one) onto `messageId`, of the same session. */
  setAttachmentMessage(ids: readonly string[], messageId: string): Promise<void>;
  getAttachment(id: string): Promise<Attachment | undefined>;
  /** In id (creation) order; with `messageId`, only that message's. */
  listAttachments(sessionId: string, messageId?: string): Promise<readonly Attachment[]>;
  /** Deletes the row, and the bytes when no other row uses them; false when there was none. */
  deleteAttachment(id: string): Promise<boolean>;

  upsertModel(model: ModelUpsert): Promise<ModelRecord>;
  getModel(id: string): Promise<ModelRecord | undefined>;
  /** Most recently used first, then by id. */
  listModels(): Promise<readonly ModelRecord[]>;
  markModelUsed(id: string, at?: string): Promise<void>;
  /** Forgets a model (e.g. its files are gone); false when there was none. */
  deleteModel(id: string): Promise<boolean>;

  getSetting(key: string): Promise<JsonValue | undefined>;
  setSetting(key: string, value: JsonValue): Promise<void>;
  deleteSetting(key: string): Promise<boolean>;
  listSettings(): Promise<Readonly<Record<string, JsonValue>>>;

  createTemplate(input: NewTemplate): Promise<PromptTemplate>;
  getTemplate(idOrName: string): Promise<PromptTemplate | undefined>;
  listTemplates(): Promise<readonly PromptTemplate[]>;
  updateTemplate(id: string, patch: Partial<NewTemplate>): Promise<PromptTemplate>;
  deleteTemplate(id: string): Promise<boolean>;

  /** Ranked full-text search: matching session titles first, then messages. */
  search(
    query: string,
    options?: { readonly limit?: number; readonly sessionId?: string },
  ): Promise<readonly SearchHit[]>;
  stats(): Promise<StoreStats>;

  /** With `bytes`, the bundle's `blobs` hold every attachment's bytes that can be read. */
  exportSession(id: string, options?: { readonly bytes?: boolean }): Promise<SessionBundle>;
  /** Imports whole sessions, keeping their ids, storing `blobs` first; all or nothing. */
  importSessions(bundles: readonly SessionBundle[]): Promise<void>;

  close(): Promise<void>;
}

export type StoreErrorCode =
  | 'not_found'
  | 'conflict'
  | 'invalid'
  | 'too_new'
  | 'not_a_database'
  | 'read_only'
  | 'busy'
  | 'unavailable'
  | 'migration_failed';

/** A store failure the user can act on; `message` says what happened and what to do. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
