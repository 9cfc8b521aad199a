// `mistralrs-tui ask`: one reply streamed to stdout, metrics to stderr with
// --stats, the exchange saved as a session as it streams (ask-record.ts).
// On a terminal the reply is made inert (inert.ts) unless --raw; a pipe gets
// the bytes unchanged. Failures are one line on stderr and a non-zero exit;
// Ctrl+C cancels the request cleanly.
import type { Effective } from '../config/effective.js';
import type { ChatBackend } from '../domain/backend.js';
import type {
  BackendErrorInfo,
  ChatMessage,
  ChatUsage,
  FinishReason,
  ToolCall,
} from '../domain/chat.js';
import { storedMetrics } from '../domain/telemetry.js';
import { startRecord, type AskRecord } from './ask-record.js';
import { inert, InertStream, jsonText } from './inert.js';

export interface AskOptions {
  readonly prompt?: string;
  readonly system?: string;
  readonly json: boolean;
  readonly stats: boolean;
  readonly save: boolean;
  /** Write the reply as received even on a terminal. */
  readonly raw?: boolean;
  readonly maxTokens?: number;
}

interface Writable {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface AskIo {
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Exit codes: 0 reply complete, 1 failure, 2 usage (no prompt), 130 cancelled by Ctrl+C. */
export const EXIT_CANCELLED = 130;

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(parts).toString('utf8');
}

interface Reply {
  text: string;
  reasoning: string;
  toolCalls: ToolCall[];
  usage?: ChatUsage;
  finish?: FinishReason;
  error?: BackendErrorInfo;
}

export async function runAsk(io: AskIo, effective: Effective, opts: AskOptions): Promise<number> {
  let prompt = opts.prompt;
  if (prompt === undefined && io.stdin.isTTY !== true) prompt = await readAll(io.stdin);
  if (prompt === undefined || prompt.trim() === '') {
    io.stderr.write(
      'mistralrs-tui: no prompt — give it as an argument (ask "Say hi") or on stdin (echo hi | mistralrs-tui ask)\n',
    );
    return 2;
  }
  // Messages from outside (a server's error, a config value) are inert on a terminal too.
  const warn = (message: string): void => {
    io.stderr.write(`mistralrs-tui: ${io.stderr.isTTY === true ? inert(message) : message}\n`);
  };
  const { createBackend } = await import('../services/backends/index.js');
  const { ReplyMeter, formatReplyMetrics } = await import('../services/telemetry/reply-meter.js');
  let backend: ChatBackend;
  try {
    backend = createBackend(effective.backendName, effective.backend, { env: io.env });
  } catch (err) {
    warn((err as Error).message);
    return 1;
  }
  const model = effective.backend.model ?? 'default';
  const messages: ChatMessage[] = [];
  if (opts.system !== undefined) messages.push({ role: 'system', content: opts.system });
  messages.push({ role: 'user', content: prompt });

  const ac = new AbortController();
  const onSigint = (): void => {
    ac.abort();
  };
  process.on('SIGINT', onSigint);
  // Saved before the request goes out, so a kill at any point keeps the prompt.
  const record: AskRecord | undefined = opts.save
    ? await startRecord(effective, model, messages, warn)
    : undefined;
  const meter = new ReplyMeter();
  const reply: Reply = { text: '', reasoning: '', toolCalls: [] };
  const shown = io.stdout.isTTY === true && opts.raw !== true ? new InertStream() : undefined;
  let wroteText = false;
  try {
    const events = backend.streamChat(
      {
        model,
        messages,
        sampling: { maxTokens: opts.maxTokens ?? effective.config.chat.max_tokens },
      },
      ac.signal,
    );
    for await (const ev of events) {
      meter.observe(ev);
      switch (ev.type) {
        case 'content':
          reply.text += ev.text;
          record?.push({ content: ev.text });
          if (!opts.json) {
            io.stdout.write(shown !== undefined ? shown.write(ev.text) : ev.text);
            wroteText = true;
          }
          break;
        case 'reasoning':
          reply.reasoning += ev.text;
          record?.push({ reasoning: ev.text });
          break;
        case 'toolCall':
          reply.toolCalls.push(ev.call);
          break;
        case 'loading':
          if (!opts.json) warn(`loading — ${ev.message}`);
          break;
        case 'usage':
          reply.usage = ev.usage;
          break;
        case 'finish':
          reply.finish = ev.reason;
          break;
        case 'error':
          reply.error = ev.error;
          break;
        default:
          break;
      }
    }
  } catch (err) {
    await record?.finish({ status: 'error', error: (err as Error).message });
    throw err;
  } finally {
    process.off('SIGINT', onSigint);
    await backend.close?.().catch(() => undefined);
  }
  const metrics = meter.finish();
  if (shown !== undefined && !opts.json) io.stdout.write(shown.end());
  if (!opts.json && wroteText && !reply.text.endsWith('\n')) io.stdout.write('\n');
  const cancelled = reply.finish === 'cancelled';
  if (opts.json) {
    io.stdout.write(
      `${jsonText({
        backend: effective.backendName,
        model,
        text: reply.text,
        ...(reply.reasoning !== '' ? { reasoning: reply.reasoning } : {}),
        ...(reply.toolCalls.length > 0 ? { toolCalls: reply.toolCalls } : {}),
        finish: reply.finish ?? null,
        error: reply.error ?? null,
        metrics,
      })}\n`,
    );
  }
  if (opts.stats) for (const line of formatReplyMetrics(metrics)) io.stderr.write(`${line}\n`);
  await record?.finish({
    status: reply.error !== undefined ? 'error' : cancelled ? 'cancelled' : 'complete',
    error: reply.error?.message ?? null,
    ...(reply.toolCalls.length > 0 ? { toolCalls: reply.toolCalls.map((c) => ({ ...c })) } : {}),
    ...storedMetrics(metrics),
  });
  if (reply.error !== undefined) {
    warn(reply.error.message);
    return 1;
  }
  if (cancelled) {
    io.stderr.write('mistralrs-tui: cancelled\n');
    return EXIT_CANCELLED;
  }
  return 0;
}
