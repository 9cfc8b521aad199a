import { describe, expect, it } from 'vitest';
import { locate, locateKeys } from './locate.js';

const doc = `# comment
title = "x"
[ui]
  theme = 'dark'
[backends.local]
url = "http://a"
"quoted key" = 1
a.b.c = true
note = """
fake = 1
"""
after = 2
[[rules]]
x = 1
[[rules]]
x = 2
`;

describe('locateKeys', () => {
  const index = locateKeys(doc);
  it('finds root keys, table keys, dotted and quoted keys with their columns', () => {
    expect(index.get('title')).toEqual({
      key: { line: 2, column: 1 },
      value: { line: 2, column: 9 },
    });
    expect(index.get('ui.theme')).toEqual({
      key: { line: 4, column: 3 },
      value: { line: 4, column: 11 },
    });
    expect(index.get('backends.local.url')?.key.line).toBe(6);
    expect(index.get('backends.local.quoted key')?.key.line).toBe(7);
    expect(index.get('backends.local.a.b.c')?.value).toEqual({ line: 8, column: 9 });
    expect(index.get('backends.local')?.key).toEqual({ line: 5, column: 1 });
  });
  it('skips the inside of multi-line strings', () => {
    expect(index.has('backends.local.fake')).toBe(false);
    expect(index.get('backends.local.after')?.key.line).toBe(12);
  });
  it('numbers arrays of tables', () => {
    expect(index.get('rules.0.x')?.key.line).toBe(14);
    expect(index.get('rules.1.x')?.key.line).toBe(16);
  });
  it('falls back to the nearest written ancestor', () => {
    expect(locate(index, ['backends', 'local', 'missing'])?.key.line).toBe(5);
    expect(locate(index, ['nothing'])).toBeUndefined();
  });
});
