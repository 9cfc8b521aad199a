// Starts, watches, restarts, switches and stops one `mistralrs serve` child.
// The child runs under supervisor.ts so it dies with us even after a SIGKILL.
// Its output is captured line by line (logged, kept in a ring for crash
// reports, parsed for loading progress and 0.8.1's "N running, M waiting").
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import type { LaunchSpec } from '../../domain/model.js';
import { silentLogger, type Logger } from '../../domain/log.js';
import type { LauncherEvent } from '../../domain/ports.js';
import { withPort } from '../inventory/launch.js';
import { parseServerLine, stripAnsi, type ServerLineInfo } from './output.js';
import { serveFeatures, uiArgs } from './serve-features.js';

export interface LauncherOptions {
  /** The mistralrs binary (see findMistralrs). */
  readonly binary: string;
  readonly host: string;
  readonly portMin: number;
  readonly portMax: number;
  readonly startupTimeoutMs: number;
  readonly stopGraceMs: number;
  readonly logger?: Logger;
  /** Lines kept for crash reports. */
  readonly keepLines?: number;
  /**
   * Serve mistral.rs's own web UI at /ui (default off: `--no-ui` where the
   * binary serves it by default, as 0.9.2 does; `--ui` where it must be asked
   * for, as on 0.8.1).
   */
  readonly ui?: boolean;
}

export class LaunchError extends Error {
  override readonly name = 'LaunchError';
  constructor(
    message: string,
    readonly lastLines: readonly string[],
  ) {
    super(message);
  }
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly argv: readonly string[];
  /** Process id of the mistralrs server itself (not the supervisor). */
  readonly pid: number | undefined;
}

interface Current {
  readonly proc: ChildProcess;
  readonly spec: LaunchSpec;
  readonly server: RunningServer & { pid: number | undefined };
  stopping: boolean;
  exited: Promise<{ code: number | null; signal: string | null }>;
}

function supervisorPath(): string {
  // Built: dist/services/launcher/supervisor.js; in tests, the .ts beside us
  // (Node 24 strips types).
  const js = fileURLToPath(new URL('./supervisor.js', import.meta.url));
  return existsSync(js) ? js : fileURLToPath(new URL('./supervisor.ts', import.meta.url));
}

export async function portIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => {
      resolve(false);
    });
    srv.listen(port, host, () => {
      srv.close(() => {
        resolve(true);
      });
    });
  });
}

/** The first free port in [min, max], starting at a random offset so two launchers rarely collide. */
export async function pickPort(host: string, min: number, max: number): Promise<number> {
  const span = max - min + 1;
  const offset = Math.floor(Math.random() * span);
  for (let i = 0; i < span; i++) {
    const port = min + ((offset + i) % span);
    if (await portIsFree(host, port)) return port;
  }
  throw new LaunchError(
    `no free port between ${min} and ${max} on ${host} — widen launcher.port_min/port_max`,
    [],
  );
}

export class ServerLauncher {
  private current: Current | undefined;
  private previous: LaunchSpec | undefined;
  private readonly listeners = new Set<(e: LauncherEvent) => void>();
  private readonly lines: string[] = [];
  private readonly log: Logger;

  constructor(private readonly opts: LauncherOptions) {
    this.log = (opts.logger ?? silentLogger).child({ component: 'launcher' });
  }

