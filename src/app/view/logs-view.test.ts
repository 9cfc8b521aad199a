// The logs tab drawn into a buffer and read back as text.
import { describe, expect, it } from 'vitest';
import { Buffer, DARK_THEME, rect } from '../../tui/index.js';
import type { Action } from '../types/actions.js';
import type { State } from '../types/state.js';
import { NOW, press, stateAfter, testState } from '../testing.js';
import { drawLogsTab } from './logs-view.js';

function tab(draw: typeof drawLogsTab, s: State, width: number, height: number): string[] {
  const buf = Buffer.sized(width, height);
  draw(buf, rect(0, 0, width, height), s, DARK_THEME, true);
  return Array.from({ length: height }, (_, y) => buf.rowText(y).trimEnd());
}

describe('logs tab', () => {
  const records: Action = {
    type: 'logRecords',
    records: [
      { at: '2026-01-02T03:04:05.000Z', level: 'info', message: 'start', fields: { v: 1 } },
      {
        at: '2026-01-02T03:04:06.000Z',
        level: 'warn',
        message: 'reply failed because the server closed the connection early',
      },
    ],
  };

  it('shows entries newest last, wrapped and indented, with the header', () => {
    const s = stateAfter(testState(120, 40), press('alt+4'), records, {
      type: 'serverLine',
      stream: 'stdout',
      text: 'INFO engine: ready',
    });
    const rows = tab(drawLogsTab, s, 34, 8);
    expect(rows[0]).toMatch(/^ logs notices {2}≥info +following$/);
    expect(rows.slice(1, 6)).toEqual([
      ' 03:04:05 I start v=1',
      ' 03:04:06 W reply failed because',
      '   the server closed the',
      '   connection early',
      ' 03:04:05 I ▸ INFO engine: ready',
    ]);
  });

  it('Home shows the oldest lines from the top, the newer ones below them', () => {
    const many: Action = {
      type: 'logRecords',
      records: Array.from({ length: 20 }, (_, i) => ({
        at: NOW,
        level: 'info' as const,
        message: `line ${i}`,
      })),
    };
    const s = stateAfter(testState(120, 40), press('alt+4'), many, press('home'));
    const rows = tab(drawLogsTab, s, 34, 6);
    expect(rows[0]).toContain('paused');
    expect(rows.slice(1)).toEqual([
      ' 03:04:05 I line 0',
      ' 03:04:05 I line 1',
      ' 03:04:05 I line 2',
      ' 03:04:05 I line 3',
      ' 03:04:05 I line 4',
    ]);
    const end = stateAfter(s, press('end'));
    expect(tab(drawLogsTab, end, 34, 6).at(-1)).toBe(' 03:04:05 I line 19');
  });

  it('paused when scrolled up; the filter line counts matches', () => {
    let s = stateAfter(testState(120, 40), press('alt+4'), records, press('k'));
    expect(tab(drawLogsTab, s, 34, 8)[0]).toContain('paused · End');
    s = { ...s, logs: { ...s.logs, query: 'SERVER' } };
    const rows = tab(drawLogsTab, s, 34, 8);
    expect(rows[1]).toBe(' /SERVER  1 match');
  });

  it('the notifications view and empty states', () => {
    let s = stateAfter(testState(120, 40), press('alt+4'), press('n'));
    expect(tab(drawLogsTab, s, 34, 6)[1]).toBe(' No notifications yet.');
    s = stateAfter(s, { type: 'notice', level: 'error', text: 'Not saved: disk full' });
    expect(tab(drawLogsTab, s, 34, 6)[1]).toBe(' 03:04:05 E Not saved: disk full');
  });
});
