// The JSONL interchange format (docs/formats/jsonl.md): one session line, then
// its messages, then its attachments; snake_case fields in a fixed order, so
// export -> import -> export gives the same bytes. Parsing is strict and names
// the line of the first problem; a file is either wholly valid or rejected.
import {
  ATTACHMENT_ORIGINS,
  MESSAGE_ROLES,
  MESSAGE_STATUSES,
  type Attachment,
  type JsonObject,
  type JsonValue,
  type Message,
  type Session,
  type SessionBundle,
} from '../../domain/session.js';

export const JSONL_FORMAT = 'mistralrs-tui/session';
/** 2: attachments carry `name`, `origin` and their bytes in `data` (base64). */
export const JSONL_VERSION = 2;

export class JsonlError extends Error {
  override readonly name = 'JsonlError';
  readonly line: number;
  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.line = line;
  }
}

export function sessionToJsonl({
  session: s,
  messages,
  attachments,
  blobs,
}: SessionBundle): string {
  const lines: unknown[] = [
    {
      type: 'session',
      format: JSONL_FORMAT,
      version: JSONL_VERSION,
      id: s.id,
      title: s.title,
      model_id: s.modelId,
      backend: s.backend,
      started_at: s.startedAt,
      updated_at: s.updatedAt,
      tags: s.tags,
      token_count: s.tokenCount,
      settings: s.settings,
      parent_session_id: s.parentSessionId,
      forked_from_message_id: s.forkedFromMessageId,
      archived: s.archived,
      message_count: messages.length,
      attachment_count: attachments.length,
    },
    ...messages.map((m) => ({
      type: 'message',
      id: m.id,
      session_id: m.sessionId,
      parent_id: m.parentId,
      role: m.role,
      content: m.content,
      reasoning: m.reasoning,
      tool_calls: m.toolCalls,
      name: m.name,
      status: m.status,
      error: m.error,
      model_id: m.modelId,
      prompt_tokens: m.promptTokens,
      completion_tokens: m.completionTokens,
      token_count: m.tokenCount,
      ttft_ms: m.ttftMs,
      latency_ms: m.latencyMs,
      tokens_per_sec: m.tokensPerSec,
      created_at: m.createdAt,
      updated_at: m.updatedAt,
    })),
    ...attachments.map((a) => ({
      type: 'attachment',
      id: a.id,
      session_id: a.sessionId,
      message_id: a.messageId,
      name: a.name,
      origin: a.origin,
      sha256: a.sha256,
      mime: a.mime,
      size_bytes: a.sizeBytes,
      metadata: a.metadata,
      created_at: a.createdAt,
      // null: the bytes were missing when exported (the import keeps the row).
      data: base64Of(blobs?.get(a.sha256)),
    })),
  ];
  return lines.map((l) => `${JSON.stringify(l)}\n`).join('');
}

function base64Of(bytes: Uint8Array | undefined): string | null {
  return bytes === undefined
    ? null
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

type Obj = Record<string, unknown>;

/** Reads fields off one parsed line, checking types; `done` rejects fields not read. */
class Fields {
  private readonly seen = new Set<string>(['type']);
  private readonly obj: Obj;
  private readonly line: number;
  private readonly kind: string;

  constructor(obj: Obj, line: number, kind: string) {
    this.obj = obj;
    this.line = line;
    this.kind = kind;
  }

  private fail(message: string): never {
    throw new JsonlError(this.line, message);
  }

  private raw(key: string): unknown {
    this.seen.add(key);
    return this.obj[key];
  }

  string(key: string, fallback?: string): string {
    const v = this.raw(key);
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v !== 'string') this.fail(`${this.kind} field "${key}" must be a string`);
    return v;
  }

  nullableString(key: string): string | null {
    const v = this.raw(key);
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') this.fail(`${this.kind} field "${key}" must be a string or null`);
    return v;
  }

  time(key: string, fallback?: string): string {
    const v = this.string(key, fallback);
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v) || Number.isNaN(Date.parse(v))) {
      this.fail(`${this.kind} field "${key}" must be an ISO-8601 time, not "${v}"`);
    }
    return v;
  }

  number(key: string, opts: { integer?: boolean; nullable: true }): number | null;
  number(key: string, opts: { integer?: boolean; nullable?: false; fallback?: number }): number;
  number(
    key: string,
    opts: { integer?: boolean; nullable?: boolean; fallback?: number },
  ): number | null {
    const v = this.raw(key);
    if ((v === undefined || v === null) && opts.nullable === true) return null;
    if (v === undefined && opts.fallback !== undefined) return opts.fallback;
    if (
      typeof v !== 'number' ||
      !Number.isFinite(v) ||
      (opts.integer === true && !Number.isInteger(v))
    ) {
      this.fail(
        `${this.kind} field "${key}" must be ${opts.integer === true ? 'an integer' : 'a number'}${opts.nullable === true ? ' or null' : ''}`,
      );
    }
    return v;
  }

  boolean(key: string, fallback: boolean): boolean {
    const v = this.raw(key);
    if (v === undefined) return fallback;
    if (typeof v !== 'boolean') this.fail(`${this.kind} field "${key}" must be true or false`);
    return v;
  }

  object(key: string): JsonObject {
    const v = this.raw(key);
    if (v === undefined) return {};
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      this.fail(`${this.kind} field "${key}" must be an object`);
    }
    return v as JsonObject;
  }

  strings(key: string): string[] {
    const v = this.raw(key);
    if (v === undefined) return [];
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) {
      this.fail(`${this.kind} field "${key}" must be an array of strings`);
    }
    return v;
  }

  json(key: string): JsonValue | null {
    const v = this.raw(key);
    return v === undefined ? null : (v as JsonValue);
  }

  oneOf<T extends string>(key: string, values: readonly T[], fallback?: T): T {
    const v = this.string(key, fallback);
    if (!(values as readonly string[]).includes(v)) {
      this.fail(`${this.kind} field "${key}" must be one of ${values.join(', ')}, not "${v}"`);
    }
    return v as T;
  }

  done(): void {
    const unknown = Object.keys(this.obj).find((k) => !this.seen.has(k));
    if (unknown !== undefined) this.fail(`unknown ${this.kind} field "${unknown}"`);
  }
}

