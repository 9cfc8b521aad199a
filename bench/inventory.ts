// Model discovery: cold scan (no cache: every header read), warm scan (cache
// hit for every model: only readdir and stat) and header bytes read per model,
// over a generated HF cache of 500 snapshots (GGUF, sharded safetensors,
// diffusers; sparse files) with 5,000 unrelated files. Targets (issue 7):
// cold < 1.5 s, warm < 150 ms, < 1 MiB read per model.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { printTable, summarize, writeResults } from './_table.ts';
import { generateHfCache } from './gen-inventory.ts';

const REPOS = 500;
const UNRELATED = 5000;
const COLD_RUNS = 5;
const WARM_RUNS = 15;

interface InventoryModule {
  runScan: (
    cfg: unknown,
    cache: unknown,
    opts?: { refresh?: boolean },
  ) => Promise<{
    models: readonly unknown[];
    warnings: readonly { path: string; message: string }[];
    stats: { durationMs: number; bytesRead: number; parsed: number; cached: number };
  }>;
  MemoryCache: new () => unknown;
}

export default async function bench(): Promise<void> {
  const root = new URL('..', import.meta.url).pathname;
  const inv = (await import(
    path.join(root, 'dist', 'services', 'inventory', 'index.js')
  )) as InventoryModule;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mrt-bench-inventory-'));
  try {
    const hub = path.join(work, 'hub');
    const genStart = performance.now();
    generateHfCache(hub, { repos: REPOS, unrelated: UNRELATED });
    const genMs = performance.now() - genStart;
    const cfg = {
      directories: [],
      hfHubDir: hub,
      dotModelsDir: null,
      inventoryFile: null,
      estimateContext: 4096,
      launch: { host: '127.0.0.1', tokenSource: 'cache', cpu: false, maxSeqLen: 0, extraArgs: [] },
    };
    // CPU time (user + system) next to wall time: on a shared, loaded machine the
    // wall time includes waiting for a core; CPU time shows the work itself.
    const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;
    const cold: number[] = [];
    const coldCpu: number[] = [];
    let bytesPerModel = 0;
    let models = 0;
    let warnings = 0;
    for (let i = 0; i < COLD_RUNS; i++) {
      const t = performance.now();
      const u = process.cpuUsage();
      const r = await inv.runScan(cfg, new inv.MemoryCache());
      cold.push(performance.now() - t);
      coldCpu.push(cpuMs(process.cpuUsage(u)));
      models = r.models.length;
      warnings = r.warnings.length;
      bytesPerModel = r.stats.bytesRead / Math.max(1, r.models.length);
      if (r.models.length !== REPOS) {
        throw new Error(
          `expected ${REPOS} models, found ${r.models.length}: ${r.warnings
            .slice(0, 3)
            .map((w) => `${w.path}: ${w.message}`)
            .join('; ')}`,
        );
      }
    }
    const cache = new inv.MemoryCache();
    await inv.runScan(cfg, cache);
    const warm: number[] = [];
    const warmCpu: number[] = [];
    for (let i = 0; i < WARM_RUNS; i++) {
      const t = performance.now();
      const u = process.cpuUsage();
      const r = await inv.runScan(cfg, cache);
      warm.push(performance.now() - t);
      warmCpu.push(cpuMs(process.cpuUsage(u)));
      if (r.stats.parsed !== 0) throw new Error(`warm scan parsed ${r.stats.parsed} models`);
    }
    const c = summarize(cold);
    const w = summarize(warm);
    const cc = summarize(coldCpu);
    const wc = summarize(warmCpu);
    printTable([
      ['measure', 'p50', 'p95', 'min', 'max', 'runs', 'target'],
      ['cold scan (ms)', c.p50, c.p95, c.min, c.max, String(c.n), '< 1500'],
      ['cold scan CPU (ms)', cc.p50, cc.p95, cc.min, cc.max, String(cc.n), ''],
      ['warm scan (ms)', w.p50, w.p95, w.min, w.max, String(w.n), '< 150'],
      ['warm scan CPU (ms)', wc.p50, wc.p95, wc.min, wc.max, String(wc.n), ''],
      ['header KiB read / model', bytesPerModel / 1024, '', '', '', String(COLD_RUNS), '< 1024'],
    ]);
    console.log(
      `${models} models, ${warnings} warnings, ${UNRELATED} unrelated files; cache generated in ${(genMs / 1000).toFixed(1)} s; ${os.cpus().length} CPUs, load average ${os.loadavg()[0]?.toFixed(1) ?? '?'}`,
    );
    const file = writeResults('inventory', {
      repos: REPOS,
      unrelatedFiles: UNRELATED,
      models,
      warnings,
      coldMs: c,
      warmMs: w,
      coldCpuMs: cc,
      warmCpuMs: wc,
      loadAverage: os.loadavg()[0],
      bytesReadPerModel: Math.round(bytesPerModel),
      targets: { coldMs: 1500, warmMs: 150, bytesReadPerModel: 1024 * 1024 },
      note: 'cold = no scan cache (the OS page cache is warm after the first run); warm = every model a cache hit',
    });
    console.log(`wrote ${file}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
