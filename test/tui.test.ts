// The TUI in a real pseudo-terminal: it draws, quits, and leaves the terminal
// exactly as it found it on every way out. No server listens on the URL here;
// test/e2e/ talks to the real one.
import { Terminal } from '@xterm/headless';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, isolatedEnv, ROOT, runInPty } from './helpers.js';

const FRAME_END = '\x1b[?2026l';

/** Replays raw output into a headless xterm and returns it. */
async function replay(output: string, cols = 100, rows = 30): Promise<Terminal> {
  const term = new Terminal({ cols, rows, allowProposedApi: true });
  await new Promise<void>((resolve) => {
    term.write(output, resolve);
  });
  return term;
}

function screenText(term: Terminal): string {
  const buf = term.buffer.active;
  const lines: string[] = [];
  for (let y = 0; y < term.rows; y++) lines.push(buf.getLine(y)?.translateToString(true) ?? '');
  return lines.join('\n');
}

/** Checks the modes the TUI turns on are all turned off again, in the right order. */
function expectRestored(output: string): void {
  const last = (s: string) => output.lastIndexOf(s);
  expect(last('\x1b[?1049l')).toBeGreaterThan(last('\x1b[?1049h'));
  expect(last('\x1b[?25h')).toBeGreaterThan(last('\x1b[?25l'));
  expect(last('\x1b[?2004l')).toBeGreaterThan(last('\x1b[?2004h'));
  expect(last('\x1b[?1000l')).toBeGreaterThan(last('\x1b[?1000h'));
  expect(last('\x1b[?1006l')).toBeGreaterThan(last('\x1b[?1006h'));
}

function start(args: string[] = [], size = { cols: 100, rows: 30 }) {
  const { env } = isolatedEnv();
  return runInPty(process.execPath, [CLI, '--url', 'http://127.0.0.1:1', ...args], env, size);
}

