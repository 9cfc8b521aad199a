import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../domain/log.js';
import { createFileLogger } from './file-logger.js';
import { LogTail } from './tail.js';

const rec = (msg: string): LogRecord => ({ time: 't', level: 'info', msg, fields: {} });

describe('LogTail', () => {
  it('keeps the last records for a late subscriber and hands new ones to subscribers', () => {
    const tail = new LogTail(2);
    tail.push(rec('a'));
    tail.push(rec('b'));
    tail.push(rec('c'));
    expect(tail.recent().map((r) => r.msg)).toEqual(['b', 'c']);
    const seen: string[] = [];
    const off = tail.subscribe((r) => seen.push(r.msg));
    tail.push(rec('d'));
    off();
    tail.push(rec('e'));
    expect(seen).toEqual(['d']);
  });

  it('a failing subscriber does not stop the others (nor the logger)', () => {
    const tail = new LogTail();
    const seen: string[] = [];
    tail.subscribe(() => {
      throw new Error('viewer broke');
    });
    tail.subscribe((r) => seen.push(r.msg));
    tail.push(rec('a'));
    expect(seen).toEqual(['a']);
  });

  it('the file logger feeds it the records it writes, redacted, above its level only', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tail-'));
    const tail = new LogTail();
    const logger = createFileLogger({
      file: path.join(dir, 'app.log'),
      level: 'info',
      maxBytes: 1 << 20,
      maxFiles: 1,
      secrets: ['sk-secret-123'],
      tail,
    });
    logger.child({ component: 'x' }).info('token sk-secret-123 used', { n: 1 });
    logger.debug('not written');
    logger.close();
    const recent = tail.recent();
    expect(recent).toHaveLength(1);
    expect(recent[0]?.msg).not.toContain('sk-secret-123');
    expect(recent[0]?.fields).toMatchObject({ component: 'x', n: 1 });
    const written = JSON.parse(fs.readFileSync(path.join(dir, 'app.log'), 'utf8')) as {
      msg: string;
    };
    expect(written.msg).toBe(recent[0]?.msg);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
