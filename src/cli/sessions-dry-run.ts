// The session store's part of `--dry-run`: what opening the database would
// find and do (schema version, pending migrations, the backup it would make),
// found without changing anything.
import type { DatabaseTarget } from '../config/effective.js';
import { StoreError } from '../domain/store.js';
import { inspectDatabase } from '../services/store/index.js';

export interface StoreCheck {
  readonly ok: boolean;
  readonly message: string;
  readonly schemaVersion?: number;
  readonly latestVersion?: number;
  readonly pendingMigrations?: readonly string[];
}

export async function checkStore(target: DatabaseTarget): Promise<StoreCheck> {
  try {
    const i = await inspectDatabase(target);
    const facts = {
      schemaVersion: i.schemaVersion,
      latestVersion: i.latest,
      pendingMigrations: i.pending,
    };
    if (!i.exists) {
      return {
        ok: true,
        message: `will be created at start-up with schema version ${i.latest} (migrations: ${i.pending.join(', ')})`,
        ...facts,
      };
    }
    if (i.pending.length === 0) {
      return { ok: true, message: `schema version ${i.schemaVersion}, up to date`, ...facts };
    }
    const backup =
      target.kind === 'sqlite' && i.schemaVersion > 0
        ? `, after copying the file to ${target.path}.bak-${i.schemaVersion}`
        : '';
    return {
      ok: true,
      message: `schema version ${i.schemaVersion}; start-up will apply pending migrations ${i.pending.join(', ')}${backup}`,
      ...facts,
    };
  } catch (err) {
    if (err instanceof StoreError) return { ok: false, message: err.message };
    throw err;
  }
}
