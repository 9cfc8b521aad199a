import { describe, expect, it } from 'vitest';
import { HOSTILE } from '../../../test/fixtures/hostile.js';
import { isSafe, safeLinkTarget, sanitize } from './sanitize.js';

describe('sanitize', () => {
  it.each(HOSTILE)('makes %j inert', (input, want) => {
    const out = sanitize(input);
    expect(out).toBe(want);
    expect(isSafe(out)).toBe(true);
    for (let i = 0; i < out.length; i++) {
      const c = out.charCodeAt(i);
      expect(c < 0x20 || (c >= 0x7f && c <= 0x9f), `code ${c} at ${i}`).toBe(false);
    }
  });

  it('returns safe strings unchanged and turns tabs into spaces', () => {
    const s = 'plain 中文 😀';
    expect(sanitize(s)).toBe(s);
    expect(sanitize('a\tb')).toBe('a b');
  });

  it('accepts only printable http(s)/file/mailto link targets', () => {
    expect(safeLinkTarget('https://example.org/a?b=c')).toBe('https://example.org/a?b=c');
    expect(safeLinkTarget('https://x\x1b\\y')).toBeUndefined();
    expect(safeLinkTarget('https://x\x07')).toBeUndefined();
    expect(safeLinkTarget('javascript:alert(1)')).toBeUndefined();
    expect(safeLinkTarget('https://a b')).toBeUndefined();
  });
});
