import { describe, expect, it } from 'vitest';
import {
  HOSTILE,
  hostileText,
  hostileTextInert,
  rawSequences,
} from '../../test/fixtures/hostile.js';
import { sanitize } from '../tui/text/sanitize.js';
import { inert, InertStream, jsonText } from './inert.js';

describe('inert', () => {
  it.each(HOSTILE)('shows %j as the TUI does', (input, want) => {
    expect(inert(input)).toBe(want);
    expect(inert(input)).toBe(sanitize(input));
  });

  it('keeps line breaks and tabs, drops carriage returns', () => {
    expect(inert('a\tb\r\nc\rd\n')).toBe('a\tb\ncd\n');
    expect(inert(hostileText())).toBe(hostileTextInert());
    expect(rawSequences(inert(hostileText()))).toEqual([]);
  });

  it('returns plain text unchanged', () => {
    const s = 'plain 中文 😀\n\tindented';
    expect(inert(s)).toBe(s);
  });
});

describe('InertStream', () => {
  const whole = `${hostileText()}\nemoji 😀 end`;
  const run = (pieces: readonly string[]): string => {
    const s = new InertStream();
    return pieces.map((p) => s.write(p)).join('') + s.end();
  };

  it('gives the same text however the stream is cut: no partial sequence, nothing lost', () => {
    const want = inert(whole);
    for (let i = 0; i <= whole.length; i++) {
      expect(run([whole.slice(0, i), whole.slice(i)]), `cut at ${i}`).toBe(want);
    }
    expect(run([...whole.split('')])).toBe(want);
  });

  it('never writes half a surrogate pair, and a lone one at the end becomes U+FFFD', () => {
    const s = new InertStream();
    expect(s.write('a\ud83d')).toBe('a');
    expect(s.write('\ude00b')).toBe('😀b');
    expect(s.write('\ud83d')).toBe('');
    expect(s.end()).toBe('\ufffd');
  });
});

describe('jsonText', () => {
  it('is the same JSON value with nothing left that a terminal acts on', () => {
    const value = { text: hostileText(), list: HOSTILE.map(([i]) => i) };
    const json = jsonText(value, 2);
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(value)));
    expect(rawSequences(json)).toEqual([]);
    expect(json).toContain('\\u009b31m');
    expect(json).toContain('\\u202e');
  });
});
