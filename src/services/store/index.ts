// The session store (architecture §7): SQLite by default, PostgreSQL for a
// postgres:// URL. May import domain/ and config/ only. Entry points for the
// rest of the program; see docs/store.md.
export { openStore, inspectDatabase, type OpenOptions, type DatabaseInspection } from './open.js';
export { StreamWriter, type StreamWriterOptions } from './stream-writer.js';
export { LATEST_VERSION } from './migrations/index.js';
