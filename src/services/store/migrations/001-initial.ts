// Version 1: sessions, messages (a tree through parent_id), attachments, the
// models cache, settings, prompt templates and the full-text index. Times are
// ISO-8601 text and JSON is text in both dialects, so values round-trip exactly.
// parent_session_id is a soft link (no foreign key) so that a fork can be
// exported and imported without the session it came from.
import type { Migration } from './migration.js';

const ROLES = "('system', 'user', 'assistant', 'tool')";
const STATUSES = "('complete', 'streaming', 'interrupted', 'error', 'cancelled')";

function tables(real: string, big: string): string {
  return `
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL DEFAULT '',
  model_id TEXT,
  backend TEXT,
  started_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  tags TEXT NOT NULL DEFAULT '[]',
  token_count ${big} NOT NULL DEFAULT 0,
  settings TEXT NOT NULL DEFAULT '{}',
  parent_session_id TEXT,
  forked_from_message_id TEXT,
  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1))
);
CREATE INDEX sessions_by_updated ON sessions (archived, updated_at, id);
CREATE INDEX sessions_by_started ON sessions (started_at);
CREATE INDEX sessions_by_model ON sessions (model_id, updated_at);

CREATE TABLE messages (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  parent_id TEXT REFERENCES messages (id) ON DELETE SET NULL,
  role TEXT NOT NULL CHECK (role IN ${ROLES}),
  content TEXT NOT NULL DEFAULT '',
  reasoning TEXT,
  tool_calls TEXT,
  name TEXT,
  status TEXT NOT NULL DEFAULT 'complete' CHECK (status IN ${STATUSES}),
  error TEXT,
  model_id TEXT,
  prompt_tokens INTEGER,
  completion_tokens INTEGER,
  token_count INTEGER,
  ttft_ms ${real},
  latency_ms ${real},
  tokens_per_sec ${real},
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  writer TEXT
);
CREATE INDEX messages_by_session ON messages (session_id, id);
CREATE INDEX messages_by_parent ON messages (parent_id);
CREATE INDEX messages_streaming ON messages (status) WHERE status = 'streaming';

CREATE TABLE attachments (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  message_id TEXT REFERENCES messages (id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  mime TEXT NOT NULL,
  size_bytes ${big} NOT NULL,
  metadata TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL
);
CREATE INDEX attachments_by_session ON attachments (session_id, id);
CREATE INDEX attachments_by_message ON attachments (message_id);

CREATE TABLE models (
  id TEXT PRIMARY KEY,
  name TEXT,
  path TEXT,
  format TEXT,
  kind TEXT,
  size_bytes ${big},
  sha256 TEXT,
  last_used TEXT,
  capabilities TEXT NOT NULL DEFAULT '{}',
  updated_at TEXT NOT NULL
);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE templates (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ${ROLES}),
  body TEXT NOT NULL,
  description TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
`;
}

// External-content FTS5 tables over messages.content and sessions.title, kept
// in step by triggers (the rowid of each table is the join key).
const SQLITE_FTS = `
CREATE VIRTUAL TABLE messages_fts USING fts5 (
  content, content = 'messages', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
  INSERT INTO messages_fts (rowid, content) VALUES (new.rowid, new.content);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.rowid, old.content);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.rowid, old.content);
  INSERT INTO messages_fts (rowid, content) VALUES (new.rowid, new.content);
END;

CREATE VIRTUAL TABLE sessions_fts USING fts5 (
  title, content = 'sessions', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER sessions_fts_insert AFTER INSERT ON sessions BEGIN
  INSERT INTO sessions_fts (rowid, title) VALUES (new.rowid, new.title);
END;
CREATE TRIGGER sessions_fts_delete AFTER DELETE ON sessions BEGIN
  INSERT INTO sessions_fts (sessions_fts, rowid, title) VALUES ('delete', old.rowid, old.title);
END;
CREATE TRIGGER sessions_fts_update AFTER UPDATE OF title ON sessions BEGIN
  INSERT INTO sessions_fts (sessions_fts, rowid, title) VALUES ('delete', old.rowid, old.title);
  INSERT INTO sessions_fts (rowid, title) VALUES (new.rowid, new.title);
END;
`;

// Generated tsvector columns with GIN indexes; the 'simple' configuration
// (no stemming, no stop words) matches the SQLite tokenizer's behaviour.
const POSTGRES_FTS = `
ALTER TABLE messages ADD COLUMN search tsvector
  GENERATED ALWAYS AS (to_tsvector('simple', content)) STORED;
CREATE INDEX messages_search ON messages USING GIN (search);
ALTER TABLE sessions ADD COLUMN search tsvector
  GENERATED ALWAYS AS (to_tsvector('simple', title)) STORED;
CREATE INDEX sessions_search ON sessions USING GIN (search);
`;

export const initial: Migration = {
  version: 1,
  name: 'initial',
  sqlite: tables('REAL', 'INTEGER') + SQLITE_FTS,
  postgres: tables('DOUBLE PRECISION', 'BIGINT') + POSTGRES_FTS,
};