interface Building {
  readonly session: Session;
  readonly line: number;
  readonly messageCount: number | null;
  readonly attachmentCount: number | null;
  readonly messages: Message[];
  readonly attachments: Attachment[];
  readonly blobs: Map<string, Uint8Array>;
  readonly ids: Set<string>;
}

function parseSession(f: Fields, line: number): Building {
  const format = f.string('format', JSONL_FORMAT);
  if (format !== JSONL_FORMAT)
    throw new JsonlError(line, `format "${format}" is not ${JSONL_FORMAT}`);
  const version = f.number('version', { integer: true, fallback: JSONL_VERSION });
  if (version > JSONL_VERSION) {
    throw new JsonlError(
      line,
      `format version ${version} is newer than this mistralrs-tui reads (${JSONL_VERSION}); upgrade mistralrs-tui`,
    );
  }
  const startedAt = f.time('started_at');
  const session: Session = {
    id: f.string('id'),
    title: f.string('title', ''),
    modelId: f.nullableString('model_id'),
    backend: f.nullableString('backend'),
    startedAt,
    updatedAt: f.time('updated_at', startedAt),
    tags: f.strings('tags'),
    tokenCount: f.number('token_count', { integer: true, fallback: 0 }),
    settings: f.object('settings'),
    parentSessionId: f.nullableString('parent_session_id'),
    forkedFromMessageId: f.nullableString('forked_from_message_id'),
    archived: f.boolean('archived', false),
  };
  if (session.id === '') throw new JsonlError(line, 'session field "id" must not be empty');
  const messageCount = f.number('message_count', { integer: true, nullable: true });
  const attachmentCount = f.number('attachment_count', { integer: true, nullable: true });
  f.done();
  return {
    session,
    line,
    messageCount,
    attachmentCount,
    messages: [],
    attachments: [],
    blobs: new Map(),
    ids: new Set(),
  };
}

function parseMessage(f: Fields, line: number, b: Building): Message {
  const createdAt = f.time('created_at', b.session.startedAt);
  const nullableInt = (k: string) => f.number(k, { integer: true, nullable: true });
  const nullableNum = (k: string) => f.number(k, { nullable: true });
  const m: Message = {
    id: f.string('id'),
    sessionId: f.string('session_id', b.session.id),
    parentId: f.nullableString('parent_id'),
    role: f.oneOf('role', MESSAGE_ROLES),
    content: f.string('content', ''),
    reasoning: f.nullableString('reasoning'),
    toolCalls: f.json('tool_calls'),
    name: f.nullableString('name'),
    status: f.oneOf('status', MESSAGE_STATUSES, 'complete'),
    error: f.nullableString('error'),
    modelId: f.nullableString('model_id'),
    promptTokens: nullableInt('prompt_tokens'),
    completionTokens: nullableInt('completion_tokens'),
    tokenCount: nullableInt('token_count'),
    ttftMs: nullableNum('ttft_ms'),
    latencyMs: nullableNum('latency_ms'),
    tokensPerSec: nullableNum('tokens_per_sec'),
    createdAt,
    updatedAt: f.time('updated_at', createdAt),
  };
  f.done();
  if (m.id === '') throw new JsonlError(line, 'message field "id" must not be empty');
  if (m.sessionId !== b.session.id) {
    throw new JsonlError(
      line,
      `message session_id "${m.sessionId}" is not the session "${b.session.id}" it follows`,
    );
  }
  if (b.ids.has(m.id)) throw new JsonlError(line, `message id "${m.id}" appears twice`);
  if (m.parentId !== null && !b.ids.has(m.parentId)) {
    throw new JsonlError(
      line,
      `message parent_id "${m.parentId}" is not a message earlier in this session`,
    );
  }
  b.ids.add(m.id);
  return m;
}

