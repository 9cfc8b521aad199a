// Where attachment bytes live, content-addressed by sha256. SQLite: files
// beside the database (`attachments/<sha[0:2]>/<sha>`), each written to a
// temporary file, fsynced and renamed into place before its row is written, so
// a process killed mid-save leaves at most a stray temporary file, never a row
// pointing at half a file. PostgreSQL: a BYTEA row per sha256 written in the
// same transaction as the attachment row (a team's machines share no disk).
import fs from 'node:fs';
import path from 'node:path';
import { StoreError } from '../../domain/store.js';
import type { SqlExecutor } from './driver.js';
import { num } from './rows.js';

export interface BlobStore {
  /** Before the transaction: make the bytes durable where that cannot be transactional (files). */
  prepare(sha256: string, bytes: Uint8Array): Promise<void>;
  /** Inside the row's write transaction: make sure the bytes are there; returns the row's `path`. */
  commit(tx: SqlExecutor, sha256: string, bytes: Uint8Array): Promise<string>;
  read(tx: SqlExecutor, sha256: string, size: number): Promise<Uint8Array | undefined>;
  /** The row's `path` for these bytes. */
  locate(sha256: string): string;
  /** Inside a write transaction, before asking whether any row still uses the bytes. */
  lock(tx: SqlExecutor, sha256: string): Promise<void>;
  /** Inside a write transaction, after the rows using it are gone. */
  remove(tx: SqlExecutor, sha256: string): Promise<void>;
}

export function sha256Hex(bytes: Uint8Array): string {
  const { createHash } = process.getBuiltinModule('node:crypto');
  return createHash('sha256').update(bytes).digest('hex');
}

/** The folder a SQLite database keeps its attachment files in (docs/attachments.md). */
export function attachmentsDirFor(databaseFile: string): string {
  const dir = path.dirname(databaseFile);
  const base = path.basename(databaseFile);
  // The default database owns `attachments/`; any other file gets its own
  // folder, so two databases in one folder never delete each other's files.
  return base === 'sessions.db'
    ? path.join(dir, 'attachments')
    : path.join(dir, `${base.replace(/\.(db|sqlite3?)$/i, '')}.attachments`);
}

