// `mistralrs-tui ask`: one reply streamed to stdout, metrics to stderr with
// --stats, the exchange saved as a session when the store opens. Failures are
// one line on stderr and a non-zero exit; Ctrl+C cancels the request cleanly.
import type { Effective } from '../config/effective.js';
import type { ChatBackend } from '../domain/backend.js';
import type {
  BackendErrorInfo,
  ChatMessage,
  ChatUsage,
  FinishReason,
  ToolCall,
} from '../domain/chat.js';
import type { SessionStore } from '../domain/store.js';
import { storedMetrics, type ReplyMetrics } from '../domain/telemetry.js';

export interface AskOptions {
  readonly prompt?: string;
  readonly system?: string;
  readonly json: boolean;
  readonly stats: boolean;
  readonly save: boolean;
  readonly maxTokens?: number;
}

export interface AskIo {
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
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
  const { createBackend } = await import('../services/backends/index.js');
  const { ReplyMeter, formatReplyMetrics } = await import('../services/telemetry/reply-meter.js');
  let backend: ChatBackend;
  try {
    backend = createBackend(effective.backendName, effective.backend, { env: io.env });
  } catch (err) {
    io.stderr.write(`mistralrs-tui: ${(err as Error).message}\n`);
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
  const meter = new ReplyMeter();
  const reply: Reply = { text: '', reasoning: '', toolCalls: [] };
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
          if (!opts.json) {
            io.stdout.write(ev.text);
            wroteText = true;
          }
          break;
        case 'reasoning':
          reply.reasoning += ev.text;
          break;
        case 'toolCall':
          reply.toolCalls.push(ev.call);
          break;
        case 'loading':
          if (!opts.json) io.stderr.write(`mistralrs-tui: loading — ${ev.message}\n`);
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
  } finally {
    process.off('SIGINT', onSigint);
    await backend.close?.().catch(() => undefined);
  }
  const metrics = meter.finish();
  if (!opts.json && wroteText && !reply.text.endsWith('\n')) io.stdout.write('\n');
  const cancelled = reply.finish === 'cancelled';
  if (opts.json) {
    io.stdout.write(
      `${JSON.stringify({
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
  if (opts.save) await save(io, effective, model, messages, reply, metrics);
  if (reply.error !== undefined) {
    io.stderr.write(`mistralrs-tui: ${reply.error.message}\n`);
    return 1;
  }
  if (cancelled) {
    io.stderr.write('mistralrs-tui: cancelled\n');
    return EXIT_CANCELLED;
  }
  return 0;
}

async function save(
  io: AskIo,
  effective: Effective,
  model: string,
  messages: readonly ChatMessage[],
  reply: Reply,
  m: ReplyMetrics,
): Promise<void> {
  let store: SessionStore | undefined;
  try {
    const { openStore } = await import('../services/store/index.js');
    store = await openStore(effective.database);
    const first = messages.at(-1)?.content;
    const title =
      typeof first === 'string' ? first.replace(/\s+/g, ' ').trim().slice(0, 60) : 'ask';
    const session = await store.createSession({
      title,
      modelId: model,
      backend: effective.backendName,
      tags: ['ask'],
    });
    let parentId: string | null = null;
    for (const msg of messages) {
      const saved = await store.appendMessage({
        sessionId: session.id,
        parentId,
        role: msg.role === 'tool' ? 'tool' : msg.role,
        content: typeof msg.content === 'string' ? msg.content : '',
      });
      parentId = saved.id;
    }
    await store.appendMessage({
      sessionId: session.id,
      parentId,
      role: 'assistant',
      content: reply.text,
      reasoning: reply.reasoning !== '' ? reply.reasoning : null,
      toolCalls: reply.toolCalls.length > 0 ? reply.toolCalls.map((c) => ({ ...c })) : null,
      status:
        reply.error !== undefined
          ? 'error'
          : reply.finish === 'cancelled'
            ? 'cancelled'
            : 'complete',
      error: reply.error?.message ?? null,
      modelId: model,
      ...storedMetrics(m),
    });
  } catch (err) {
    // The reply was shown; a store problem must not turn it into a failure.
    io.stderr.write(`mistralrs-tui: the exchange was not saved: ${(err as Error).message}\n`);
  } finally {
    await store?.close().catch(() => undefined);
  }
}
