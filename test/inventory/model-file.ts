// Where the real test model lives (fetched by scripts/fetch-test-model.sh), and
// the rule for tests that need it: under CI a missing model is a failure that
// names the command to run; elsewhere the test is reported as skipped, loudly.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const SMOLLM2_FILE = 'SmolLM2-135M-Instruct.Q4_1.gguf';
export const SMOLLM2_SHA256 = 'b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53';
export const FETCH_COMMAND = 'bash scripts/fetch-test-model.sh';

export function smollm2Path(): string {
  const dir =
    process.env.MISTRALRS_TUI_TEST_MODEL_DIR ??
    path.join(os.homedir(), '.cache', 'mistralrs-tui', 'models');
  return path.join(dir, SMOLLM2_FILE);
}

/** The model path, or undefined (with a warning) outside CI; throws under CI. */
export function requireSmollm2(): string | undefined {
  const file = smollm2Path();
  if (fs.existsSync(file)) return file;
  const message = `the test model is missing at ${file}; run: ${FETCH_COMMAND}`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`SKIPPING real-model tests: ${message}`);
  return undefined;
}
