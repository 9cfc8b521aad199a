// The smaller tables of the store: attachments, the models cache, settings and
// prompt templates. SqlStore extends this class with sessions and messages.
import {
  ATTACHMENT_ORIGINS,
  type Attachment,
  type JsonValue,
  type ModelRecord,
  type PromptTemplate,
} from '../../domain/session.js';
import {
  StoreError,
  type ModelUpsert,
  type NewAttachmentData,
  type NewTemplate,
} from '../../domain/store.js';
import { type BlobStore, sha256Hex } from './blobs.js';
import type { SqlDriver, SqlExecutor } from './driver.js';
import { newId } from './ids.js';
import {
  ATTACHMENT_COLUMN_COUNT,
  ATTACHMENT_COLUMNS,
  attachmentParams,
  marks,
  toAttachment,
  toModel,
  toTemplate,
} from './rows.js';

const MODEL_COLUMNS =
  'id, name, path, format, kind, size_bytes, sha256, last_used, capabilities, updated_at';
const TEMPLATE_COLUMNS = 'id, name, role, body, description, created_at, updated_at';

export class Catalog {
  protected readonly db: SqlDriver;
  private readonly clock: { now(): Date };
  private readonly blobs: BlobStore;

  constructor(db: SqlDriver, clock: { now(): Date }, blobs: BlobStore) {
    this.db = db;
    this.clock = clock;
    this.blobs = blobs;
  }

  protected now(): string {
    return this.clock.now().toISOString();
  }

  // --- attachments ----------------------------------------------------------

  async saveAttachment(input: NewAttachmentData): Promise<Attachment> {
    if (!ATTACHMENT_ORIGINS.includes(input.origin)) {
      throw new StoreError(
        'invalid',
        `origin must be one of ${ATTACHMENT_ORIGINS.join(', ')}, not "${input.origin}"`,
      );
    }
    const sha256 = sha256Hex(input.bytes);
    // Durable before the row exists: a crash here leaves no row behind.
    await this.blobs.prepare(sha256, input.bytes);
    return this.db.transaction(async (tx) => {
      await checkOwner(tx, input.sessionId, input.messageId);
      const path = await this.blobs.commit(tx, sha256, input.bytes);
      const attachment: Attachment = {
        id: newId(),
        sessionId: input.sessionId,
        messageId: input.messageId,
        name: input.name,
        origin: input.origin,
        path,
        sha256,
        mime: input.mime,
        sizeBytes: input.bytes.length,
        metadata: input.metadata ?? {},
        createdAt: this.now(),
      };
      await tx.run(
        `INSERT INTO attachments (${ATTACHMENT_COLUMNS}) VALUES (${marks(ATTACHMENT_COLUMN_COUNT)})`,
        attachmentParams(attachment),
      );
      return attachment;
    });
  }

  async readAttachment(id: string): Promise<Uint8Array | undefined> {
    const a = await this.getAttachment(id);
    return a === undefined ? undefined : this.blobs.read(this.db, a.sha256, a.sizeBytes);
  }

  async setAttachmentMessage(ids: readonly string[], messageId: string): Promise<void> {
    if (ids.length === 0) return;
    await this.db.transaction(async (tx) => {
      const owner = await tx.get('SELECT session_id FROM messages WHERE id = ?', [messageId]);
      if (owner === undefined) throw new StoreError('not_found', `no message with id ${messageId}`);
      const rows = await tx.all(
        `SELECT id, session_id FROM attachments WHERE id IN (${marks(ids.length)})`,
        [...ids],
      );
      for (const id of ids) {
        const row = rows.find((r) => r.id === id);
        if (row === undefined) throw new StoreError('not_found', `no attachment with id ${id}`);
        if (row.session_id !== owner.session_id) {
          throw new StoreError(
            'invalid',
            `attachment ${id} is in session ${String(row.session_id)}, not in message ${messageId}'s session ${String(owner.session_id)}`,
          );
        }
      }
      await tx.run(`UPDATE attachments SET message_id = ? WHERE id IN (${marks(ids.length)})`, [
        messageId,
        ...ids,
      ]);
    });
  }

  async getAttachment(id: string): Promise<Attachment | undefined> {
    const row = await this.db.get(`SELECT ${ATTACHMENT_COLUMNS} FROM attachments WHERE id = ?`, [
      id,
    ]);
    return row === undefined ? undefined : toAttachment(row);
  }