  on(listener: (e: LauncherEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: LauncherEvent): void {
    for (const l of this.listeners) l(e);
  }

  get running(): RunningServer | undefined {
    return this.current?.server;
  }

  /** The last lines the server printed (newest last). */
  lastLines(n = 20): string[] {
    return this.lines.slice(-n);
  }

  private keep(line: string): void {
    this.lines.push(line);
    const max = this.opts.keepLines ?? 200;
    if (this.lines.length > max) this.lines.splice(0, this.lines.length - max);
  }

  /** Starts a server for `spec` and resolves when /health answers; rejects with the last lines on a crash. */
  async start(spec: LaunchSpec): Promise<RunningServer> {
    if (this.current !== undefined) await this.stop();
    this.previous = spec;
    const port = await pickPort(this.opts.host, this.opts.portMin, this.opts.portMax);
    const ui = uiArgs(await serveFeatures(this.opts.binary), this.opts.ui === true);
    // `serve` options go before the kind word, where the port goes.
    const argv = withPort({ ...spec, argv: spec.argv.toSpliced(spec.portIndex, 0, ...ui) }, port);
    this.lines.length = 0;
    this.emit({ type: 'starting', argv, port });
    this.log.info('starting mistralrs', { binary: this.opts.binary, argv, port });
    const { fork } = process.getBuiltinModule('node:child_process');
    const proc = fork(
      supervisorPath(),
      [String(this.opts.stopGraceMs), this.opts.binary, ...argv],
      {
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        execArgv: [],
      },
    );
    const host = this.opts.host === '0.0.0.0' ? '127.0.0.1' : this.opts.host;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    const server: RunningServer & { pid: number | undefined } = { url, port, argv, pid: undefined };
    let resolveExit!: (v: { code: number | null; signal: string | null }) => void;
    const exited = new Promise<{ code: number | null; signal: string | null }>((r) => {
      resolveExit = r;
    });
    const cur: Current = { proc, spec, server, stopping: false, exited };
    this.current = cur;
    let reported: { code: number | null; signal: string | null } | undefined;
    proc.on(
      'message',
      (msg: { type?: string; pid?: number; code?: number | null; signal?: string | null }) => {
        if (msg.type === 'spawned') server.pid = msg.pid;
        if (msg.type === 'exit') reported = { code: msg.code ?? null, signal: msg.signal ?? null };
      },
    );
    for (const [name, stream] of [
      ['stdout', proc.stdout],
      ['stderr', proc.stderr],
    ] as const) {
      if (stream === null) continue;
      const { createInterface } = process.getBuiltinModule('node:readline');
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (raw) => {
        const text = stripAnsi(raw);
        this.keep(text);
        this.log.debug('server output', { stream: name, line: text });
        this.emit({ type: 'line', stream: name, text });
        this.onInfo(parseServerLine(text));
      });
    }
    proc.on('exit', (code, signal) => {
      const result = reported ?? { code, signal };
      if (this.current === cur) this.current = undefined;
      const expected = cur.stopping;
      this.log[expected ? 'info' : 'error']('mistralrs exited', { ...result, expected });
      // Let the last output lines arrive before reporting.
      setImmediate(() => {
        this.emit({ type: 'exited', ...result, expected, lastLines: this.lastLines() });
        resolveExit(result);
      });
    });

    const started = Date.now();
    const deadline = started + this.opts.startupTimeoutMs;
    const flag = { done: false };
    const exitedEarly = exited.then((r) => {
      if (flag.done) return;
      throw new LaunchError(
        `mistralrs exited while starting (${r.signal !== null ? `signal ${r.signal}` : `exit code ${String(r.code)}`})${this.lastLines(1).length > 0 ? `: ${this.lastLines(1)[0] ?? ''}` : ''}`,
        this.lastLines(),
      );
    });
    const healthy = (async () => {
      while (!flag.done) {
        if (Date.now() > deadline) {
          throw new LaunchError(
            `mistralrs did not answer ${url}/health within ${Math.round(this.opts.startupTimeoutMs / 1000)} s — raise launcher.startup_timeout_s for big models`,
            this.lastLines(),
          );
        }
        try {
          const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
          await res.body?.cancel();
          if (res.ok) return;
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    try {
      await Promise.race([healthy, exitedEarly]);
    } catch (err) {
      flag.done = true;
      await this.stop();
      throw err;
    }
    flag.done = true;
    const ms = Date.now() - started;
    this.log.info('mistralrs ready', { url, ms });
    this.emit({ type: 'ready', url, ms });
    return server;
  }

  private onInfo(info: ServerLineInfo | undefined): void {
    if (info === undefined) return;
    if (info.kind === 'queue') {
      this.emit({
        type: 'queue',
        running: info.running,
        waiting: info.waiting,
        ...(info.throughput !== undefined ? { throughputTokPerSec: info.throughput } : {}),
      });
    } else {
      this.emit({ type: 'progress', message: info.message });
    }
  }

  /** SIGTERM (through the supervisor), SIGKILL after the grace period; resolves when it is gone. */
  async stop(): Promise<void> {
    const cur = this.current;
    if (cur === undefined) return;
    cur.stopping = true;
    if (cur.proc.connected) cur.proc.send({ type: 'stop' });
    else cur.proc.kill('SIGTERM');
    // The supervisor kills the server itself after the grace period; this is
    // the last resort if the supervisor itself hangs.
    const last = setTimeout(() => {
      cur.proc.kill('SIGKILL');
      if (cur.server.pid !== undefined) {
        try {
          process.kill(cur.server.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }, this.opts.stopGraceMs + 2000);
    await cur.exited;
    clearTimeout(last);
  }

  /** Stops and starts the last model again (e.g. after a crash). */
  async restart(): Promise<RunningServer> {
    if (this.previous === undefined)
      throw new LaunchError('nothing to restart: no server was started', []);
    return this.start(this.previous);
  }

  /**
   * Serves another model. mistral.rs 0.8.1 serves the models it was started
   * with (its load/unload routes manage only those), so a switch to a model
   * it was not started with is a stop and a start.
   */
  switchModel(spec: LaunchSpec): Promise<RunningServer> {
    return this.start(spec);
  }
}
