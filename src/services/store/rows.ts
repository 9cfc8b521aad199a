// Row <-> domain mapping shared by both dialects. The PostgreSQL driver returns
// BIGINT as a string, so every number goes through `num`.
import type {
  Attachment,
  AttachmentOrigin,
  JsonObject,
  JsonValue,
  Message,
  MessageRole,
  MessageStatus,
  ModelRecord,
  PromptTemplate,
  Session,
} from '../../domain/session.js';
import type { Row, SqlParam } from './driver.js';

export function str(v: unknown): string {
  return typeof v === 'string' ? v : String(v);
}

export function strOrNull(v: unknown): string | null {
  return v === null || v === undefined ? null : str(v);
}

export function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(v);
}

export function numOrNull(v: unknown): number | null {
  return v === null || v === undefined ? null : num(v);
}

export function jsonOrNull(v: unknown): JsonValue | null {
  return v === null || v === undefined ? null : (JSON.parse(str(v)) as JsonValue);
}

export function jsonObject(v: unknown): JsonObject {
  const parsed = jsonOrNull(v);
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
    ? (parsed as JsonObject)
    : {};
}

export function jsonText(v: JsonValue | null | undefined): string | null {
  return v === null || v === undefined ? null : JSON.stringify(v);
}

export const SESSION_COLUMNS =
  'id, title, model_id, backend, started_at, updated_at, tags, token_count, settings, parent_session_id, forked_from_message_id, archived';

export function toSession(r: Row): Session {
  return {
    id: str(r.id),
    title: str(r.title),
    modelId: strOrNull(r.model_id),
    backend: strOrNull(r.backend),
    startedAt: str(r.started_at),
    updatedAt: str(r.updated_at),
    tags: (jsonOrNull(r.tags) as string[] | null) ?? [],
    tokenCount: num(r.token_count),
    settings: jsonObject(r.settings),
    parentSessionId: strOrNull(r.parent_session_id),
    forkedFromMessageId: strOrNull(r.forked_from_message_id),
    archived: num(r.archived) === 1,
  };
}

export function sessionParams(s: Session): SqlParam[] {
  return [
    s.id,
    s.title,
    s.modelId,
    s.backend,
    s.startedAt,
    s.updatedAt,
    JSON.stringify(s.tags),
    s.tokenCount,
    JSON.stringify(s.settings),
    s.parentSessionId,
    s.forkedFromMessageId,
    s.archived ? 1 : 0,
  ];
}

export const MESSAGE_COLUMNS =
  'id, session_id, parent_id, role, content, reasoning, tool_calls, name, status, error, model_id, prompt_tokens, completion_tokens, token_count, ttft_ms, latency_ms, tokens_per_sec, created_at, updated_at';

export function toMessage(r: Row): Message {
  return {
    id: str(r.id),
    sessionId: str(r.session_id),
    parentId: strOrNull(r.parent_id),
    role: str(r.role) as MessageRole,
    content: str(r.content),
    reasoning: strOrNull(r.reasoning),
    toolCalls: jsonOrNull(r.tool_calls),
    name: strOrNull(r.name),
    status: str(r.status) as MessageStatus,
    error: strOrNull(r.error),
    modelId: strOrNull(r.model_id),
    promptTokens: numOrNull(r.prompt_tokens),
    completionTokens: numOrNull(r.completion_tokens),
    tokenCount: numOrNull(r.token_count),
    ttftMs: numOrNull(r.ttft_ms),
    latencyMs: numOrNull(r.latency_ms),
    tokensPerSec: numOrNull(r.tokens_per_sec),
    createdAt: str(r.created_at),
    updatedAt: str(r.updated_at),
  };
}

export function messageParams(m: Message): SqlParam[] {
  return [
    m.id,
    m.sessionId,
    m.parentId,
    m.role,
    m.content,
    m.reasoning,
    jsonText(m.toolCalls),
    m.name,
    m.status,
    m.error,
    m.modelId,
    m.promptTokens,
    m.completionTokens,
    m.tokenCount,
    m.ttftMs,
    m.latencyMs,
    m.tokensPerSec,
    m.createdAt,
    m.updatedAt,
  ];
}

export const ATTACHMENT_COLUMNS =
  'id, session_id, message_id, name, origin, path, sha256, mime, size_bytes, metadata, created_at';
export const ATTACHMENT_COLUMN_COUNT = 11;

export function toAttachment(r: Row): Attachment {
  return {
    id: str(r.id),
    sessionId: str(r.session_id),
    messageId: strOrNull(r.message_id),
    name: str(r.name),
    origin: str(r.origin) as AttachmentOrigin,
    path: str(r.path),
    sha256: str(r.sha256),
    mime: str(r.mime),
    sizeBytes: num(r.size_bytes),
    metadata: jsonObject(r.metadata),
    createdAt: str(r.created_at),
  };
}

export function attachmentParams(a: Attachment): SqlParam[] {
  return [
    a.id,
    a.sessionId,
    a.messageId,
    a.name,
    a.origin,
    a.path,
    a.sha256,
    a.mime,
    a.sizeBytes,
    JSON.stringify(a.metadata),
    a.createdAt,
  ];
}

export function toModel(r: Row): ModelRecord {
  return {
    id: str(r.id),
    name: strOrNull(r.name),
    path: strOrNull(r.path),
    format: strOrNull(r.format),
    kind: strOrNull(r.kind),
    sizeBytes: numOrNull(r.size_bytes),
    sha256: strOrNull(r.sha256),
    lastUsed: strOrNull(r.last_used),
    capabilities: jsonObject(r.capabilities),
    updatedAt: str(r.updated_at),
  };
}

export function toTemplate(r: Row): PromptTemplate {
  return {
    id: str(r.id),
    name: str(r.name),
    role: str(r.role) as MessageRole,
    body: str(r.body),
    description: strOrNull(r.description),
    createdAt: str(r.created_at),
    updatedAt: str(r.updated_at),
  };
}

/** `?, ?, ?` for n parameters. */
export function marks(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}
