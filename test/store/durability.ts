// Durability with real processes, for any backend: a child streaming a reply
// is killed with SIGKILL and every batch it reported committed must be there,
// marked interrupted; two processes writing at once must both succeed.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseTarget } from '../../src/config/effective.js';
import type { Harness, HarnessFactory } from './support/harness.js';

const CHILD = fileURLToPath(new URL('./support/child.ts', import.meta.url));
const HOOKS = new URL('./support/ts-hooks.mjs', import.meta.url).href;

interface Child {
  readonly pid: number;
  readonly lines: string[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  waitFor(pred: (lines: readonly string[]) => boolean, timeoutMs: number): Promise<void>;
  kill(signal: NodeJS.Signals): void;
  send(line: string): void;
}

function startChild(target: DatabaseTarget, args: readonly string[]): Child {
  const proc = spawn(
    process.execPath,
    ['--import', HOOKS, CHILD, JSON.stringify(target), ...args],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  let stderr = '';
  let buffered = '';
  const waiters: (() => void)[] = [];
  proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts);
    for (const w of waiters) w();
  });
  proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stderr: string;
  }>((resolve) =>
    proc.on('exit', (code, signal) => {
      resolve({ code, signal, stderr });
      for (const w of waiters) w();
    }),
  );
  return {
    pid: proc.pid ?? -1,
    lines,
    exited,
    kill: (signal) => proc.kill(signal),
    send: (line) => proc.stdin.write(`${line}\n`),
    waitFor: (pred, timeoutMs) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(
            new Error(
              `child did not get there in ${timeoutMs} ms; stdout: ${lines.join('|')}; stderr: ${stderr}`,
            ),
          );
        }, timeoutMs);
        const check = () => {
          if (pred(lines)) {
            clearTimeout(timer);
            resolve();
          } else if (proc.exitCode !== null || proc.signalCode !== null) {
            clearTimeout(timer);
            reject(new Error(`child exited early: ${stderr}`));
          }
        };
        waiters.push(check);
        check();
      }),
  };
}

export function defineDurability(name: string, factory: HarnessFactory): void {
  describe(`store durability with real processes: ${name}`, () => {
    let h: Harness;
    beforeEach(async () => {
      h = await factory();
    });
    afterEach(async () => {
      await h.dispose();
    });

    it('keeps every committed batch of a reply whose writer was killed with SIGKILL', async () => {
      const child = startChild(h.target, ['stream']);
      await child.waitFor((lines) => lines.length >= 6, 30_000);
      child.kill('SIGKILL');
      const { signal } = await child.exited;
      expect(signal).toBe('SIGKILL');
      const committed = child.lines.map((l) => l.split(' '));
      const last = committed.at(-1);
      const messageId = last?.[3] ?? '';
      const committedLength = Number(last?.[2]);
      expect(committedLength).toBeGreaterThan(0);

      const store = await h.open();
      expect(store.info.recoveredStreams).toBe(1);
      const message = await store.getMessage(messageId);
      expect(message?.status).toBe('interrupted');
      const text = message?.content ?? '';
      expect(text.length).toBeGreaterThanOrEqual(committedLength);
      // The saved text is exactly a prefix of what the child was writing.
      const words = text.trim().split(' ');
      expect(words).toEqual(words.map((_, i) => `w${i}`));
      const thread = await store.getThread(messageId);
      expect(thread.map((m) => m.role)).toEqual(['user', 'assistant']);
      // A second open finds nothing left to recover.
      expect((await h.open()).info.recoveredStreams).toBe(0);
    });

    it('leaves no row pointing at half a file when killed with SIGKILL while saving attachments', async () => {
      const child = startChild(h.target, ['attach']);
      // Killed while it is busy saving: after a few saves, in the middle of the next.
      await child.waitFor((lines) => lines.length >= 3, 60_000);
      child.kill('SIGKILL');
      const { signal } = await child.exited;
      expect(signal).toBe('SIGKILL');
      const reported = child.lines.map((l) => l.split(' '));

      const store = await h.open();
      const [session] = (await store.listSessions()).items;
      const rows = await store.listAttachments(session?.id ?? '');
      // Every save it reported is there; at most the one in flight is too.
      expect(rows.length).toBeGreaterThanOrEqual(reported.length);
      expect(rows.length).toBeLessThanOrEqual(reported.length + 1);
      for (const [, , id] of reported) expect(rows.some((r) => r.id === id)).toBe(true);
      // Every row reads back whole: its bytes hash to its sha256.
      for (const r of rows) {
        const bytes = await store.readAttachment(r.id);
        expect(bytes?.length).toBe(r.sizeBytes);
        expect(
          createHash('sha256')
            .update(bytes ?? new Uint8Array())
            .digest('hex'),
        ).toBe(r.sha256);
      }
      if (h.target.kind === 'sqlite') {
        // On disk, every file under its hash's name is whole; a temporary file
        // of the save cut short may be left, named as such and never referenced.
        const root = path.join(path.dirname(h.target.path), 'attachments');
        for (const f of fs.readdirSync(root, { recursive: true, encoding: 'utf8' })) {
          const name = path.basename(f);
          if (!/^[0-9a-f]{64}$/.test(name)) {
            if (fs.statSync(path.join(root, f)).isFile()) expect(name).toMatch(/^\..*\.tmp$/);
            continue;
          }
          const digest = createHash('sha256')
            .update(fs.readFileSync(path.join(root, f)))
            .digest('hex');
          expect(digest).toBe(name);
        }
      }
    }, 90_000);

    it('lets two processes write to one database at the same time', async () => {
      const count = 200;
      const a = startChild(h.target, ['append', String(count)]);
      const b = startChild(h.target, ['append', String(count)]);
      const ready = (lines: readonly string[]) => lines.includes('ready');
      await Promise.all([a.waitFor(ready, 30_000), b.waitFor(ready, 30_000)]);
      a.send('go');
      b.send('go');
      const [ra, rb] = await Promise.all([a.exited, b.exited]);
      expect(ra.stderr).toBe('');
      expect(rb.stderr).toBe('');
      expect([ra.code, rb.code]).toEqual([0, 0]);
      const store = await h.open();
      const spans: [string, string][] = [];
      for (const child of [a, b]) {
        const sessionId = child.lines.find((l) => l.startsWith('done '))?.slice(5) ?? '';
        const messages = await store.listMessages(sessionId);
        expect(messages).toHaveLength(count);
        expect(messages.every((m) => m.status === 'complete')).toBe(true);
        // Each message continues the thread of the one before it.
        expect(messages.slice(1).every((m, i) => m.parentId === messages[i]?.id)).toBe(true);
        spans.push([messages[0]?.createdAt ?? '', messages.at(-1)?.createdAt ?? '']);
      }
      // The two writers really overlapped in time.
      const [[a0, a1], [b0, b1]] = spans as [[string, string], [string, string]];
      expect(a0 <= b1 && b0 <= a1).toBe(true);
    }, 60_000);
  });
}
