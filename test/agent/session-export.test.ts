// Agent mode's calls, decisions and results kept with the session (issue 17):
// stored as the runtime stores them (a reply's tool_calls, then one `tool`
// message per call holding its record), they come back the same from the
// real SQLite store, through a JSONL export and import (exact), and read in
// the Markdown export.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { itemFromMessage } from '../../src/app/index.js';
import { parseSessionsJsonl, sessionToJsonl } from '../../src/services/export/jsonl.js';
import { sessionToMarkdown } from '../../src/services/export/markdown.js';
import { openStore } from '../../src/services/store/index.js';

const record = {
  callId: 'call-1',
  name: 'everything__echo',
  server: 'everything',
  tool: 'echo',
  arguments: '{\n  "message": "hi"\n}',
  hints: ['read-only'],
  state: 'denied',
  decision: { by: 'user', choice: 'deny', at: '2026-01-02T03:04:05.000Z', reason: 'not now' },
};

describe('tool calls kept with the session', () => {
  it('round-trip exactly through the store and JSONL, and read in Markdown', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mrt-agent-export-'));
    const store = await openStore({ kind: 'sqlite', path: path.join(dir, 'a.db') });
    const other = await openStore({ kind: 'sqlite', path: path.join(dir, 'b.db') });
    try {
      const s = await store.createSession({ title: 'tools', modelId: 'm', backend: 'local' });
      const user = await store.appendMessage({ sessionId: s.id, role: 'user', content: 'Echo hi' });
      const reply = await store.appendMessage({
        sessionId: s.id,
        parentId: user.id,
        role: 'assistant',
        content: '',
        toolCalls: [
          { index: 0, id: 'call-1', name: 'everything__echo', arguments: '{"message":"hi"}' },
        ],
      });
      const tool = await store.appendMessage({
        sessionId: s.id,
        parentId: reply.id,
        role: 'tool',
        content: 'The user denied this tool call; it was not run. Reason: not now',
        name: 'everything__echo',
        toolCalls: record,
      });
      const bundle = await store.exportSession(s.id);
      const jsonl = sessionToJsonl(bundle);
      const [back] = parseSessionsJsonl(jsonl);
      expect(back).toEqual(bundle);
      if (back === undefined) throw new Error('nothing parsed');
      await other.importSessions([back]);
      const again = await other.exportSession(s.id);
      expect(sessionToJsonl(again)).toBe(jsonl);
      // The app reads the card back from what was stored.
      const stored = again.messages.find((m) => m.id === tool.id);
      if (stored === undefined) throw new Error('tool message lost');
      expect(itemFromMessage(stored).tool).toEqual(record);
      const md = sessionToMarkdown(again);
      expect(md).toContain('### 3. Tool · everything__echo');
      expect(md).toContain('"reason": "not now"');
      expect(md).toContain('Tool call (agent mode):');
    } finally {
      await store.close();
      await other.close();
    }
  });
});
