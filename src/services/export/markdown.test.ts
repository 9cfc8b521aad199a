import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSessionsJsonl } from './jsonl.js';
import { humanBytes, sessionToMarkdown } from './markdown.js';

const [bundle] = parseSessionsJsonl(
  fs.readFileSync(new URL('../../../test/fixtures/store/session.jsonl', import.meta.url), 'utf8'),
);

describe('Markdown export', () => {
  it('renders title, facts, each message with role, metrics and attachment links', () => {
    if (!bundle) throw new Error('fixture has no session');
    const md = sessionToMarkdown(bundle);
    expect(md).toMatchSnapshot();
    expect(md.startsWith('# Ünïcode, "quotes" & branches 🎉\n')).toBe(true);
    expect(md).toContain('- **Model:** SmolLM2-135M-Instruct (local)');
    expect(md).toContain('### 4. Assistant · SmolLM2-135M-Instruct — 2026-03-14 09:27:02 UTC');
    expect(md).toContain('_↳ in reply to message 2 (another branch)_');
    expect(md).toContain('_5 tokens · TTFT 82 ms · 12.4 tok/s · 0.40 s · status: interrupted_');
    expect(md).toContain(
      '- ![cat photo.png](attachments/d81a87bbc2a57098-cat%20photo.png) (image/png, 77 B, sha256 d81a87bbc2a5…)',
    );
    expect(md).toContain(
      '- [readme.txt](attachments/e3b0c44298fc1c14-readme.txt) (text/plain, 0 B, tool, sha256 e3b0c44298fc…)',
    );
    expect(md).toContain('<details><summary>Reasoning</summary>');
    expect(md).toContain('status: error · error: HTTP 503: model is reloading');
  });

  it('writes sizes for people', () => {
    expect(humanBytes(0)).toBe('0 B');
    expect(humanBytes(1536)).toBe('1.5 KB');
    expect(humanBytes(95 * 1024 * 1024)).toBe('95 MB');
  });
});
