// Embedded model load benchmark (`npm run bench -- embedded-load`): the built
// binary in a pseudo-terminal with the embedded backend (node-llama-cpp, the
// SmolLM2 GGUF). From the first message, which loads the model, until the
// reply ends, a character is typed every ~50 ms and the time to its echo is
// measured as in the app benchmark (`app.ts`: from writing it to the first
// output chunk holding it). Target, as for typing while a reply streams:
// p99 < 16 ms. Each run is a fresh TUI, so the package, its native binding and
// the model are loaded every time. Skipped when node-llama-cpp or the test
// model is missing (scripts/install-embedded.sh, scripts/fetch-test-model.sh).
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { printTable, summarize, writeResults } from './_table.ts';
import { echoMs, killAll, sleep, startTui } from './_tui-pty.ts';

const RUNS = 3;
const MODEL = path.join(
  process.env.MISTRALRS_TUI_TEST_MODEL_DIR ??
    path.join(os.homedir(), '.cache', 'mistralrs-tui', 'models'),
  'SmolLM2-135M-Instruct.Q4_1.gguf',
);
const EMBEDDED =
  process.env.MISTRALRS_TUI_EMBEDDED_DIR ??
  path.join(os.homedir(), '.cache', 'mistralrs-tui', 'embedded');
/** Typed while the model loads; none of them is in the screen's text. */
const CHARS = '#$%&*=^~@!{}<>|`'.split('');

/** One fresh TUI: send the first message, type while the model loads; the echo times. */
async function oneRun(home: string, config: string, db: string): Promise<number[]> {
  const tui = startTui(['--config', config, '--database', db], home);
  try {
    await tui.waitFor('Ask anything', 'the empty composer', 30_000);
    tui.write('Say hi.');
    await tui.waitFor('Say hi.', 'the typed message');
    const sentAt = tui.output().length;
    tui.write('\r');
    const samples: number[] = [];
    const chars = CHARS.filter((c) => !tui.output().includes(c));
    const reply = { done: false };
    void tui.waitFor('TTFT', 'the reply figures', 120_000, sentAt).then(
      () => (reply.done = true),
      () => (reply.done = true),
    );
    for (let i = 0; !reply.done; i++) {
      samples.push(await echoMs(tui, chars[i % chars.length] ?? '#', 5000));
      await sleep(20);
      tui.write('\x7f');
      await sleep(30);
    }
    return samples;
  } finally {
    await tui.quit();
  }
}

export default async function run(): Promise<void> {
  if (!existsSync(path.join(EMBEDDED, 'node_modules', 'node-llama-cpp')) || !existsSync(MODEL)) {
    console.log('not measured: run scripts/install-embedded.sh and scripts/fetch-test-model.sh');
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mrt-bench-emb-'));
  try {
    const home = path.join(dir, 'home');
    // The TUI gets only this home: it finds node-llama-cpp where the install script puts it.
    mkdirSync(path.join(home, '.cache', 'mistralrs-tui'), { recursive: true });
    symlinkSync(EMBEDDED, path.join(home, '.cache', 'mistralrs-tui', 'embedded'));
    const config = path.join(dir, 'config.toml');
    writeFileSync(
      config,
      [
        'default_backend = "emb"',
        '[backends.emb]',
        'kind = "embedded"',
        `model = ${JSON.stringify(MODEL)}`,
        'context_size = 2048',
        '[chat]',
        'max_tokens = 8',
        '[inventory]',
        'include_hf_cache = false',
        'include_dot_models = false',
        '',
      ].join('\n'),
    );
    const all: number[] = [];
    const perRun: ReturnType<typeof summarize>[] = [];
    for (let i = 0; i < RUNS; i++) {
      const s = await oneRun(home, config, path.join(dir, `s${i}.db`));
      perRun.push(summarize(s));
      all.push(...s);
    }
    const total = summarize(all);
    printTable([
      ['measure', 'n', 'p50', 'p95', 'p99', 'max', 'target'],
      ...perRun.map((s, i) => [
        `run ${i + 1}: echo while loading (ms)`,
        s.n,
        s.p50,
        s.p95,
        s.p99,
        s.max,
        '',
      ]),
      [
        'all runs: echo while loading (ms)',
        total.n,
        total.p50,
        total.p95,
        total.p99,
        total.max,
        'p99 < 16',
      ],
    ]);
    console.log(
      `load average: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    writeResults('embedded-load', { runs: perRun, all: total, loadavg: os.loadavg() });
  } finally {
    killAll();
    rmSync(dir, { recursive: true, force: true });
  }
}
