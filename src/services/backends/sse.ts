// SSE framing (eventsource-parser) plus the chunk decoder: text in, ChatEvents
// out. Comments (keep-alives) produce nothing and do not count as progress.
import { createParser, type EventSourceParser } from 'eventsource-parser';
import type { ChatEvent } from '../../domain/chat.js';
import { ChunkDecoder } from './stream-decoder.js';

export class SseChatStream {
  private readonly decoder = new ChunkDecoder();
  private readonly parser: EventSourceParser;
  private out: ChatEvent[] = [];
  /** Data events seen (keep-alive comments excluded). */
  dataEvents = 0;

  constructor() {
    this.parser = createParser({
      onEvent: (msg) => {
        this.dataEvents++;
        for (const ev of this.decoder.data(msg.data)) this.out.push(ev);
      },
    });
  }

  get done(): boolean {
    return this.decoder.done;
  }

  /** Feeds decoded text; returns the events it completed. */
  feed(text: string): ChatEvent[] {
    this.parser.feed(text);
    const events = this.out;
    this.out = [];
    return events;
  }

  /** The connection closed: flushes a last unterminated event, then completes or reports a cut. */
  end(): ChatEvent[] {
    this.parser.reset({ consume: true });
    const events = this.out;
    this.out = [];
    return [...events, ...this.decoder.end()];
  }
}
