// The first run, end to end in a pseudo-terminal (issue 14, "onboarding tells
// the truth"): no server, no mistralrs on PATH. The welcome says how to
// install mistral.rs instead of offering a launch key, names the folders it
// looked in by their real absolute paths, and finds a GGUF put in ~/.models;
// the launch key in the models tab explains instead of failing.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { llamaTensors, writeGguf } from '../fixtures/inventory/gguf-writer.js';
import { GGUF_SHAPE, ggufMeta } from '../fixtures/inventory/tree.js';
import { CLI, ROOT, closedPort, isolatedEnv, runInPty, type PtyRun } from '../helpers.js';
import { until } from './_tui.js';

const ALT_2 = '\x1b2';
// Wide enough that no folder path wraps.
const SIZE = [160, 40] as const;

/** PATH without any folder that holds a `mistralrs`. */
function pathWithoutMistralrs(): string {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((d) => d !== '' && !fs.existsSync(path.join(d, 'mistralrs')))
    .join(path.delimiter);
}

async function firstRun(home: string, env: NodeJS.ProcessEnv): Promise<PtyRun> {
  const down = `http://127.0.0.1:${String(await closedPort())}`;
  return runInPty(process.execPath, [CLI, '--url', down], env, {
    cols: SIZE[0],
    rows: SIZE[1],
  });
}

function setUp(): { home: string; env: NodeJS.ProcessEnv } {
  const { home, env } = isolatedEnv();
  const real = fs.realpathSync(home);
  return { home: real, env: { ...env, HOME: real, PATH: pathWithoutMistralrs() } };
}

describe('the first-run welcome', () => {
  it('with no server, no mistralrs and no model: install advice and the real folders looked in', async () => {
    const { home, env } = setUp();
    const run = await firstRun(home, env);
    const hub = path.join(home, '.cache', 'huggingface', 'hub');
    const screen = await until(
      run,
      (s) =>
        s.includes('No server answers') && s.includes('looked in:') && s.includes('not on PATH'),
      'the welcome with the folders and the install advice',
      30_000,
      SIZE,
    );
    expect(screen).toContain('mistralrs is not on PATH; install it with:');
    expect(screen).toContain('cargo install mistralrs-cli --locked');
    expect(screen).toContain(`${hub} (missing)`);
    expect(screen).toContain(path.join(ROOT, '.models'));
    expect(screen).toContain(`${path.join(home, '.models')} (missing)`);
    expect(screen).not.toContain('~/.models');
    expect(screen).not.toContain('launches it');
    run.pty.write('\x03');
    expect((await run.exited).exitCode).toBe(0);
  }, 60_000);

  it('finds a GGUF put in ~/.models; without mistralrs the launch key says how to install it', async () => {
    const { home, env } = setUp();
    const dir = path.join(home, '.models');
    fs.mkdirSync(dir);
    writeGguf(path.join(dir, 'tiny.Q4_0.gguf'), {
      metadata: ggufMeta(),
      tensors: llamaTensors({ ...GGUF_SHAPE, type: 'Q4_0' }),
    });
    const run = await firstRun(home, env);
    const screen = await until(
      run,
      (s) => s.includes('• tiny.Q4_0') && s.includes('not on PATH'),
      'the welcome naming the model in ~/.models',
      30_000,
      SIZE,
    );
    expect(screen).toContain('cargo install mistralrs-cli --locked');
    expect(screen).not.toContain('launches it');
    run.pty.write(ALT_2);
    // The details say it next to the command s would run.
    const details = await until(
      run,
      (s) => s.includes('text · gguf · Q4_0'),
      'the model details',
      30_000,
      SIZE,
    );
    expect(details).toContain('! mistralrs not on PATH; install:');
    run.pty.write('s');
    // The toast (cut to its row; the notifications history has it whole).
    await until(
      run,
      (s) => s.includes('✗ Cannot launch tiny.Q4_0: mistralrs was not found on PAT'),
      'the launch key explaining',
      30_000,
      SIZE,
    );
    run.pty.write('\x03');
    expect((await run.exited).exitCode).toBe(0);
  }, 60_000);
});
