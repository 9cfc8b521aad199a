// `mistralrs-tui serve MODEL_ID`: starts a mistral.rs server for a discovered
// model through the launcher, in the foreground. Server output goes to stderr
// as it comes; Ctrl+C (or SIGTERM) stops the server and exits 0; a crash
// prints the last lines and exits 1.
import type { Effective } from '../config/effective.js';
import type { AppPaths } from '../config/paths.js';
import type { ModelDescription } from '../domain/model.js';
import { inert } from './inert.js';

export interface ServeIo {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly home: string;
  readonly cwd: string;
  readonly paths: AppPaths;
}

async function findModel(
  io: ServeIo,
  effective: Effective,
  id: string,
  dirs: readonly string[],
): Promise<ModelDescription | string> {
  const { createInventory, scanConfigFrom } = await import('../services/inventory/index.js');
  const svc = createInventory(
    scanConfigFrom({
      config: effective.config,
      paths: io.paths,
      env: io.env,
      home: io.home,
      cwd: io.cwd,
      extraDirectories: dirs,
    }),
    { paths: io.paths },
  );
  try {
    const { folders } = await svc.scan({});
    const m = svc.get(id);
    if (m !== undefined) return m;
    const { noModelText } = await import('./folders.js');
    return noModelText(
      { write: () => undefined, color: false, terminal: false },
      id,
      svc.list(),
      folders,
    );
  } finally {
    await svc.close();
  }
}

export async function runServe(
  io: ServeIo,
  effective: Effective,
  id: string,
  dirs: readonly string[],
): Promise<number> {
  const { findMistralrs } = await import('../services/launcher/find-binary.js');
  const l = effective.config.launcher;
  const bin = findMistralrs(l.binary, io.env);
  // The server's lines, model ids and paths are text from outside: inert on a terminal.
  const err = (text: string): string => (io.stderr.isTTY === true ? inert(text) : text);
  const out = (text: string): string => (io.stdout.isTTY === true ? inert(text) : text);
  if (!bin.found) {
    io.stderr.write(`mistralrs-tui: ${err(bin.message)}\n`);
    return 1;
  }
  const model = await findModel(io, effective, id, dirs);
  if (typeof model === 'string') {
    io.stderr.write(`mistralrs-tui: ${err(model)}\n`);
    return 1;
  }
  const { ServerLauncher, LaunchError } = await import('../services/launcher/launcher.js');
  const launcher = new ServerLauncher({
    binary: bin.path,
    host: l.host,
    portMin: l.port_min,
    portMax: l.port_max,
    startupTimeoutMs: l.startup_timeout_s * 1000,
    stopGraceMs: l.stop_grace_ms,
    ui: l.ui,
  });
  launcher.on((e) => {
    if (e.type === 'line') io.stderr.write(`${err(e.text)}\n`);
    else if (e.type === 'starting') {
      io.stderr.write(`mistralrs-tui: ${err(`starting ${bin.path} ${e.argv.join(' ')}`)}\n`);
    }
  });
  const state = { stopping: false };
  const onSignal = (): void => {
    if (state.stopping) return;
    state.stopping = true;
    io.stderr.write('mistralrs-tui: stopping the server\n');
    void launcher.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const server = await launcher.start(model.launch);
    // The next step is to chat with it: say how, in a line that can be copied.
    io.stdout.write(
      `serving ${out(model.id)} at ${server.url} (OpenAI-compatible: ${server.url}/v1) — Ctrl+C stops it\n` +
        `chat with it from another terminal: mistralrs-tui --url ${server.url}\n`,
    );
    const exit = await new Promise<{
      expected: boolean;
      code: number | null;
      lines: readonly string[];
    }>((resolve) => {
      launcher.on((e) => {
        if (e.type === 'exited')
          resolve({ expected: e.expected, code: e.code, lines: e.lastLines });
      });
    });
    if (exit.expected) return 0;
    io.stderr.write(
      `mistralrs-tui: the server exited unexpectedly (exit code ${String(exit.code)})${exit.lines.length > 0 ? `; last lines:\n${err(exit.lines.slice(-10).join('\n'))}` : ''}\n`,
    );
    return 1;
  } catch (e) {
    if (state.stopping) return 0;
    if (e instanceof LaunchError) {
      io.stderr.write(`mistralrs-tui: ${err(e.message)}\n`);
      return 1;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