/** Replays the output until `text` is on the screen (the app draws asynchronously). */
async function waitForScreen(run: ReturnType<typeof start>, text: string, cols = 100, rows = 30) {
  for (let i = 0; i < 200; i++) {
    const screen = screenText(await replay(run.output(), cols, rows));
    if (screen.includes(text)) return screen;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(
    `"${text}" never appeared; the screen:\n${screenText(await replay(run.output(), cols, rows))}`,
  );
}

describe('the app in a terminal', () => {
  it('shows the backend, the set-up in the help, and q outside the composer quits cleanly', async () => {
    const { home, env } = isolatedEnv();
    const db = path.join(home, 'some.db');
    const run = runInPty(
      process.execPath,
      [CLI, '--url', 'http://127.0.0.1:1', '--database', db],
      env,
    );
    await run.waitFor(FRAME_END);
    const term = await replay(run.output());
    expect(term.buffer.active.type).toBe('alternate');
    await waitForScreen(run, 'unreachable local (mistralrs) · default');
    run.pty.write('\x1bOP'); // F1
    const help = await waitForScreen(run, 'Database  ');
    expect(help).toContain('Backend   local (mistralrs) http://127.0.0.1:1');
    expect(help).toContain(`Database  ${db}`);
    expect(help).toContain('Version   0.1.0');
    run.pty.write('\x1bOP'); // F1 again closes the help
    run.pty.write('\t\t'); // focus the sidebar, where q quits (in the chat it would be typed)
    await new Promise((resolve) => setTimeout(resolve, 100));
    run.pty.write('q');
    expect((await run.exited).exitCode).toBe(0);
    expectRestored(run.output());
    expect((await replay(run.output())).buffer.active.type).toBe('normal');
  });

  it('quits on Ctrl+C with status 0', async () => {
    const run = start();
    await run.waitFor(FRAME_END);
    run.pty.write('\x03');
    expect((await run.exited).exitCode).toBe(0);
    expectRestored(run.output());
  });

  it('restores the terminal on SIGTERM and SIGHUP, exiting with the signal status', async () => {
    for (const [signal, code] of [
      ['SIGTERM', 143],
      ['SIGHUP', 129],
    ] as const) {
      const run = start();
      await run.waitFor(FRAME_END);
      run.pty.kill(signal);
      expect((await run.exited).exitCode).toBe(code);
      expectRestored(run.output());
    }
  });

  it('repaints at the new size after a resize', async () => {
    const run = start([], { cols: 100, rows: 30 });
    await run.waitFor(FRAME_END);
    const frames = run.output().split(FRAME_END).length;
    run.pty.resize(60, 20);
    // Another frame (a status tick) may land before the resize repaint: poll the
    // replayed screen until a frame drawn at 60 columns shows its box corners.
    let repainted = false;
    for (let i = 0; i < 200 && !repainted; i++) {
      const newFrames = run.output().split(FRAME_END).length > frames;
      const rows = screenText(await replay(run.output(), 60, 20)).split('\n');
      repainted = newFrames && rows.some((r) => r.includes('╭') && r.trimEnd().endsWith('╮'));
      if (!repainted) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(repainted, 'no repaint at 60x20 after the resize').toBe(true);
    run.pty.resize(50, 15);
    await waitForScreen(run, 'Terminal too small: 50x15', 50, 15);
    run.pty.write('\x03');
    await run.exited;
  });

  it('makes control characters in paths visible instead of sending them to the terminal', async () => {
    const { home, env } = isolatedEnv();
    const evil = path.join(home, 'evil\x1b]0;pwned\x07.db');
    const run = runInPty(
      process.execPath,
      [CLI, '--url', 'http://127.0.0.1:1', '--database', evil],
      env,
    );
    await run.waitFor(FRAME_END);
    run.pty.write('\x1bOP'); // F1 shows the set-up
    await waitForScreen(run, 'evil^[]0;pwned^G.db');
    expect(run.output()).not.toContain('\x1b]0;pwned');
    run.pty.write('\x03');
    await run.exited;
  });

  it('typing q in the composer types it, and Ctrl+C still quits', async () => {
    const run = start();
    await run.waitFor(FRAME_END);
    run.pty.write('q');
    await waitForScreen(run, '│ q');
    run.pty.write('\x03');
    expect((await run.exited).exitCode).toBe(0);
  });

  it('sends Node warnings to the log, not over the screen', async () => {
    const { home, env } = isolatedEnv();
    const preload = path.join(ROOT, 'test', 'fixtures', 'runtime', 'warn.mjs');
    const log = path.join(home, 'tui.log');
    const run = runInPty(
      process.execPath,
      [`--import=${preload}`, CLI, '--url', 'http://127.0.0.1:1', '--log-file', log],
      env,
    );
    await run.waitFor(FRAME_END);
    // Wait until the warning has been logged, then quit.
    for (
      let i = 0;
      i < 200 && !(existsSync(log) && readFileSync(log, 'utf8').includes('test-warning-xyz'));
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    run.pty.write('\x03');
    expect((await run.exited).exitCode).toBe(0);
    expect(run.output()).not.toContain('test-warning-xyz');
    expect(readFileSync(log, 'utf8')).toContain('"message":"test-warning-xyz"');
  });

  it('refuses an unknown command id in [keybindings], naming the nearest one', async () => {
    const { home, env } = isolatedEnv();
    const config = path.join(home, 'config.toml');
    writeFileSync(config, '[keybindings]\n"app.hlep" = "ctrl+h"\n');
    const run = runInPty(
      process.execPath,
      [CLI, '--config', config, '--url', 'http://127.0.0.1:1'],
      env,
    );
    expect((await run.exited).exitCode).toBe(1);
    expect(run.output()).toContain('"app.hlep" is not a command; did you mean "app.help"?');
    expect(run.output()).not.toContain('\x1b[?1049h');
  });

  it('tells a TERM=dumb user what to do', async () => {
    const { env } = isolatedEnv({ TERM: 'dumb' });
    const run = runInPty(process.execPath, [CLI], env);
    const { exitCode } = await run.exited;
    expect(exitCode).toBe(1);
    expect(run.output()).toContain('TERM is "dumb"');
    expect(run.output()).not.toContain('\x1b[?1049h');
  });
});

describe('terminal host', () => {
  it('restores the terminal when the program crashes', async () => {
    const { env } = isolatedEnv();
    const fixture = path.join(ROOT, 'test', 'fixtures', 'runtime', 'crash.mjs');
    const run = runInPty(process.execPath, [fixture], env);
    const { exitCode } = await run.exited;
    expect(exitCode).toBe(1);
    expectRestored(run.output());
    expect(run.output()).toContain('crashed on purpose');
  });
});
