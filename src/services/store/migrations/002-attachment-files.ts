// Version 2: attachments get the name shown to the user and their origin
// (attached, generated, tool). On PostgreSQL the bytes live in the database,
// one row per sha256 shared by every attachment with those bytes (a team's
// machines do not share a disk); on SQLite they are files beside the database
// (docs/attachments.md). Existing sessions and attachments are kept as they are.
import type { Migration } from './migration.js';

const COLUMNS = `
ALTER TABLE attachments ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE attachments ADD COLUMN origin TEXT NOT NULL DEFAULT 'attached'
  CHECK (origin IN ('attached', 'generated', 'tool'));
CREATE INDEX attachments_by_sha256 ON attachments (sha256);
`;

export const attachmentFiles: Migration = {
  version: 2,
  name: 'attachment files',
  sqlite: COLUMNS,
  postgres: `${COLUMNS}
CREATE TABLE attachment_blobs (
  sha256 TEXT PRIMARY KEY,
  size_bytes BIGINT NOT NULL,
  bytes BYTEA NOT NULL
);
`,
};
