// The interfaces services implement and the runtime and app depend on.
// Later issues add ChatBackend, SessionStore and Inventory here.
export type { Logger, LogFields, Level } from './log.js';
