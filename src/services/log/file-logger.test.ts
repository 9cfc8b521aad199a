import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileLogger } from './file-logger.js';

const fixedNow = () => new Date('2026-01-02T03:04:05.000Z');

function tmpLog(): string {
  return path.join(mkdtempSync(path.join(os.tmpdir(), 'mrt-log-')), 'nested', 'app.log');
}

function lines(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('createFileLogger', () => {
  it('writes one JSON object per line, creating the folder, honouring the level', () => {
    const file = tmpLog();
    const log = createFileLogger({
      file,
      level: 'info',
      maxBytes: 1e6,
      maxFiles: 2,
      now: fixedNow,
    });
    log.debug('hidden');
    log.info('started', { port: 1234 });
    log.child({ component: 'probe' }).warn('slow', { ms: 900 });
    log.close();
    expect(lines(file)).toEqual([
      {
        time: '2026-01-02T03:04:05.000Z',
        level: 'info',
        msg: 'started',
        pid: process.pid,
        port: 1234,
      },
      {
        time: '2026-01-02T03:04:05.000Z',
        level: 'warn',
        msg: 'slow',
        pid: process.pid,
        component: 'probe',
        ms: 900,
      },
    ]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('keeps secrets out: known keys anywhere, secret-named fields, bearer tokens, URL passwords', () => {
    const file = tmpLog();
    const log = createFileLogger({
      file,
      level: 'trace',
      maxBytes: 1e6,
      maxFiles: 2,
      secrets: ['sk-abcdef123456', undefined, 'ab'],
    });
    log.info('request with sk-abcdef123456 inside', {
      api_key: 'whatever',
      headers: { authorization: 'Bearer xyz.123' },
      note: 'sent Bearer tok_998877 to server',
      db: 'postgres://me:hunter22@127.0.0.1/db',
      nested: { deep: ['key=sk-abcdef123456'] },
      error: new Error('failed for sk-abcdef123456'),
    });
    log.close();
    const text = readFileSync(file, 'utf8');
    for (const secret of ['sk-abcdef123456', 'whatever', 'xyz.123', 'tok_998877', 'hunter22']) {
      expect(text).not.toContain(secret);
    }
    const [line] = lines(file);
    expect(line).toMatchObject({
      msg: 'request with <redacted> inside',
      api_key: '<redacted>',
      db: 'postgres://me:<redacted>@127.0.0.1/db',
      error: { name: 'Error', message: 'failed for <redacted>' },
    });
  });

  it('rotates by size and keeps at most maxFiles old logs', () => {
    const file = tmpLog();
    const log = createFileLogger({ file, level: 'info', maxBytes: 400, maxFiles: 2 });
    for (let i = 0; i < 30; i++) {
      log.info(`line ${i}`, { pad: 'x'.repeat(60) });
      log.flush();
    }
    log.close();
    expect(existsSync(`${file}.1`)).toBe(true);
    expect(existsSync(`${file}.2`)).toBe(true);
    expect(existsSync(`${file}.3`)).toBe(false);
    expect(statSync(file).size).toBeLessThanOrEqual(400);
    expect(lines(file).at(-1)?.msg).toBe('line 29');
  });

  it('buffers lines and writes them on the next turn of the event loop', async () => {
    const file = tmpLog();
    const log = createFileLogger({ file, level: 'info', maxBytes: 1e6, maxFiles: 1 });
    log.info('a');
    log.info('b');
    expect(existsSync(file) ? readFileSync(file, 'utf8') : '').toBe('');
    await new Promise((r) => setImmediate(r));
    expect(lines(file).map((l) => l.msg)).toEqual(['a', 'b']);
    log.close();
  });
});
