import { describe, expect, it } from 'vitest';
import { LOG_LINES, type State } from '../types/state.js';
import { NOW, press, run, testState } from '../testing.js';
import { recordText, serverLevel, visibleEntries } from './logs.js';

const rec = (message: string, level: 'debug' | 'info' | 'warn' | 'error' = 'info') => ({
  at: NOW,
  level,
  message,
});

function withLines(n: number): State {
  const records = Array.from({ length: n }, (_, i) => rec(`line ${i}`));
  return run(testState(120, 40), press('alt+4'), { type: 'logRecords', records })[0];
}

describe('logs tab', () => {
  it('takes batches of records and server lines, level from the line, colours stripped', () => {
    const [s] = run(
      testState(),
      { type: 'logRecords', records: [rec('start'), rec('reply failed', 'warn')] },
      { type: 'serverLine', stream: 'stdout', text: '\u001b[32m WARN\u001b[0m engine: slow\n' },
      { type: 'serverLine', stream: 'stderr', text: '   ' },
    );
    expect(s.logs.lines.map((l) => [l.source, l.level, l.text])).toEqual([
      ['app', 'info', 'start'],
      ['app', 'warn', 'reply failed'],
      ['server', 'warn', ' WARN engine: slow'],
    ]);
    expect(s.logs.lines.map((l) => l.id)).toEqual([1, 2, 3]);
  });

  it('keeps at most LOG_LINES, dropping the oldest', () => {
    const s = withLines(LOG_LINES + 5);
    expect(s.logs.lines).toHaveLength(LOG_LINES);
    expect(s.logs.lines[0]?.text).toBe('line 5');
  });

  it('scrolling up stops following and new lines do not move the view; End resumes', () => {
    let [s] = run(withLines(10), press('k'), press('k'));
    expect(s.logs).toMatchObject({ follow: false, scroll: 2 });
    [s] = run(s, { type: 'logRecords', records: [rec('new 1'), rec('new 2')] });
    expect(s.logs.scroll).toBe(4);
    [s] = run(s, press('end'));
    expect(s.logs).toMatchObject({ follow: true, scroll: 0 });
    [s] = run(s, press('g'));
    expect(s.logs.scroll).toBe(11);
    [s] = run(s, press('pagedown'), press('pagedown'), press('pagedown'));
    expect(s.logs).toMatchObject({ follow: true, scroll: 0 });
  });

  it('l cycles the least level shown: info, warn, error, debug', () => {
    let [s] = run(testState(120, 40), press('alt+4'), {
      type: 'logRecords',
      records: [rec('d', 'debug'), rec('i'), rec('w', 'warn'), rec('e', 'error')],
    });
    const shown = () => visibleEntries(s).map((x) => x.text);
    expect(shown()).toEqual(['i', 'w', 'e']);
    [s] = run(s, press('l'));
    expect(shown()).toEqual(['w', 'e']);
    [s] = run(s, press('l'));
    expect(shown()).toEqual(['e']);
    [s] = run(s, press('l'));
    expect(shown()).toEqual(['d', 'i', 'w', 'e']);
  });

  it('/ filters by text (any case) through a dialog; c clears it', () => {
    let [s] = run(
      testState(120, 40),
      press('alt+4'),
      { type: 'logRecords', records: [rec('Reply failed'), rec('start')] },
      press('/'),
    );
    expect(s.overlay?.kind).toBe('dialog');
    [s] = run(s, ...Array.from('REPLY', (c) => press(c)), press('enter'));
    expect(s.overlay).toBeUndefined();
    expect(s.logs.query).toBe('REPLY');
    expect(visibleEntries(s).map((x) => x.text)).toEqual(['Reply failed']);
    [s] = run(s, press('c'));
    expect(visibleEntries(s)).toHaveLength(2);
  });

  it('n switches to the notifications of this run and back', () => {
    let [s] = run(testState(120, 40), press('alt+4'), {
      type: 'notice',
      level: 'warn',
      text: 'Not saved',
    });
    [s] = run(s, press('n'));
    expect(s.logs.view).toBe('notifications');
    expect(visibleEntries(s).map((x) => [x.level, x.text])).toEqual([['warn', 'Not saved']]);
    [s] = run(s, press('n'));
    expect(s.logs.view).toBe('logs');
  });

  it('writes a record as its message and fields', () => {
    expect(
      recordText({
        ...rec('reply failed'),
        fields: { code: 'server', n: 3, pid: 9, long: 'x'.repeat(400) },
      }),
    ).toBe(`reply failed code=server n=3 long=${'x'.repeat(300)}…`);
  });

  it('reads the level of a mistral.rs log line', () => {
    expect(serverLevel('2026-01-01T00:00:00Z  INFO mistralrs_core: ok')).toBe('info');
    expect(serverLevel('2026-01-01T00:00:00Z ERROR mistralrs: bad')).toBe('error');
    expect(serverLevel('2026-01-01T00:00:00Z DEBUG x')).toBe('debug');
    expect(serverLevel('plain output')).toBe('info');
  });
});
