import { describe, expect, it } from 'vitest';
import { ENGINE_NICE, lowerEnginePriority, type PrioritySystem } from './embedded-engine.js';

/** A process's threads and their nice values; tid 0 is the calling thread (tid 11 here). */
function fakeSystem(
  platform: NodeJS.Platform,
  threads: { tid: number; name: string; nice: number }[],
): PrioritySystem & { nice(tid: number): number } {
  const self = 11;
  const find = (tid: number): { nice: number } => {
    const t = threads.find((x) => x.tid === (tid === 0 ? self : tid));
    if (t === undefined) throw new Error(`no thread ${tid}`);
    return t;
  };
  return {
    platform,
    getPriority: (tid) => find(tid).nice,
    setPriority: (tid, nice) => {
      find(tid).nice = nice;
    },
    threads: () => Promise.resolve(threads.map(({ tid, name }) => ({ tid, name }))),
    nice: (tid) => find(tid).nice,
  };
}

describe('lowerEnginePriority (issue 21 item 14e: typing while a model loads)', () => {
  const threadsOf = (): { tid: number; name: string; nice: number }[] => [
    { tid: 10, name: 'MainThread', nice: 0 },
    { tid: 11, name: 'WorkerThread', nice: 0 },
    { tid: 12, name: 'libuv-worker', nice: 0 },
    { tid: 13, name: 'libuv-worker', nice: 0 },
    { tid: 14, name: 'V8Worker', nice: 0 },
  ];

  it("on Linux lowers this thread and libuv's pool by ENGINE_NICE, and nothing else", async () => {
    const sys = fakeSystem('linux', threadsOf());
    expect(await lowerEnginePriority(sys)).toBe(ENGINE_NICE);
    expect([10, 11, 12, 13, 14].map((t) => sys.nice(t))).toEqual([
      0,
      ENGINE_NICE,
      ENGINE_NICE,
      ENGINE_NICE,
      0,
    ]);
  });

  it("counts from the UI's own nice value, capped at 19, and never lowers a thread already nicer", async () => {
    const threads = threadsOf().map((t) => ({ ...t, nice: 5 }));
    threads[3] = { tid: 13, name: 'libuv-worker', nice: 18 };
    const sys = fakeSystem('linux', threads);
    expect(await lowerEnginePriority(sys, 12)).toBe(17);
    expect([10, 11, 12, 13, 14].map((t) => sys.nice(t))).toEqual([5, 17, 17, 18, 5]);
    const capped = fakeSystem(
      'linux',
      threadsOf().map((t) => ({ ...t, nice: 15 })),
    );
    expect(await lowerEnginePriority(capped)).toBe(19);
  });

  it('changes nothing where a nice value is the whole process’s (not Linux), or when asked for 0', async () => {
    for (const platform of ['darwin', 'win32', 'freebsd'] as const) {
      const sys = fakeSystem(platform, threadsOf());
      expect(await lowerEnginePriority(sys)).toBeUndefined();
      expect([10, 11, 12, 13, 14].map((t) => sys.nice(t))).toEqual([0, 0, 0, 0, 0]);
    }
    const sys = fakeSystem('linux', threadsOf());
    expect(await lowerEnginePriority(sys, 0)).toBeUndefined();
    expect(sys.nice(11)).toBe(0);
  });
});