function fsyncDir(dir: string): void {
  // Makes a rename durable; not possible on Windows, where it is not needed.
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // ignore: directories cannot be opened for fsync on every platform
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

export class FileBlobs implements BlobStore {
  private readonly root: string;
  private readonly base: string;

  /** `root`: the attachments folder; `base`: the folder row paths are relative to. */
  constructor(root: string, base: string) {
    this.root = root;
    this.base = base;
  }

  private file(sha256: string): string {
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  private hasWhole(file: string, size: number): boolean {
    try {
      return fs.statSync(file).size === size;
    } catch {
      return false;
    }
  }

  private write(sha256: string, bytes: Uint8Array): void {
    const file = this.file(sha256);
    if (this.hasWhole(file, bytes.length)) return;
    const dir = path.dirname(file);
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const { randomBytes } = process.getBuiltinModule('node:crypto');
      const tmp = path.join(dir, `.${sha256}.${randomBytes(6).toString('hex')}.tmp`);
      const fd = fs.openSync(tmp, 'wx', 0o600);
      try {
        let off = 0;
        while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, file);
      fsyncDir(dir);
    } catch (err) {
      throw new StoreError(
        'read_only',
        `cannot write the attachment file ${file}: ${(err as Error).message}; check the folder ${this.root} is writable and the disk has room`,
        { cause: err },
      );
    }
  }

  prepare(sha256: string, bytes: Uint8Array): Promise<void> {
    this.write(sha256, bytes);
    return Promise.resolve();
  }

  /**
   * Removes temporary files left by saves that were killed, once they are
   * older than `before` (a save in progress in another process is younger).
   * Returns how many were removed; never throws.
   */
  async sweepTemporary(before: number): Promise<number> {
    let removed = 0;
    let dirs: string[];
    try {
      dirs = await fs.promises.readdir(this.root);
    } catch {
      return 0;
    }
    for (const d of dirs) {
      if (!/^[0-9a-f]{2}$/.test(d)) continue;
      const dir = path.join(this.root, d);
      let names: string[];
      try {
        names = await fs.promises.readdir(dir);
      } catch {
        continue;
      }
      for (const name of names) {
        if (!/^\.[0-9a-f]{64}\.[0-9a-f]+\.tmp$/.test(name)) continue;
        try {
          const file = path.join(dir, name);
          if ((await fs.promises.stat(file)).mtimeMs < before) {
            await fs.promises.rm(file, { force: true });
            removed += 1;
          }
        } catch {
          // gone already
        }
      }
    }
    return removed;
  }

  commit(_tx: SqlExecutor, sha256: string, bytes: Uint8Array): Promise<string> {
    // Another process may have deleted the file between prepare and this
    // write transaction (its last user was deleted): write it again, now that
    // the transaction keeps every other writer out.
    this.write(sha256, bytes);
    return Promise.resolve(this.locate(sha256));
  }

  locate(sha256: string): string {
    return path.relative(this.base, this.file(sha256)).split(path.sep).join('/');
  }

  read(_tx: SqlExecutor, sha256: string, size: number): Promise<Uint8Array | undefined> {
    try {
      const bytes = fs.readFileSync(this.file(sha256));
      return Promise.resolve(bytes.length === size ? new Uint8Array(bytes) : undefined);
    } catch {
      return Promise.resolve(undefined);
    }
  }

  lock(): Promise<void> {
    // SQLite's write transactions already keep every other writer out.
    return Promise.resolve();
  }

  remove(_tx: SqlExecutor, sha256: string): Promise<void> {
    try {
      fs.unlinkSync(this.file(sha256));
    } catch {
      // already gone
    }
    return Promise.resolve();
  }
}

export class DatabaseBlobs implements BlobStore {
  private readonly maxBytes: number;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  prepare(_sha256: string, bytes: Uint8Array): Promise<void> {
    if (bytes.length > this.maxBytes) {
      return Promise.reject(
        new StoreError(
          'invalid',
          `the attachment is ${formatMb(bytes.length)}, over the ${formatMb(this.maxBytes)} a PostgreSQL database keeps per attachment; ` +
            'raise attachments.max_db_mb in the config, or attach a smaller file',
        ),
      );
    }
    return Promise.resolve();
  }

  async commit(tx: SqlExecutor, sha256: string, bytes: Uint8Array): Promise<string> {
    // DO UPDATE (not NOTHING) locks the row until this transaction ends, so
    // a concurrent drop of the same bytes (lock) waits and then sees our row.
    await tx.run(
      'INSERT INTO attachment_blobs (sha256, size_bytes, bytes) VALUES (?, ?, ?) ON CONFLICT (sha256) DO UPDATE SET size_bytes = excluded.size_bytes',
      [sha256, bytes.length, bytes],
    );
    return this.locate(sha256);
  }

  locate(sha256: string): string {
    return `db:${sha256}`;
  }

  async read(tx: SqlExecutor, sha256: string, size: number): Promise<Uint8Array | undefined> {
    const row = await tx.get('SELECT size_bytes, bytes FROM attachment_blobs WHERE sha256 = ?', [
      sha256,
    ]);
    if (row === undefined || !(row.bytes instanceof Uint8Array)) return undefined;
    if (num(row.size_bytes) !== size || row.bytes.length !== size) return undefined;
    return new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength);
  }

  /**
   * Row-locks the bytes before the "is it still used?" check: a save of the
   * same bytes either committed first (its row is seen) or waits for this
   * transaction and then writes the bytes again.
   */
  async lock(tx: SqlExecutor, sha256: string): Promise<void> {
    await tx.get('SELECT sha256 FROM attachment_blobs WHERE sha256 = ? FOR UPDATE', [sha256]);
  }

  async remove(tx: SqlExecutor, sha256: string): Promise<void> {
    await tx.run('DELETE FROM attachment_blobs WHERE sha256 = ?', [sha256]);
  }
}

function formatMb(n: number): string {
  return `${(n / 1_048_576).toFixed(n < 10_485_760 ? 1 : 0)} MB`;
}
