// The launch arguments the inventory builds for the real SmolLM2 GGUF start
// the real mistral.rs server, every version the real-server fixture knows: it
// answers /health on the port we inserted. Needs the model and the mistralrs
// binaries (whenRealServer says what is missing and how to build it).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';
import { MemoryCache } from '../../src/services/inventory/cache.js';
import { DEFAULT_LAUNCH, withPort } from '../../src/services/inventory/launch.js';
import { runScan } from '../../src/services/inventory/scan.js';
import { requireSmollm2 } from './model-file.js';
import { closedPort as freePort } from '../helpers.js';
import { whenRealServer } from '../fixtures/backends/real-server.js';

whenRealServer('inventory/launch-e2e.test.ts', it, ({ binary }) => {
  it('starts mistralrs serve with the inventory arguments', { timeout: 180_000 }, async () => {
    const model = requireSmollm2();
    const result = await runScan(
      {
        directories: [path.dirname(model!)],
        hfHubDir: null,
        dotModelsDir: null,
        inventoryFile: null,
        estimateContext: 4096,
        launch: { ...DEFAULT_LAUNCH, tokenSource: 'none', cpu: true, maxSeqLen: 2048 },
      },
      new MemoryCache(),
    );
    const m = result.models.find((x) => x.path === model);
    expect(m).toBeDefined();
    const port = await freePort();
    const argv = withPort(m!.launch, port);
    const child = spawn(binary, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    try {
      const deadline = Date.now() + 150_000;
      let healthy = false;
      while (!healthy && Date.now() < deadline && child.exitCode === null) {
        try {
          const r = await fetch(`http://127.0.0.1:${port}/health`, {
            signal: AbortSignal.timeout(2000),
          });
          healthy = r.ok;
        } catch {
          // Not listening yet.
        }
        if (!healthy) await new Promise((r) => setTimeout(r, 250));
      }
      expect(healthy, `mistralrs ${argv.join(' ')}\n${output.slice(-2000)}`).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
