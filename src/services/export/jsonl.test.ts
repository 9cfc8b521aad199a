import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JsonlError, parseSessionsJsonl, sessionToJsonl } from './jsonl.js';

const FIXTURE = fs.readFileSync(
  new URL('../../../test/fixtures/store/session.jsonl', import.meta.url),
  'utf8',
);
const LINES = FIXTURE.trimEnd().split('\n');

function errorOf(text: string): JsonlError {
  try {
    parseSessionsJsonl(text);
  } catch (err) {
    expect(err).toBeInstanceOf(JsonlError);
    return err as JsonlError;
  }
  throw new Error('expected a JsonlError');
}

function withLine(n: number, edit: (obj: Record<string, unknown>) => void): string {
  return LINES.map((l, i) => {
    if (i + 1 !== n) return l;
    const obj = JSON.parse(l) as Record<string, unknown>;
    edit(obj);
    return JSON.stringify(obj);
  }).join('\n');
}

describe('JSONL sessions', () => {
  it('parses the fixture and writes it back byte for byte', () => {
    const bundles = parseSessionsJsonl(FIXTURE);
    expect(bundles).toHaveLength(1);
    const [b] = bundles;
    expect(b?.messages).toHaveLength(6);
    expect(b?.attachments).toHaveLength(2);
    expect(bundles.map(sessionToJsonl).join('')).toBe(FIXTURE);
  });

  it("carries the attachments' bytes: base64 in, exact bytes out", () => {
    const [b] = parseSessionsJsonl(FIXTURE);
    const picture = b?.attachments[0];
    const bytes = b?.blobs?.get(picture?.sha256 ?? '');
    expect(bytes?.length).toBe(77);
    expect(
      Buffer.from(bytes ?? [])
        .subarray(1, 4)
        .toString('latin1'),
    ).toBe('PNG');
    expect(picture).toMatchObject({ name: 'cat photo.png', origin: 'attached' });
  });

  it('reads a version 1 file (no bytes, a path, no name or origin)', () => {
    const v1 = fs.readFileSync(
      new URL('../../../test/fixtures/store/session-v1.jsonl', import.meta.url),
      'utf8',
    );
    const [b] = parseSessionsJsonl(v1);
    expect(b?.attachments[0]).toMatchObject({
      name: '',
      origin: 'attached',
      path: '/home/me/Pictures/cat photo.png',
      sizeBytes: 48213,
    });
    expect(b?.blobs).toBeUndefined();
    // Written back as version 2, with no bytes to carry.
    expect(sessionToJsonl(b ?? { session: {} as never, messages: [], attachments: [] })).toContain(
      '"version":2',
    );
  });

  it('reads several sessions in one file, CRLF line ends, a BOM and blank lines', () => {
    const second = withLine(1, (o) => {
      o.id = 'OTHER';
      o.message_count = 0;
      o.attachment_count = 0;
    }).split('\n')[0];
    const text = `\uFEFF${LINES.join('\r\n')}\r\n\r\n${second}\n`;
    const bundles = parseSessionsJsonl(text);
    expect(bundles.map((b) => b.session.id)).toEqual([bundles[0]?.session.id, 'OTHER']);
  });

  it('fills defaults for a minimal hand-written file', () => {
    const [b] = parseSessionsJsonl(
      '{"type":"session","id":"s1","started_at":"2026-01-01T00:00:00.000Z"}\n' +
        '{"type":"message","id":"m1","role":"user","content":"hi"}\n',
    );
    expect(b?.session).toMatchObject({
      title: '',
      tags: [],
      archived: false,
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(b?.messages[0]).toMatchObject({
      sessionId: 's1',
      status: 'complete',
      parentId: null,
      createdAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it('names the line of a truncated last line', () => {
    const cut = FIXTURE.slice(0, FIXTURE.length - 40);
    const err = errorOf(cut);
    expect(err.line).toBe(LINES.length);
    expect(err.message).toMatch(/^line 9: not valid JSON/);
  });

  it('notices a file cut at a line boundary through the declared counts', () => {
    const err = errorOf(LINES.slice(0, 5).join('\n'));
    expect(err.line).toBe(5);
    expect(err.message).toBe(
      'line 5: the session on line 1 declares 6 messages but 4 follow (is the file truncated?)',
    );
  });

  it.each([
    [
      3,
      (o: Record<string, unknown>) => (o.role = 'robot'),
      /line 3: message field "role" must be one of system, user, assistant, tool, not "robot"/,
    ],
    [
      4,
      (o: Record<string, unknown>) => (o.parent_id = 'nowhere'),
      /line 4: message parent_id "nowhere" is not a message earlier/,
    ],
    [
      2,
      (o: Record<string, unknown>) => (o.colour = 'red'),
      /line 2: unknown message field "colour"/,
    ],
    [
      5,
      (o: Record<string, unknown>) => (o.token_count = 1.5),
      /line 5: message field "token_count" must be an integer or null/,
    ],
    [
      6,
      (o: Record<string, unknown>) => (o.created_at = 'yesterday'),
      /line 6: message field "created_at" must be an ISO-8601 time/,
    ],
    [
      8,
      (o: Record<string, unknown>) => (o.sha256 = 'abc'),
      /line 8: attachment sha256 must be 64 lowercase hex digits/,
    ],
    [1, (o: Record<string, unknown>) => (o.version = 3), /line 1: format version 3 is newer/],
    [
      8,
      (o: Record<string, unknown>) => (o.data = 'not base64!'),
      /line 8: attachment field "data" must be base64/,
    ],
    [
      8,
      (o: Record<string, unknown>) => (o.data = Buffer.from('other bytes').toString('base64')),
      /line 8: attachment data holds 11 bytes but size_bytes says 77/,
    ],
    [
      9,
      (o: Record<string, unknown>) => (o.data = 'AAAA'),
      /line 9: attachment data holds 3 bytes but size_bytes says 0/,
    ],
    [
      8,
      (o: Record<string, unknown>) => {
        const b = Buffer.from(o.data as string, 'base64');
        b[20] = (b[20] ?? 0) ^ 1;
        o.data = b.toString('base64');
      },
      /line 8: attachment data hashes to [0-9a-f]{64}, not its sha256 d81a87/,
    ],
    [
      8,
      (o: Record<string, unknown>) => (o.origin = 'stolen'),
      /line 8: attachment field "origin" must be one of attached, generated, tool, not "stolen"/,
    ],
    [
      2,
      (o: Record<string, unknown>) => (o.type = 'note'),
      /line 2: "type" must be "session", "message" or "attachment", not "note"/,
    ],
    [
      3,
      (o: Record<string, unknown>) => (o.session_id = 'elsewhere'),
      /line 3: message session_id "elsewhere"/,
    ],
  ])('rejects a bad field on line %i', (line, edit, message) => {
    expect(errorOf(withLine(line, edit)).message).toMatch(message);
  });

  it('rejects garbage, an empty file and records before a session line', () => {
    expect(errorOf('[1,2]').message).toBe('line 1: each line must be a JSON object');
    expect(errorOf('\n\n').message).toBe('line 1: the file holds no session line');
    expect(errorOf(LINES.slice(1).join('\n')).message).toBe(
      'line 1: a message line must follow a session line',
    );
    expect(errorOf(`${LINES.join('\n')}\n${LINES[0] ?? ''}`).message).toMatch(
      /line 10: session id ".*" appears twice/,
    );
  });
});

describe('docs/formats/jsonl.md', () => {
  const doc = fs.readFileSync(new URL('../../../docs/formats/jsonl.md', import.meta.url), 'utf8');

  it('has an example that parses', () => {
    const example = doc.split('```jsonl\n')[1]?.split('```')[0] ?? '';
    expect(parseSessionsJsonl(example)[0]?.messages).toHaveLength(2);
  });

  it('documents exactly the fields export writes, in order', () => {
    const documented = (kind: string) => {
      const section = doc.split(`## \`${kind}\``)[1]?.split('\n## ')[0] ?? '';
      return [...section.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]);
    };
    const written = FIXTURE.trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const kind of ['session', 'message', 'attachment']) {
      const record = written.find((r) => r.type === kind) ?? {};
      expect(documented(kind), kind).toEqual(Object.keys(record));
    }
  });
});
