// Measures one reply from its events: TTFT, decode and prompt speed, token
// counts (the server's usage preferred, our own delta count otherwise, and the
// result says which). Time comes from an injectable clock for tests.
import type { ChatEvent, ChatUsage } from '../../domain/chat.js';
import type { ReplyMeterPort } from '../../domain/ports.js';
import type { ReplyMetrics } from '../../domain/telemetry.js';

export class ReplyMeter implements ReplyMeterPort {
  private readonly startedAt: number;
  private firstAt: number | undefined;
  private lastAt: number | undefined;
  private deltas = 0;
  private usage: ChatUsage | undefined;

  constructor(
    private readonly contextLength?: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.startedAt = now();
  }

  observe(ev: ChatEvent): void {
    if (ev.type === 'content' || ev.type === 'reasoning') {
      const t = this.now();
      this.firstAt ??= t;
      this.lastAt = t;
      this.deltas++;
    } else if (ev.type === 'usage') {
      this.usage = ev.usage;
    }
  }

  finish(): ReplyMetrics {
    const end = this.now();
    const u = this.usage;
    const completion = u?.completionTokens ?? this.deltas;
    const out: { -readonly [K in keyof ReplyMetrics]: ReplyMetrics[K] } = {
      totalMs: end - this.startedAt,
      completionTokens: completion,
      tokenSource: u?.source ?? 'client',
      deltas: this.deltas,
    };
    if (this.firstAt !== undefined) out.ttftMs = this.firstAt - this.startedAt;
    if (u !== undefined) {
      out.server = u;
      out.promptTokens = u.promptTokens;
    }
    if (u?.avgComplTokPerSec !== undefined) {
      out.decodeTokPerSec = u.avgComplTokPerSec;
      out.decodeTokPerSecSource = 'server';
    } else if (
      this.firstAt !== undefined &&
      this.lastAt !== undefined &&
      this.lastAt > this.firstAt
    ) {
      // Tokens after the first, over the time since the first.
      out.decodeTokPerSec = ((completion - 1) * 1000) / (this.lastAt - this.firstAt);
      out.decodeTokPerSecSource = 'client';
    }
    if (u?.avgPromptTokPerSec !== undefined) out.promptTokPerSec = u.avgPromptTokPerSec;
    if (u !== undefined && this.contextLength !== undefined) {
      out.contextUsed = u.promptTokens + u.completionTokens;
      out.contextLength = this.contextLength;
    }
    return out;
  }
}

/** A one-line-per-figure report for `ask --stats`, each figure labelled with its source. */
export function formatReplyMetrics(m: ReplyMetrics): string[] {
  const lines: string[] = [];
  const ms = (v: number): string =>
    v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${Math.round(v)} ms`;
  lines.push(`time to first token: ${m.ttftMs !== undefined ? ms(m.ttftMs) : 'no token'} (client)`);
  lines.push(`total: ${ms(m.totalMs)} (client)`);
  if (m.decodeTokPerSec !== undefined) {
    lines.push(
      `decode: ${m.decodeTokPerSec.toFixed(1)} tokens/s (${m.decodeTokPerSecSource ?? 'client'})`,
    );
  }
  if (m.promptTokPerSec !== undefined)
    lines.push(`prompt: ${m.promptTokPerSec.toFixed(1)} tokens/s (server)`);
  const prompt = m.promptTokens !== undefined ? `${m.promptTokens} prompt + ` : '';
  lines.push(
    `tokens: ${prompt}${m.completionTokens} completion (${m.tokenSource === 'server' ? 'server usage' : 'counted by the client'})`,
  );
  if (m.server?.totalTimeSec !== undefined) {
    lines.push(
      `server time: ${m.server.totalTimeSec.toFixed(2)} s (prompt ${(m.server.totalPromptTimeSec ?? 0).toFixed(2)} s, completion ${(m.server.totalCompletionTimeSec ?? 0).toFixed(2)} s)`,
    );
  }
  if (m.contextUsed !== undefined && m.contextLength !== undefined) {
    lines.push(`context: ${m.contextUsed} / ${m.contextLength} tokens`);
  }
  return lines;
}
