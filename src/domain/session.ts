// Plain data kept by the session store: sessions, messages (a tree, so that a
// retry or an edit adds a sibling instead of destroying history), attachments,
// the models cache, settings and prompt templates. No I/O here.

export type JsonValue =
  null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };
export type JsonObject = Readonly<Record<string, JsonValue>>;

export const MESSAGE_ROLES = ['system', 'user', 'assistant', 'tool'] as const;
export type MessageRole = (typeof MESSAGE_ROLES)[number];

/** `streaming` while a reply grows; a store reopened after a crash turns it into `interrupted`. */
export const MESSAGE_STATUSES = [
  'complete',
  'streaming',
  'interrupted',
  'error',
  'cancelled',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
export type FinalStatus = Exclude<MessageStatus, 'streaming'>;

/** Times are ISO-8601 UTC strings with milliseconds (`Date#toISOString`). */
export type Timestamp = string;

export interface Session {
  readonly id: string;
  readonly title: string;
  readonly modelId: string | null;
  readonly backend: string | null;
  readonly startedAt: Timestamp;
  readonly updatedAt: Timestamp;
  readonly tags: readonly string[];
  /** Sum of the messages' token counts. */
  readonly tokenCount: number;
  readonly settings: JsonObject;
  readonly parentSessionId: string | null;
  readonly forkedFromMessageId: string | null;
  readonly archived: boolean;
}

export interface MessageMetrics {
  readonly promptTokens: number | null;
  readonly completionTokens: number | null;
  readonly tokenCount: number | null;
  readonly ttftMs: number | null;
  readonly latencyMs: number | null;
  readonly tokensPerSec: number | null;
}

export interface Message extends MessageMetrics {
  readonly id: string;
  readonly sessionId: string;
  /** The message this one answers or follows; siblings share a parent. */
  readonly parentId: string | null;
  readonly role: MessageRole;
  readonly content: string;
  readonly reasoning: string | null;
  readonly toolCalls: JsonValue | null;
  readonly name: string | null;
  readonly status: MessageStatus;
  readonly error: string | null;
  readonly modelId: string | null;
  readonly createdAt: Timestamp;
  readonly updatedAt: Timestamp;
}

/** Where an attachment came from: the user, a generation model, or a tool's result. */
export const ATTACHMENT_ORIGINS = ['attached', 'generated', 'tool'] as const;
export type AttachmentOrigin = (typeof ATTACHMENT_ORIGINS)[number];

/**
 * A file kept with a session (docs/attachments.md). The bytes are stored once
 * per sha256 by the store; `path` is the store's own location of them (a path
 * relative to the database's folder on SQLite, `db:<sha256>` on PostgreSQL),
 * not where the user attached the file from (`metadata.sourcePath`).
 * Metadata keys: `width`, `height` (pixels), `durationMs`, `sampleRate`,
 * `channels`, `sourcePath`, `scaledFrom` (the attachment id of the original).
 */
export interface Attachment {
  readonly id: string;
  readonly sessionId: string;
  /** null until the message it belongs to is written (see SessionStore.setAttachmentMessage). */
  readonly messageId: string | null;
  /** The file name shown to the user. */
  readonly name: string;
  readonly origin: AttachmentOrigin;
  readonly path: string;
  readonly sha256: string;
  readonly mime: string;
  readonly sizeBytes: number;
  readonly metadata: JsonObject;
  readonly createdAt: Timestamp;
}

/** A model found on disk or reported by a server, cached between runs. */
export interface ModelRecord {
  readonly id: string;
  readonly name: string | null;
  readonly path: string | null;
  readonly format: string | null;
  readonly kind: string | null;
  readonly sizeBytes: number | null;
  readonly sha256: string | null;
  readonly lastUsed: Timestamp | null;
  readonly capabilities: JsonObject;
  readonly updatedAt: Timestamp;
}

export interface PromptTemplate {
  readonly id: string;
  readonly name: string;
  readonly role: MessageRole;
  /** Text with `{{variable}}` placeholders. */
  readonly body: string;
  readonly description: string | null;
  readonly createdAt: Timestamp;
  readonly updatedAt: Timestamp;
}

/** A session with everything that belongs to it: the unit of export and import. */
export interface SessionBundle {
  readonly session: Session;
  /** In id order, which is creation order. */
  readonly messages: readonly Message[];
  readonly attachments: readonly Attachment[];
  /**
   * The attachments' bytes by sha256, when asked for (exportSession with
   * `bytes: true`) or read from a JSONL file; a hash missing here has no bytes
   * (its file was lost) and imports as a row whose bytes read as undefined.
   */
  readonly blobs?: ReadonlyMap<string, Uint8Array>;
}

/** The file formats a bundle is exported to: Markdown or JSON lines. */
export type ExportFormat = 'md' | 'jsonl';

export interface SearchHit {
  readonly kind: 'session' | 'message';
  readonly sessionId: string;
  readonly sessionTitle: string;
  readonly messageId: string | null;
  readonly role: MessageRole | null;
  /** Plain text around the match. */
  readonly snippet: string;
  /** [start, end) offsets into `snippet` (UTF-16 units) of the matched words. */
  readonly highlights: readonly (readonly [number, number])[];
  readonly createdAt: Timestamp;
}

export interface StoreStats {
  readonly sessions: number;
  readonly archivedSessions: number;
  readonly messages: number;
  readonly attachments: number;
  readonly tokens: number;
  readonly firstAt: Timestamp | null;
  readonly lastAt: Timestamp | null;
  readonly byModel: readonly {
    readonly modelId: string | null;
    readonly sessions: number;
    readonly messages: number;
    readonly tokens: number;
  }[];
}

const TEMPLATE_VAR = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g;

/** The distinct variable names of a template body, in order of first use. */
export function templateVariables(body: string): string[] {
  const names: string[] = [];
  for (const m of body.matchAll(TEMPLATE_VAR)) {
    const name = m[1];
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}

/** Fills `{{variables}}`; a variable without a value is left as written. */
export function renderTemplate(body: string, values: Readonly<Record<string, string>>): string {
  return body.replace(TEMPLATE_VAR, (whole, name: string) => values[name] ?? whole);
}
