// The launch arguments the inventory builds for the real SmolLM2 GGUF start
// the real mistral.rs server: it answers /health on the port we inserted.
// Needs the model and the mistralrs binary (MISTRALRS_BIN, else the cargo
// install root used by the project); without the binary the test says so.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryCache } from '../../src/services/inventory/cache.js';
import { DEFAULT_LAUNCH, withPort } from '../../src/services/inventory/launch.js';
import { runScan } from '../../src/services/inventory/scan.js';
import { requireSmollm2 } from './model-file.js';
import { closedPort as freePort } from '../helpers.js';

const binary =
  process.env.MISTRALRS_BIN ??
  path.join(os.homedir(), '.cache', 'mistralrs-tui', 'mistralrs-0.8.1', 'bin', 'mistralrs');
const haveBinary = fs.existsSync(binary);
if (!haveBinary) console.warn(`SKIPPING launch test: no mistralrs binary at ${binary}`);
const model = haveBinary ? requireSmollm2() : undefined;

describe.runIf(model !== undefined)('launching a discovered model', () => {
  it('starts mistralrs serve with the inventory arguments', { timeout: 180_000 }, async () => {
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