  async listAttachments(sessionId: string, messageId?: string): Promise<readonly Attachment[]> {
    const rows =
      messageId === undefined
        ? await this.db.all(
            `SELECT ${ATTACHMENT_COLUMNS} FROM attachments WHERE session_id = ? ORDER BY id`,
            [sessionId],
          )
        : await this.db.all(
            `SELECT ${ATTACHMENT_COLUMNS} FROM attachments WHERE session_id = ? AND message_id = ? ORDER BY id`,
            [sessionId, messageId],
          );
    return rows.map(toAttachment);
  }

  async deleteAttachment(id: string): Promise<boolean> {
    const row = await this.db.get('SELECT sha256 FROM attachments WHERE id = ?', [id]);
    if (row === undefined) return false;
    const deleted = (await this.db.run('DELETE FROM attachments WHERE id = ?', [id])) > 0;
    await this.dropUnusedBlobs([String(row.sha256)]);
    return deleted;
  }

  /**
   * Removes the bytes of hashes no attachment row uses any more, in a write
   * transaction of its own after the rows' deletion committed: a crash in
   * between leaves a stray file, never a row without its bytes, and a save
   * of the same bytes by another process either commits first (its row keeps
   * them) or rewrites them in its own transaction.
   */
  protected async dropUnusedBlobs(hashes: readonly string[]): Promise<void> {
    const unique = [...new Set(hashes)];
    if (unique.length === 0) return;
    await this.db.transaction(async (tx) => {
      for (const sha of unique) {
        await this.blobs.lock(tx, sha);
        const used = await tx.get('SELECT 1 AS used FROM attachments WHERE sha256 = ? LIMIT 1', [
          sha,
        ]);
        if (used === undefined) await this.blobs.remove(tx, sha);
      }
    });
  }

  /** Writes bytes without a row (import), the same way saveAttachment does. */
  protected async prepareBlob(bytes: Uint8Array): Promise<string> {
    const sha = sha256Hex(bytes);
    await this.blobs.prepare(sha, bytes);
    return sha;
  }

  protected commitBlob(tx: SqlExecutor, sha256: string, bytes: Uint8Array): Promise<string> {
    return this.blobs.commit(tx, sha256, bytes);
  }

  protected blobPath(sha256: string): string {
    return this.blobs.locate(sha256);
  }

  protected readBlob(sha256: string, size: number): Promise<Uint8Array | undefined> {
    return this.blobs.read(this.db, sha256, size);
  }

  // --- models cache ---------------------------------------------------------

  async deleteModel(id: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM models WHERE id = ?', [id])) > 0;
  }

  async upsertModel(model: ModelUpsert): Promise<ModelRecord> {
    const at = this.now();
    const old = await this.getModel(model.id);
    const next: ModelRecord = {
      id: model.id,
      name: model.name !== undefined ? model.name : (old?.name ?? null),
      path: model.path !== undefined ? model.path : (old?.path ?? null),
      format: model.format !== undefined ? model.format : (old?.format ?? null),
      kind: model.kind !== undefined ? model.kind : (old?.kind ?? null),
      sizeBytes: model.sizeBytes !== undefined ? model.sizeBytes : (old?.sizeBytes ?? null),
      sha256: model.sha256 !== undefined ? model.sha256 : (old?.sha256 ?? null),
      lastUsed: model.lastUsed !== undefined ? model.lastUsed : (old?.lastUsed ?? null),
      capabilities: model.capabilities ?? old?.capabilities ?? {},
      updatedAt: at,
    };
    await this.db.run(
      `INSERT INTO models (${MODEL_COLUMNS}) VALUES (${marks(10)})
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, path = excluded.path, format = excluded.format,
         kind = excluded.kind, size_bytes = excluded.size_bytes, sha256 = excluded.sha256,
         last_used = excluded.last_used, capabilities = excluded.capabilities, updated_at = excluded.updated_at`,
      [
        next.id,
        next.name,
        next.path,
        next.format,
        next.kind,
        next.sizeBytes,
        next.sha256,
        next.lastUsed,
        JSON.stringify(next.capabilities),
        next.updatedAt,
      ],
    );
    return next;
  }

  async getModel(id: string): Promise<ModelRecord | undefined> {
    const row = await this.db.get(`SELECT ${MODEL_COLUMNS} FROM models WHERE id = ?`, [id]);
    return row === undefined ? undefined : toModel(row);
  }