function parseAttachment(f: Fields, line: number, b: Building): Attachment {
  const a: Attachment = {
    id: f.string('id'),
    sessionId: f.string('session_id', b.session.id),
    messageId: f.nullableString('message_id'),
    name: f.string('name', ''),
    origin: f.oneOf('origin', ATTACHMENT_ORIGINS, 'attached'),
    // Version 1 wrote the store's own path; it means nothing to another
    // store, which keeps the bytes where it keeps them (importSessions).
    path: f.string('path', ''),
    sha256: f.string('sha256'),
    mime: f.string('mime'),
    sizeBytes: f.number('size_bytes', { integer: true }),
    metadata: f.object('metadata'),
    createdAt: f.time('created_at', b.session.startedAt),
  };
  const data = f.nullableString('data');
  f.done();
  if (a.sessionId !== b.session.id) {
    throw new JsonlError(
      line,
      `attachment session_id "${a.sessionId}" is not the session "${b.session.id}" it follows`,
    );
  }
  if (a.messageId !== null && !b.ids.has(a.messageId)) {
    throw new JsonlError(
      line,
      `attachment message_id "${a.messageId}" is not a message of this session`,
    );
  }
  if (!/^[0-9a-f]{64}$/.test(a.sha256))
    throw new JsonlError(line, 'attachment sha256 must be 64 lowercase hex digits');
  if (data !== null) {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data) || data.length % 4 !== 0)
      throw new JsonlError(line, 'attachment field "data" must be base64 (or null)');
    const bytes = new Uint8Array(Buffer.from(data, 'base64'));
    if (bytes.length !== a.sizeBytes) {
      throw new JsonlError(
        line,
        `attachment data holds ${bytes.length} bytes but size_bytes says ${a.sizeBytes} (is the file truncated?)`,
      );
    }
    const { createHash } = process.getBuiltinModule('node:crypto');
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== a.sha256)
      throw new JsonlError(line, `attachment data hashes to ${actual}, not its sha256 ${a.sha256}`);
    b.blobs.set(a.sha256, bytes);
  }
  return a;
}

function close(b: Building, lastLine: number): SessionBundle {
  const check = (declared: number | null, found: number, what: string) => {
    if (declared !== null && declared !== found) {
      throw new JsonlError(
        lastLine,
        `the session on line ${b.line} declares ${declared} ${what} but ${found} follow${found === 1 ? 's' : ''}` +
          (found < declared ? ' (is the file truncated?)' : ''),
      );
    }
  };
  check(b.messageCount, b.messages.length, 'messages');
  check(b.attachmentCount, b.attachments.length, 'attachments');
  return b.blobs.size > 0
    ? { session: b.session, messages: b.messages, attachments: b.attachments, blobs: b.blobs }
    : { session: b.session, messages: b.messages, attachments: b.attachments };
}

/** Parses a JSONL file of one or more sessions; throws JsonlError naming the first bad line. */
export function parseSessionsJsonl(text: string): SessionBundle[] {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  const bundles: SessionBundle[] = [];
  let current: Building | undefined;
  let lastLine = 0;
  const sessionIds = new Set<string>();
  for (const [i, rawLine] of lines.entries()) {
    const line = i + 1;
    const textLine = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (textLine.trim() === '') continue;
    lastLine = line;
    let value: unknown;
    try {
      value = JSON.parse(textLine);
    } catch (err) {
      throw new JsonlError(line, `not valid JSON (${(err as Error).message})`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new JsonlError(line, 'each line must be a JSON object');
    }
    const obj = value as Obj;
    const type = obj.type;
    if (type === 'session') {
      if (current) bundles.push(close(current, line - 1));
      current = parseSession(new Fields(obj, line, 'session'), line);
      if (sessionIds.has(current.session.id)) {
        throw new JsonlError(line, `session id "${current.session.id}" appears twice`);
      }
      sessionIds.add(current.session.id);
    } else if (type === 'message' || type === 'attachment') {
      if (!current) throw new JsonlError(line, `a ${type} line must follow a session line`);
      if (type === 'message')
        current.messages.push(parseMessage(new Fields(obj, line, 'message'), line, current));
      else
        current.attachments.push(
          parseAttachment(new Fields(obj, line, 'attachment'), line, current),
        );
    } else {
      throw new JsonlError(
        line,
        `"type" must be "session", "message" or "attachment", not ${JSON.stringify(type)}`,
      );
    }
  }
  if (!current) throw new JsonlError(Math.max(1, lastLine), 'the file holds no session line');
  bundles.push(close(current, lastLine));
  return bundles;
}
