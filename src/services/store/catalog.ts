// The smaller tables of the store: attachments, the models cache, settings and
// prompt templates. SqlStore extends this class with sessions and messages.
import type { Attachment, JsonValue, ModelRecord, PromptTemplate } from '../../domain/session.js';
import {
  StoreError,
  type ModelUpsert,
  type NewAttachment,
  type NewTemplate,
} from '../../domain/store.js';
import type { SqlDriver } from './driver.js';
import { newId } from './ids.js';
import {
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

  constructor(db: SqlDriver, clock: { now(): Date }) {
    this.db = db;
    this.clock = clock;
  }

  protected now(): string {
    return this.clock.now().toISOString();
  }

  // --- attachments ----------------------------------------------------------

  async addAttachment(input: NewAttachment): Promise<Attachment> {
    if (!/^[0-9a-f]{64}$/.test(input.sha256)) {
      throw new StoreError(
        'invalid',
        `sha256 must be 64 lowercase hex digits, not "${input.sha256}"`,
      );
    }
    const attachment: Attachment = {
      ...input,
      id: newId(),
      metadata: input.metadata ?? {},
      createdAt: this.now(),
    };
    await this.db.transaction(async (tx) => {
      if (input.messageId !== null) {
        const owner = await tx.get('SELECT session_id FROM messages WHERE id = ?', [
          input.messageId,
        ]);
        if (owner?.session_id !== input.sessionId) {
          throw new StoreError(
            'invalid',
            `message ${input.messageId} is not in session ${input.sessionId}`,
          );
        }
      }
      const session = await tx.get('SELECT id FROM sessions WHERE id = ?', [input.sessionId]);
      if (session === undefined)
        throw new StoreError('not_found', `no session with id ${input.sessionId}`);
      await tx.run(
        `INSERT INTO attachments (${ATTACHMENT_COLUMNS}) VALUES (${marks(9)})`,
        attachmentParams(attachment),
      );
    });
    return attachment;
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
    return (await this.db.run('DELETE FROM attachments WHERE id = ?', [id])) > 0;
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
