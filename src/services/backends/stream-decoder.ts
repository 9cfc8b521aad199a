// Turns the `data:` payloads of an OpenAI-style chat stream into ChatEvents.
// Pure and synchronous, so every split and every garbage input can be tested.
// Facts from mistral.rs 0.8.1 (shared/reference/mistralrs-http-api.md):
// - the last content delta, finish_reason and usage arrive in ONE chunk, so
//   every chunk's content is read, including the one carrying usage;
// - an error during streaming is a plain-text `data:` line (not JSON) before
//   `[DONE]`; OpenAI-style servers may send `{"error": {...}}` instead;
// - tool calls arrive as partial deltas keyed by `index`.
// The finish event is held back until `[DONE]` (or the end of the stream), so a
// usage chunk that follows finish_reason (OpenAI's include_usage) still comes first.
import type { ChatEvent, ChatUsage, FinishReason, ToolCall } from '../../domain/chat.js';

interface PartialCall {
  id: string;
  name: string;
  args: string;
}

type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;

/** Maps an OpenAI/mistral.rs `usage` object, keeping every mistral.rs timing. */
export function mapUsage(u: unknown): ChatUsage | undefined {
  if (!isObj(u)) return undefined;
  const prompt = num(u.prompt_tokens);
  const completion = num(u.completion_tokens);
  if (prompt === undefined && completion === undefined) return undefined;
  const out: { -readonly [K in keyof ChatUsage]: ChatUsage[K] } = {
    promptTokens: prompt ?? 0,
    completionTokens: completion ?? 0,
    totalTokens: num(u.total_tokens) ?? (prompt ?? 0) + (completion ?? 0),
    source: 'server',
  };
  const timings = [
    ['avg_tok_per_sec', 'avgTokPerSec'],
    ['avg_prompt_tok_per_sec', 'avgPromptTokPerSec'],
    ['avg_compl_tok_per_sec', 'avgComplTokPerSec'],
    ['total_time_sec', 'totalTimeSec'],
    ['total_prompt_time_sec', 'totalPromptTimeSec'],
    ['total_completion_time_sec', 'totalCompletionTimeSec'],
  ] as const;
  for (const [wire, key] of timings) {
    const v = num(u[wire]);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/** The readable message of an error body: `{message}`, `{error:{message}}`, `{error:"..."}` or text. */
export function errorMessageOf(body: string): string {
  const text = body.trim();
  try {
    const doc: unknown = JSON.parse(text);
    if (isObj(doc)) {
      if (typeof doc.message === 'string') return doc.message;
      if (isObj(doc.error) && typeof doc.error.message === 'string') return doc.error.message;
      if (typeof doc.error === 'string') return doc.error;
      if (typeof doc.detail === 'string') return doc.detail;
    }
  } catch {
    // plain text
  }
  return oneLine(text);
}

export function oneLine(text: string, max = 500): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export class ChunkDecoder {
  private readonly calls = new Map<number, PartialCall>();
  private finishReason: FinishReason | undefined;
  /** `[DONE]` seen, or an error ended the reply. */
  done = false;
  /** Data events decoded (for the stall detector and the benchmark). */
  dataEvents = 0;

  /** Decodes one `data:` payload. After `done`, everything is ignored. */
  data(payload: string): ChatEvent[] {
    if (this.done) return [];
    this.dataEvents++;
    const text = payload.trim();
    if (text === '[DONE]') return this.finish();
    if (text === '') return [];
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      this.done = true;
      if (text.startsWith('{') || text.startsWith('[')) {
        return [
          {
            type: 'error',
            error: {
              code: 'malformed',
              message: `malformed chunk from the server: ${oneLine(text, 120)}`,
            },
          },
        ];
      }
      // mistral.rs 0.8.1 sends a stream error as plain text before [DONE].
      return [{ type: 'error', error: { code: 'server', message: oneLine(text) } }];
    }
    if (!isObj(doc)) return this.malformed(text);
    if (doc.error !== undefined || (typeof doc.message === 'string' && doc.choices === undefined)) {
      this.done = true;
      return [{ type: 'error', error: { code: 'server', message: errorMessageOf(text) } }];
    }
    const out: ChatEvent[] = [];
    const choices = doc.choices;
    if (choices !== undefined && !Array.isArray(choices)) return this.malformed(text);
    const choice: unknown = Array.isArray(choices)
      ? (choices as unknown[]).find((c) => isObj(c) && (c.index === undefined || c.index === 0))
      : undefined;
    if (isObj(choice)) {
      const delta = isObj(choice.delta)
        ? choice.delta
        : isObj(choice.message)
          ? choice.message
          : {};
      const reasoning = delta.reasoning_content ?? delta.reasoning;
      if (typeof reasoning === 'string' && reasoning !== '') {
        out.push({ type: 'reasoning', text: reasoning });
      }
      if (typeof delta.content === 'string' && delta.content !== '') {
        out.push({ type: 'content', text: delta.content });
      }
      if (Array.isArray(delta.tool_calls)) this.addToolDeltas(delta.tool_calls as unknown[]);
      if (typeof choice.finish_reason === 'string' && choice.finish_reason !== '') {
        this.finishReason = choice.finish_reason;
      }
    }
    const usage = mapUsage(doc.usage);
    if (usage !== undefined) out.push({ type: 'usage', usage });
    return out;
  }

  /** The stream ended (connection closed). Completes the reply or reports it cut. */
  end(): ChatEvent[] {
    if (this.done) return [];
    if (this.finishReason !== undefined) return this.finish();
    this.done = true;
    return [
      {
        type: 'error',
        error: {
          code: 'cut',
          message: 'the server closed the connection before the reply was complete',
        },
      },
    ];
  }

  /** Tool calls assembled so far (for a reply cut short). */
  pendingCalls(): ToolCall[] {
    return [...this.calls.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, c]) => ({ index, id: c.id, name: c.name, arguments: c.args }));
  }

  private finish(): ChatEvent[] {
    this.done = true;
    const out: ChatEvent[] = this.pendingCalls().map((call) => ({ type: 'toolCall', call }));
    this.calls.clear();
    out.push({ type: 'finish', reason: this.finishReason ?? 'stop' });
    return out;
  }

  private malformed(text: string): ChatEvent[] {
    this.done = true;
    return [
      {
        type: 'error',
        error: {
          code: 'malformed',
          message: `malformed chunk from the server: ${oneLine(text, 120)}`,
        },
      },
    ];
  }

  private addToolDeltas(deltas: unknown[]): void {
    for (const [pos, d] of deltas.entries()) {
      if (!isObj(d)) continue;
      const index = num(d.index) ?? pos;
      let call = this.calls.get(index);
      if (call === undefined) {
        call = { id: '', name: '', args: '' };
        this.calls.set(index, call);
      }
      if (typeof d.id === 'string' && d.id !== '') call.id = d.id;
      const fn = isObj(d.function) ? d.function : undefined;
      if (fn !== undefined) {
        if (typeof fn.name === 'string') call.name += fn.name;
        if (typeof fn.arguments === 'string') call.args += fn.arguments;
        else if (isObj(fn.arguments)) call.args += JSON.stringify(fn.arguments);
      }
    }
  }
}
