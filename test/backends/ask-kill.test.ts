// Issue 14, part 3: `ask` is crash-safe. The prompt is saved before the
// request goes out and the reply is written as it streams (the TUI's
// StreamWriter), so a SIGKILL mid-reply loses neither: the next open of the
// store finds the reply marked interrupted, holding everything already shown.
// The built binary talks to the REAL server through the fault proxy, which
// stalls the stream after a few real tokens so the kill lands mid-reply.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore } from '../../src/services/store/index.js';
import { startFaultProxy, type FaultProxy } from '../fixtures/backends/fault-proxy.js';
import { useRealServer, whenRealServer } from '../fixtures/backends/real-server.js';
import { CLI, ROOT, isolatedEnv } from '../helpers.js';

interface Row {
  readonly role: string;
  readonly status: string;
  readonly content: string;
}

/** The messages as another process sees them now (read-only; none while the file is not there). */
function rows(db: string): Row[] {
  try {
    const conn = new DatabaseSync(db, { readOnly: true });
    try {
      return conn
        .prepare('SELECT role, status, content FROM messages ORDER BY id')
        .all() as unknown as Row[];
    } finally {
      conn.close();
    }
  } catch {
    return [];
  }
}

async function until<T>(what: string, ms: number, probe: () => T | undefined): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const got = probe();
    if (got !== undefined) return got;
    if (Date.now() > end) throw new Error(`never saw ${what} in ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

whenRealServer('ask-kill.test.ts', it, () => {
  const server = useRealServer();
  let proxy: FaultProxy;
  beforeAll(async () => {
    proxy = await startFaultProxy(server.url);
  });
  afterAll(async () => {
    await proxy.close();
  });

  it(
    'a SIGKILL mid-reply keeps the prompt and the partial reply, found interrupted on the next open',
    { timeout: 120_000 },
    async () => {
      proxy.fault = { kind: 'stall', after: 6 };
      const { env, home } = isolatedEnv();
      const db = path.join(home, 'sessions.db');
      const prompt = 'Write a long story about a dragon.';
      const child = spawn(
        process.execPath,
        [CLI, 'ask', prompt, '--url', proxy.url, '--database', db, '--max-tokens', '300'],
        { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let shown = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (shown += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      // The proxy has stalled the stream: wait until the store holds, still
      // streaming, all that was shown (the writer's timer flushes it).
      const live = await until('the streaming reply in the store', 60_000, () => {
        const r = rows(db);
        const reply = r.find((m) => m.role === 'assistant');
        return shown !== '' && reply?.status === 'streaming' && reply.content === shown
          ? r
          : undefined;
      }).catch((err: unknown) => {
        child.kill('SIGKILL');
        throw new Error(
          `${(err as Error).message}; rows: ${JSON.stringify(rows(db))}; stdout: ${JSON.stringify(shown)}; stderr: ${stderr}`,
        );
      });
      expect(live.map((m) => [m.role, m.status])).toEqual([
        ['user', 'complete'],
        ['assistant', 'streaming'],
      ]);
      child.kill('SIGKILL');
      const [, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
      expect(signal).toBe('SIGKILL');

      const store = await openStore({ kind: 'sqlite', path: db });
      try {
        expect(store.info.recoveredStreams).toBe(1);
        const sessions = (await store.listSessions()).items;
        expect(sessions.map((s) => [s.title, s.tags])).toEqual([[prompt, ['ask']]]);
        const messages = await store.listMessages(sessions[0]?.id ?? '');
        expect(messages.map((m) => [m.role, m.status, m.content])).toEqual([
          ['user', 'complete', prompt],
          ['assistant', 'interrupted', shown],
        ]);
        expect(messages[1]?.parentId).toBe(messages[0]?.id);
      } finally {
        await store.close();
      }
    },
  );
});
