import { describe, expect, it } from 'vitest';
import { ReplyTracer, partsText } from './reply-tracer.js';

describe('the inspector trace of a request with attachments', () => {
  it('shows each part by type, mime and size, never the base64', () => {
    const base64 = Buffer.alloc(3000, 7).toString('base64');
    const text = partsText([
      { type: 'text', text: 'what is this?' },
      { type: 'image', mime: 'image/png', base64 },
      { type: 'audio', mime: 'audio/wav', base64: Buffer.alloc(10).toString('base64') },
    ]);
    expect(text).toBe('what is this?\n[image image/png 3 KB]\n[audio audio/wav 10 B]');
    const trace = new ReplyTracer(
      'm',
      [{ role: 'user', content: [{ type: 'image', mime: 'image/png', base64 }] }],
      undefined,
    ).trace();
    expect(trace.messages[0]?.content).toBe('[image image/png 3 KB]');
    expect(JSON.stringify(trace)).not.toContain(base64.slice(0, 40));
  });
});