  async listModels(): Promise<readonly ModelRecord[]> {
    const rows = await this.db.all(
      `SELECT ${MODEL_COLUMNS} FROM models
       ORDER BY CASE WHEN last_used IS NULL THEN 1 ELSE 0 END, last_used DESC, id`,
    );
    return rows.map(toModel);
  }

  async markModelUsed(id: string, at?: string): Promise<void> {
    const when = at ?? this.now();
    const changed = await this.db.run(
      'UPDATE models SET last_used = ?, updated_at = ? WHERE id = ?',
      [when, this.now(), id],
    );
    if (changed === 0) throw new StoreError('not_found', `no model with id ${id}`);
  }

  // --- settings -------------------------------------------------------------

  async getSetting(key: string): Promise<JsonValue | undefined> {
    const row = await this.db.get('SELECT value FROM settings WHERE key = ?', [key]);
    return row === undefined ? undefined : (JSON.parse(String(row.value)) as JsonValue);
  }

  async setSetting(key: string, value: JsonValue): Promise<void> {
    await this.db.run(
      `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      [key, JSON.stringify(value), this.now()],
    );
  }

  async deleteSetting(key: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM settings WHERE key = ?', [key])) > 0;
  }

  async listSettings(): Promise<Readonly<Record<string, JsonValue>>> {
    const rows = await this.db.all('SELECT key, value FROM settings ORDER BY key');
    return Object.fromEntries(
      rows.map((r) => [String(r.key), JSON.parse(String(r.value)) as JsonValue]),
    );
  }

  // --- prompt templates -----------------------------------------------------

  async createTemplate(input: NewTemplate): Promise<PromptTemplate> {
    const at = this.now();
    const template: PromptTemplate = {
      id: newId(),
      name: input.name,
      role: input.role ?? 'user',
      body: input.body,
      description: input.description ?? null,
      createdAt: at,
      updatedAt: at,
    };
    await this.db
      .run(`INSERT INTO templates (${TEMPLATE_COLUMNS}) VALUES (${marks(7)})`, [
        template.id,
        template.name,
        template.role,
        template.body,
        template.description,
        template.createdAt,
        template.updatedAt,
      ])
      .catch((err: unknown) => {
        if (err instanceof StoreError && err.code === 'conflict') {
          throw new StoreError('conflict', `a template named "${input.name}" already exists`, {
            cause: err,
          });
        }
        throw err;
      });
    return template;
  }

  async getTemplate(idOrName: string): Promise<PromptTemplate | undefined> {
    const row =
      (await this.db.get(`SELECT ${TEMPLATE_COLUMNS} FROM templates WHERE id = ?`, [idOrName])) ??
      (await this.db.get(`SELECT ${TEMPLATE_COLUMNS} FROM templates WHERE name = ?`, [idOrName]));
    return row === undefined ? undefined : toTemplate(row);
  }

  async listTemplates(): Promise<readonly PromptTemplate[]> {
    const rows = await this.db.all(`SELECT ${TEMPLATE_COLUMNS} FROM templates ORDER BY name`);
    return rows.map(toTemplate);
  }

  async updateTemplate(id: string, patch: Partial<NewTemplate>): Promise<PromptTemplate> {
    const old = await this.getTemplate(id);
    if (old?.id !== id) throw new StoreError('not_found', `no template with id ${id}`);
    const next: PromptTemplate = {
      ...old,
      name: patch.name ?? old.name,
      role: patch.role ?? old.role,
      body: patch.body ?? old.body,
      description: patch.description !== undefined ? patch.description : old.description,
      updatedAt: this.now(),
    };
    await this.db.run(
      'UPDATE templates SET name = ?, role = ?, body = ?, description = ?, updated_at = ? WHERE id = ?',
      [next.name, next.role, next.body, next.description, next.updatedAt, id],
    );
    return next;
  }

  async deleteTemplate(id: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM templates WHERE id = ?', [id])) > 0;
  }
}

async function checkOwner(
  tx: SqlExecutor,
  sessionId: string,
  messageId: string | null,
): Promise<void> {
  if (messageId !== null) {
    const owner = await tx.get('SELECT session_id FROM messages WHERE id = ?', [messageId]);
    if (owner?.session_id !== sessionId)
      throw new StoreError('invalid', `message ${messageId} is not in session ${sessionId}`);
  }
  const session = await tx.get('SELECT id FROM sessions WHERE id = ?', [sessionId]);
  if (session === undefined) throw new StoreError('not_found', `no session with id ${sessionId}`);
}
