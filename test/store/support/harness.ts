// What the contract suite needs from a backend: a fresh, empty database per
// test that can be opened more than once (to test reopening and two stores
// sharing one database).
import type { DatabaseTarget } from '../../../src/config/effective.js';
import type { SessionStore } from '../../../src/domain/store.js';
import { openStore, type OpenOptions } from '../../../src/services/store/index.js';

export interface Harness {
  readonly target: DatabaseTarget;
  open(options?: OpenOptions): Promise<SessionStore>;
  dispose(): Promise<void>;
  /** How many distinct attachment byte strings the database keeps (files or rows). */
  blobCount(): Promise<number>;
  /** Removes the bytes behind the store's back (a lost file). */
  loseBlob(sha256: string): Promise<void>;
}

export interface BlobPeek {
  count(): Promise<number>;
  lose(sha256: string): Promise<void>;
}

export type HarnessFactory = () => Promise<Harness>;

/** A harness over a target; `dispose` closes every store it opened, then runs `cleanup`. */
export function harnessFor(
  target: DatabaseTarget,
  cleanup: () => Promise<void>,
  blobs: BlobPeek,
): Harness {
  const opened: SessionStore[] = [];
  return {
    target,
    blobCount: () => blobs.count(),
    loseBlob: (sha) => blobs.lose(sha),
    async open(options) {
      const store = await openStore(target, options);
      opened.push(store);
      return store;
    },
    async dispose() {
      for (const s of opened) await s.close().catch(() => undefined);
      await cleanup();
    },
  };
}
