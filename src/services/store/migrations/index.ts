// The schema's history. Each migration is applied once, in order, inside the
// same transaction as the others pending and the row recording it. Never edit
// a released migration: add the next version.
import { initial } from './001-initial.js';
import { attachmentFiles } from './002-attachment-files.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';

export const MIGRATIONS: readonly Migration[] = [initial, attachmentFiles];

export const LATEST_VERSION = MIGRATIONS.reduce((v, m) => Math.max(v, m.version), 0);
