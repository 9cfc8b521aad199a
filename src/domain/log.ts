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
