import { describe, expect, it } from 'vitest';
import { DARK_THEME, type Line } from '../../tui/index.js';
import type { ToolRecord } from '../types/agent.js';
import type { ChatItem } from '../types/state.js';
import { RESULT_PREVIEW, replyCallRows, toolCardRows } from './tool-card.js';

const text = (lines: readonly Line[]): string =>
  lines.map((l) => l.spans.map((s) => s.content).join('')).join('\n');

const record: ToolRecord = {
  callId: 'c1',
  name: 'fs__write_file',
  server: 'fs',
  tool: 'write_file',
  arguments: '{\n  "path": "/tmp/x",\n  "content": "hello"\n}',
  hints: ['destructive'],
  state: 'done',
  decision: { by: 'user', choice: 'deny', at: '2026-01-02T03:04:05.000Z', reason: 'not there' },
};
const item = (r: ToolRecord, open = false): ChatItem => ({
  id: 't',
  role: 'tool',
  content: '',
  status: 'complete',
  createdAt: '2026-01-02T03:04:05.000Z',
  tool: r,
  ...(open ? { toolOpen: true } : {}),
});

describe('call cards', () => {
  it('show server, tool, hints, the decision and the complete arguments', () => {
    const r = { ...record, state: 'denied' as const };
    const out = text(toolCardRows(item(r), r, 60, DARK_THEME));
    expect(out).toContain('⚙ fs · write_file [destructive]  ⊘ denied');
    expect(out).toContain('denied by you at');
    expect(out).toContain(': not there');
    expect(out).toContain('"content": "hello"');
  });

  it('fold a long result to a few lines until opened', () => {
    const body = Array.from({ length: 10 }, (_, i) => `line ${i}`).join('\n');
    const r: ToolRecord = {
      ...record,
      result: { parts: [{ kind: 'text', text: body }], isError: false },
    };
    const folded = text(toolCardRows(item(r), r, 60, DARK_THEME));
    expect(folded).toContain('▸ result · 10 lines');
    expect(folded).toContain(`line ${RESULT_PREVIEW - 1}`);
    expect(folded).not.toContain('line 9');
    const open = text(toolCardRows(item(r, true), r, 60, DARK_THEME));
    expect(open).toContain('▾ result');
    expect(open).toContain('line 9');
  });

  it('make escape sequences in a result inert', () => {
    const hostile = 'red \x1b[31mtext\x1b[0m \x1b]52;c;cHduZWQ=\x07 bell\x07';
    const r: ToolRecord = {
      ...record,
      result: { parts: [{ kind: 'text', text: hostile }], isError: false },
    };
    const out = text(toolCardRows(item(r), r, 80, DARK_THEME));
    // The engine's wrapping sanitizes: no ESC or BEL reaches a cell.
    const cells = toolCardRows(item(r), r, 80, DARK_THEME)
      .flatMap((l) => l.spans)
      .map((s) => s.content)
      .join('');
    expect(out).toContain('red');
    expect(cells.includes('\x1b[31m') || cells.includes('\x1b]52')).toBe(false);
  });

  it('show a progress bar while running', () => {
    const r: ToolRecord = { ...record, state: 'running', progress: { progress: 2, total: 4 } };
    expect(text(toolCardRows(item(r), r, 60, DARK_THEME))).toMatch(/█+░+ 2\/4/);
  });
});

describe('tool calls in a reply bubble', () => {
  it('name each call with its arguments and say what happened, also with agent mode off', () => {
    const calls = [{ name: 'search', arguments: '{"q": "x"}' }];
    const off = text(replyCallRows(calls, false, 200, DARK_THEME));
    expect(off).toContain('→ calls search {"q": "x"}');
    expect(off).toContain('agent mode is off (--agent), so this app ran none');
    expect(text(replyCallRows(calls, true, 80, DARK_THEME))).toContain('its card below');
  });
});

describe('the inspector of a tool message', () => {
  it('shows the call record (decision, arguments, result) and the text the model got', async () => {
    const { inspectorLines } = await import('./inspector-rows.js');
    const { testState } = await import('../testing.js');
    const r: ToolRecord = { ...record, state: 'denied' };
    const it = { ...item(r), content: 'The user denied this tool call; it was not run.' };
    const out = text(inspectorLines(testState(), 0, it, DARK_THEME));
    expect(out).toContain('Tool call (agent mode): decision, arguments, result');
    expect(out).toContain('"reason": "not there"');
    expect(out).toContain('Text sent to the model');
    expect(out).toContain('The user denied this tool call; it was not run.');
  });
});
