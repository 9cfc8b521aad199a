// Structured JSON-lines log file with size-capped rotation. Lines are buffered
// and written in batches (one write per event-loop turn at most), and flushed
// synchronously on exit, so logging never blocks a frame and loses nothing.
import fs from 'node:fs';
import path from 'node:path';
import {
  LOG_LEVELS,
  type Level,
  type LogFields,
  type LogRecord,
  type Logger,
} from '../../domain/log.js';
import { Redactor } from './redact.js';

export interface FileLoggerOptions {
  readonly file: string;
  readonly level: Level;
  readonly maxBytes: number;
  readonly maxFiles: number;
  readonly secrets?: Iterable<string | undefined>;
  /** Injected for tests. */
  readonly now?: () => Date;
  /** Also receives every record written (the TUI's logs tab; see tail.ts). */
  readonly tail?: { push(r: LogRecord): void };
}

class FileSink {
  private buffer: string[] = [];
  private scheduled = false;
  private size: number;
  private fd: number | undefined;

  constructor(private readonly opts: FileLoggerOptions) {
    fs.mkdirSync(path.dirname(opts.file), { recursive: true });
    this.size = fileSize(opts.file);
  }

  write(line: string): void {
    this.buffer.push(line);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.flush();
      });
    }
  }

  flush(): void {
    this.scheduled = false;
    if (this.buffer.length === 0) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    const bytes = Buffer.byteLength(chunk);
    if (this.size > 0 && this.size + bytes > this.opts.maxBytes) this.rotate();
    this.fd ??= fs.openSync(this.opts.file, 'a', 0o600);
    fs.writeSync(this.fd, chunk);
    this.size += bytes;
  }

  private rotate(): void {
    if (this.fd !== undefined) {
      fs.closeSync(this.fd);
      this.fd = undefined;
    }
    const { file, maxFiles } = this.opts;
    fs.rmSync(`${file}.${maxFiles}`, { force: true });
    for (let i = maxFiles - 1; i >= 1; i--) {
      if (fs.existsSync(`${file}.${i}`)) fs.renameSync(`${file}.${i}`, `${file}.${i + 1}`);
    }
    if (fs.existsSync(file)) fs.renameSync(file, `${file}.1`);
    this.size = 0;
  }

  close(): void {
    this.flush();
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

class JsonLogger implements Logger {
  constructor(
    private readonly sink: FileSink,
    private readonly threshold: number,
    private readonly redactor: Redactor,
    private readonly base: LogFields,
    private readonly now: () => Date,
    private readonly tail: FileLoggerOptions['tail'],
  ) {}

  private log(level: Level, message: string, fields?: LogFields): void {
    if (LOG_LEVELS.indexOf(level) > this.threshold) return;
    const time = this.now().toISOString();
    const msg = this.redactor.text(message);
    const rest = this.redactor.value({ ...this.base, ...fields }) as Record<string, unknown>;
    this.sink.write(`${JSON.stringify({ time, level, msg, ...rest })}\n`);
    this.tail?.push({ time, level, msg, fields: rest });
  }

  error(message: string, fields?: LogFields): void {
    this.log('error', message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.log('warn', message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.log('info', message, fields);
  }
  debug(message: string, fields?: LogFields): void {
    this.log('debug', message, fields);
  }
  trace(message: string, fields?: LogFields): void {
    this.log('trace', message, fields);
  }
  child(fields: LogFields): Logger {
    return new JsonLogger(
      this.sink,
      this.threshold,
      this.redactor,
      { ...this.base, ...fields },
      this.now,
      this.tail,
    );
  }
  flush(): void {
    this.sink.flush();
  }
}

export interface ClosableLogger extends Logger {
  close(): void;
}

/** Opens the log file (creating its folder). Throws if the folder cannot be created. */
export function createFileLogger(opts: FileLoggerOptions): ClosableLogger {
  const sink = new FileSink(opts);
  const logger = new JsonLogger(
    sink,
    LOG_LEVELS.indexOf(opts.level),
    new Redactor(opts.secrets),
    { pid: process.pid },
    opts.now ?? (() => new Date()),
    opts.tail,
  );
  return Object.assign(logger, {
    close: () => {
      sink.close();
    },
  });
}
