// The logging port. Services and the runtime log through this interface; the
// file-backed implementation lives in services/log.

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug', 'trace'] as const;
export type Level = (typeof LOG_LEVELS)[number];

export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  error(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  trace(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` (e.g. a component name) to every line. */
  child(fields: LogFields): Logger;
  /** Writes anything buffered; safe to call from an exit handler. */
  flush(): void;
}

/** A logger that drops everything (tests, and commands that must not log). */
export const silentLogger: Logger = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
  trace: () => undefined,
  child: () => silentLogger,
  flush: () => undefined,
};

/** A record as the logger wrote it (redacted), for live viewers such as the logs tab. */
export interface LogRecord {
  /** ISO time. */
  readonly time: string;
  readonly level: Level;
  readonly msg: string;
  readonly fields: LogFields;
}

/** The logger's recent records and each new one as it is written. */
export interface LogFeed {
  /** The last records written, oldest first (those before anyone subscribed). */
  recent(): readonly LogRecord[];
  /** Calls `fn` with each record written from now on; returns the unsubscribe. */
  subscribe(fn: (r: LogRecord) => void): () => void;
}
