// Crash recovery for streaming replies. Each streaming row records its writer
// (host and pid). At open, a row whose writer is gone becomes `interrupted`,
// keeping its text. A live writer's rows are left alone, so a second process
// opening the same database does not cut off the first one's reply. For a
// writer on another host (a shared PostgreSQL) liveness cannot be checked, so
// its row counts as gone once it has not been written for STALE_MS.
import os from 'node:os';
import type { SqlDriver } from './driver.js';
import { marks } from './rows.js';

export const STALE_MS = 10 * 60 * 1000;

export function writerId(): string {
  return `${os.hostname()}:${process.pid}`;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the process that wrote a streaming row has stopped. */
export function writerGone(
  writer: string | null,
  updatedAt: string,
  self: string,
  now: Date,
): boolean {
  if (writer === null) return true;
  if (writer === self) return false;
  const cut = writer.lastIndexOf(':');
  const host = writer.slice(0, cut);
  const pid = Number(writer.slice(cut + 1));
  if (host === os.hostname() && Number.isInteger(pid) && pid > 0) return !processAlive(pid);
  return now.getTime() - Date.parse(updatedAt) > STALE_MS;
}

/** Marks the streaming rows of dead writers interrupted; returns how many. */
export async function recoverStreams(db: SqlDriver, self: string, now: Date): Promise<number> {
  const rows = await db.all(
    "SELECT id, writer, updated_at FROM messages WHERE status = 'streaming'",
  );
  const gone = rows
    .filter((r) => writerGone(r.writer as string | null, String(r.updated_at), self, now))
    .map((r) => String(r.id));
  if (gone.length === 0) return 0;
  let changed = 0;
  for (let i = 0; i < gone.length; i += 500) {
    const ids = gone.slice(i, i + 500);
    changed += await db.run(
      `UPDATE messages SET status = 'interrupted', writer = NULL WHERE status = 'streaming' AND id IN (${marks(ids.length)})`,
      ids,
    );
  }
  return changed;
}
