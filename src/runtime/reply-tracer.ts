// What the inspector shows of each reply: the request sent and the events
// received (the first and the last few, and counts by type), kept in memory only.
import type { ReplyTrace, TracedEvent } from '../app/index.js';
import type { ChatEvent, ChatMessage, ContentPart, SamplingSettings } from '../domain/chat.js';

/** Events kept from the start and from the end of a reply. */
const KEEP = 20;
/** Characters of an event's payload kept. */
const TEXT = 120;

function short(ev: ChatEvent): string {
  switch (ev.type) {
    case 'content':
    case 'reasoning':
      return JSON.stringify(ev.text);
    case 'toolCall':
      return JSON.stringify(ev.call);
    case 'toolActivity':
      return `${ev.phase} ${ev.name ?? ''}`.trim();
    case 'webSearch':
      return ev.phase;
    case 'loading':
      return ev.message;
    case 'usage':
      return JSON.stringify(ev.usage);
    case 'finish':
      return ev.reason;
    case 'error':
      return `${ev.error.code}: ${ev.error.message}`;
  }
}

/** Bytes a base64 text holds. */
const decodedSize = (b64: string): number =>
  Math.floor((b64.length * 3) / 4) - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0);

function sizeText(n: number): string {
  return n < 1024
    ? `${n} B`
    : n < 1024 * 1024
      ? `${Math.round(n / 1024)} KB`
      : `${(n / 1048576).toFixed(1)} MB`;
}

/** A message's parts as the inspector shows them: the text, and each image or sound by mime and size (never the base64). */
export function partsText(parts: readonly ContentPart[]): string {
  return parts
    .map((p) =>
      p.type === 'text' ? p.text : `[${p.type} ${p.mime} ${sizeText(decodedSize(p.base64))}]`,
    )
    .join('\n');
}

/** Records one reply's request and events for the inspector. */
export class ReplyTracer {
  private readonly started = Date.now();
  private readonly first: TracedEvent[] = [];
  private last: TracedEvent[] = [];
  private readonly counts: Record<string, number> = {};
  private total = 0;

  constructor(
    private readonly model: string,
    private readonly messages: readonly ChatMessage[],
    private readonly sampling: SamplingSettings | undefined,
    private readonly sentAt: string = new Date().toISOString(),
  ) {}

  observe(ev: ChatEvent): void {
    this.total++;
    this.counts[ev.type] = (this.counts[ev.type] ?? 0) + 1;
    const t = short(ev);
    const rec: TracedEvent = {
      ms: Date.now() - this.started,
      type: ev.type,
      text: t.length > TEXT ? `${t.slice(0, TEXT - 1)}…` : t,
    };
    if (this.first.length < KEEP) this.first.push(rec);
    else {
      this.last.push(rec);
      if (this.last.length > KEEP * 2) this.last = this.last.slice(-KEEP);
    }
  }

  trace(): ReplyTrace {
    return {
      model: this.model,
      messages: this.messages.map((m) => ({
        role: m.role,
        content: typeof m.content === 'string' ? m.content : partsText(m.content),
      })),
      ...(this.sampling !== undefined ? { sampling: { ...this.sampling } } : {}),
      sentAt: this.sentAt,
      first: [...this.first],
      last: this.last.slice(-KEEP),
      counts: { ...this.counts },
      total: this.total,
    };
  }
}
