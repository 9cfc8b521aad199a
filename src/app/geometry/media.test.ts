import { describe, expect, it } from 'vitest';
import type { AttachmentRef } from '../types/attachments.js';
import { chipAt, chipSpans, previewRows } from './media.js';

const ref = (name: string, o: Partial<AttachmentRef> = {}): AttachmentRef => ({
  key: `file:/${name}`,
  name,
  mime: 'image/png',
  kind: 'image',
  sizeBytes: 2048,
  origin: 'attached',
  ...o,
});

describe('attachment geometry', () => {
  it('lays chips out on one row, shortening what does not fit and counting the rest', () => {
    const refs = [ref('a.png', { width: 10, height: 10 }), ref('b-long-name.png'), ref('c.png')];
    const wide = chipSpans(refs, 120);
    expect(wide.spans.map((s) => s.text)).toEqual([
      ' ▣ a.png · PNG · 2 KB · 10×10 ✕ ',
      ' ▣ b-long-name.png · PNG · 2 KB ✕ ',
      ' ▣ c.png · PNG · 2 KB ✕ ',
    ]);
    const narrow = chipSpans(refs, 40);
    expect(narrow.spans[0]?.text).toBe(' ▣ a.png · PNG · 2 KB · 10×10 ✕ ');
    expect(narrow.more).toBe(2);
  });

  it('a click on a chip says which, and whether on its ✕', () => {
    const refs = [ref('a.png'), ref('b.png')];
    const [first, second] = chipSpans(refs, 80).spans;
    expect(chipAt(refs, 80, 1)).toEqual({ chip: 0, remove: false });
    expect(chipAt(refs, 80, (first?.width ?? 0) - 2)).toEqual({ chip: 0, remove: true });
    expect(chipAt(refs, 80, (second?.x ?? 0) + 1)).toEqual({ chip: 1, remove: false });
    expect(chipAt(refs, 80, 79)).toBeUndefined();
  });

  it('previews are measured from the stored pixel size; a picture with a problem has none', () => {
    expect(previewRows(ref('wide.png', { width: 1600, height: 400 }), 60)).toBe(6);
    expect(previewRows(ref('tall.png', { width: 400, height: 1600 }), 60)).toBe(10);
    expect(previewRows(ref('x.png', { problem: 'missing' }), 60)).toBe(0);
    expect(previewRows(ref('s.wav', { kind: 'audio', mime: 'audio/wav' }), 60)).toBe(3);
  });
});
