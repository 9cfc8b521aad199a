// The composition root: parse the command line, load the config, and run
// either a command or the TUI. The only module that knows every layer.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jsonText } from './cli/inert.js';
import { outFor, shown, type Out } from './cli/output.js';
import { parseCommandLine, type GlobalOptions } from './cli/program.js';
import { VERSION } from './config/app-info.js';
import {
  apiKeyOf,
  overridesFromEnv,
  OVERRIDE_ENV_VARS,
  resolveEffective,
  type Effective,
} from './config/effective.js';
import { ConfigError } from './config/errors.js';
import { loadConfig, type ConfigSource, type LoadedConfig } from './config/load.js';
import { CONFIG_FILE_NAME, resolvePaths, type AppPaths } from './config/paths.js';
import { redactUrl } from './config/show.js';
import { unsupportedTerminal } from './runtime/terminal-check.js';
import { describeCapabilities } from './tui/index.js';
import type { AgentPorts } from './agent-ports.js';
import type { WebLaunch } from './runtime/web/index.js';
import type { ImageDecoder } from './tui/graphics/decoder.js';

export interface Process {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly platform: NodeJS.Platform;
  readonly home: string;
}

/** Exit codes: 0 success, 1 a problem with config, database or runtime, 2 a usage error. */
export const EXIT_USAGE = 2;

interface Setup {
  readonly paths: AppPaths;
  readonly source: ConfigSource;
  readonly loaded?: LoadedConfig;
  readonly effective?: Effective;
  readonly error?: ConfigError;
  /** The error came from a flag or environment variable rather than the file. */
  readonly usage: boolean;
}

function setUp(g: GlobalOptions, p: Process): Setup {
  const paths = resolvePaths(
    { env: p.env, platform: p.platform, home: p.home },
    { configDir: g.configDir, dataDir: g.dataDir, stateDir: g.stateDir, cacheDir: g.cacheDir },
  );
  const defaultPath = path.join(paths.configDir, CONFIG_FILE_NAME);
  const explicit = g.config ?? nonEmpty(p.env[OVERRIDE_ENV_VARS.config]);
  const source: ConfigSource =
    explicit !== undefined
      ? { kind: 'file', path: path.resolve(explicit) }
      : { kind: 'defaults', lookedAt: defaultPath };
  let loaded: LoadedConfig;
  try {
    loaded = loadConfig(defaultPath, explicit !== undefined ? path.resolve(explicit) : undefined);
  } catch (err) {
    // A default file that exists but is broken is the file in error, not "no
    // file; defaults apply".
    const failed: ConfigSource =
      source.kind === 'defaults' && existsSync(defaultPath)
        ? { kind: 'file', path: defaultPath }
        : source;
    if (err instanceof ConfigError) return { paths, source: failed, error: err, usage: false };
    throw err;
  }
  try {
    const overrides = overridesFromEnv(
      {
        ...(g.database !== undefined ? { database: g.database } : {}),
        ...(g.url !== undefined ? { url: g.url } : {}),
        ...(g.backend !== undefined ? { backend: g.backend } : {}),
        ...(g.model !== undefined ? { model: g.model } : {}),
        ...(g.logLevel !== undefined ? { logLevel: g.logLevel } : {}),
        ...(g.logFile !== undefined ? { logFile: g.logFile } : {}),
        mouse: g.mouse,
        ...(g.agent === true ? { agent: true } : {}),
      },
      p.env,
    );
    const effective = resolveEffective(loaded.config, overrides, paths, p.home);
    return { paths, source: loaded.source, loaded, effective, usage: false };
  } catch (err) {
    if (err instanceof ConfigError) {
      const usage = err.diagnostics.some((d) => d.source.startsWith('--'));
      return { paths, source: loaded.source, loaded, error: err, usage };
    }
    throw err;
  }
}

/** The config file read, or the one that would be (for commands that write it). */
function configFileOf(source: ConfigSource): string {
  return source.kind === 'file' ? source.path : source.lookedAt;
}

function nonEmpty(v: string | undefined): string | undefined {
  return v !== undefined && v !== '' ? v : undefined;
}

function fail(p: Process, err: ConfigError, usage: boolean): number {
  // A config error quotes the file's text.
  p.stderr.write(`mistralrs-tui: ${shown(outFor(p.stderr, p.env), err.report())}\n`);
  return usage ? EXIT_USAGE : 1;
}

export async function main(p: Process): Promise<number> {
  const out: Out = outFor(p.stdout, p.env);
  const err: Out = outFor(p.stderr, p.env);
  const intent = parseCommandLine(p.argv, out.write);
  switch (intent.kind) {
    case 'printed':
      return intent.code;
    case 'usage-error':
      p.stderr.write(
        `mistralrs-tui: ${intent.message}\nTry 'mistralrs-tui --help' for the options.\n`,
      );
      return EXIT_USAGE;
    case 'config-init': {
      const paths = resolvePaths(
        { env: p.env, platform: p.platform, home: p.home },
        { configDir: intent.global.configDir },
      );
      if (intent.stdout) {
        const { exampleConfig } = await import('./config/example.js');
        out.write(exampleConfig());
        return 0;
      }
      const target = path.resolve(
        intent.global.config ??
          nonEmpty(p.env[OVERRIDE_ENV_VARS.config]) ??
          path.join(paths.configDir, CONFIG_FILE_NAME),
      );
      const { configInit } = await import('./cli/config-cmd.js');
      return configInit(out, err, target, intent.force);
    }
    default:
      break;
  }

  const setup = setUp(intent.global, p);
  switch (intent.kind) {
    case 'dry-run': {
      if (setup.usage && setup.error) return fail(p, setup.error, true);
      const { buildDryRunReport, printDryRun } = await import('./cli/dry-run.js');
      const report = await buildDryRunReport({
        version: VERSION,
        paths: setup.paths,
        source: setup.source,
        env: p.env,
        ...(setup.effective ? { effective: setup.effective } : {}),
        ...(setup.error ? { configError: setup.error } : {}),
      });
      if (intent.json) out.write(`${jsonText(report, 2)}\n`);
      else printDryRun(out, report);
      if (!report.ok && setup.error) p.stderr.write(`${shown(err, setup.error.hint ?? '')}\n`);
      return report.ok ? 0 : 1;
    }
    case 'config-path': {
      const { configPath, pathReport } = await import('./cli/config-cmd.js');
      return configPath(out, pathReport(setup.source, setup.effective, setup.paths), intent.json);
    }
    case 'config-check':
      if (setup.error) return fail(p, setup.error, setup.usage);
      out.write(
        `${setup.source.kind === 'file' ? shown(out, setup.source.path) : 'defaults (no config file)'}: ok\n`,
      );
      return 0;
    case 'config-show': {
      if (setup.error || !setup.effective)
        return fail(p, setup.error ?? new ConfigError([]), setup.usage);
      const { configShow } = await import('./cli/config-cmd.js');
      return configShow(out, setup.effective, intent.json);
    }
    case 'models-list':
    case 'models-show':
    case 'models-export': {
      if (setup.error || !setup.effective)
        return fail(p, setup.error ?? new ConfigError([]), setup.usage);
      const models = await import('./cli/models.js');
      const ctx = {
        out,
        err,
        effective: setup.effective,
        paths: setup.paths,
        env: p.env,
        home: p.home,
        cwd: process.cwd(),
        dirs: intent.dirs,
        configFile: setup.source.kind === 'file' ? setup.source.path : setup.source.lookedAt,
      };
      if (intent.kind === 'models-list') return models.modelsList(ctx, intent);
      if (intent.kind === 'models-show') return models.modelsShow(ctx, intent.id, intent);
      return models.modelsExport(ctx, intent.path, intent.force);
    }
    case 'ask': {
      if (setup.error || !setup.effective)
        return fail(p, setup.error ?? new ConfigError([]), setup.usage);
      const { runAsk } = await import('./cli/ask.js');
      return runAsk(p, setup.effective, intent);
    }
    case 'doctor': {
      if (setup.error || !setup.effective)
        return fail(p, setup.error ?? new ConfigError([]), setup.usage);
      const { runDoctor } = await import('./cli/doctor.js');
      const { describeTerminalGraphics } = await import('./runtime/graphics-check.js');
      const images = setup.effective.config.ui.images;
      return runDoctor(
        {
          ...p,
          graphics: () => describeTerminalGraphics(p.stdin, p.stdout, p.env, images),
        },
        setup.effective,
        intent.json,
      );
    }
    case 'serve': {
      if (setup.error || !setup.effective)
        return fail(p, setup.error ?? new ConfigError([]), setup.usage);
      const { runServe } = await import('./cli/serve.js');
      return runServe(
        { ...p, cwd: process.cwd(), paths: setup.paths },
        setup.effective,
        intent.id,
        intent.dirs,
      );
    }
    case 'sessions': {
      if (setup.error || !setup.effective)
        return fail(p, setup.error ?? new ConfigError([]), setup.usage);
      const { runSessions, terminalAsk } = await import('./cli/sessions.js');
      const ask = terminalAsk(p.stdin, p.stderr);
      return runSessions(intent.command, {
        out,
        err,
        database: setup.effective.database,
        ...(ask ? { ask } : {}),
      });
    }
    case 'mcp-list': {
      if (setup.error || !setup.effective)
        return fail(p, setup.error ?? new ConfigError([]), setup.usage);
      const { runMcpList } = await import('./cli/mcp-list.js');
      try {
        return await runMcpList(
          {
            out,
            err,
            effective: setup.effective,
            env: p.env,
            cwd: process.cwd(),
            configFile: configFileOf(setup.source),
            version: VERSION,
          },
          intent.json,
        );
      } catch (e) {
        if (e instanceof ConfigError) return fail(p, e, false);
        throw e;
      }
    }
    case 'mcp-import': {
      const { runMcpImport } = await import('./cli/mcp-import.js');
      const { readFileSync } = await import('node:fs');
      let json: string;
      try {
        json = readFileSync(intent.file, 'utf8');
      } catch (e) {
        p.stderr.write(
          `mistralrs-tui: ${shown(err, `cannot read ${intent.file}: ${(e as Error).message}`)}\n`,
        );
        return 1;
      }
      return runMcpImport({
        out,
        err,
        file: intent.file,
        json,
        configFile: configFileOf(setup.source),
        force: intent.force,
        print: intent.print,
      });
    }
    case 'tui':
      if (setup.error || !setup.effective)
        return fail(p, setup.error ?? new ConfigError([]), setup.usage);
      return runTui(p, setup.effective, setup.source, setup.paths);
    case 'web':
      if (setup.error || !setup.effective)
        return fail(p, setup.error ?? new ConfigError([]), setup.usage);
      return runTui(p, setup.effective, setup.source, setup.paths, intent);
  }
}

/** What `mistralrs-tui web` asked for. */
interface WebRequest {
  readonly host: string;
  readonly port: number;
  readonly open: boolean;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
}

async function runTui(
  p: Process,
  effective: Effective,
  source: ConfigSource,
  paths: AppPaths,
  web?: WebRequest,
): Promise<number> {
  const io = { stdin: p.stdin, stdout: p.stdout };
  // The web host needs no terminal: the browser is the screen.
  const unsupported = web === undefined ? unsupportedTerminal(io, p.env) : undefined;
  if (unsupported !== undefined) {
    p.stderr.write(`mistralrs-tui: ${unsupported}\n`);
    return 1;
  }
  const [
    { createFileLogger },
    { runApp },
    { keymapFromConfig },
    app,
    { createBackend },
    { openStore, StreamWriter },
    { ReplyMeter },
    { createModelPorts },
    { TelemetryPoller },
    { LogTail },
    { createSessionExporter },
    { createMediaService },
  ] = await Promise.all([
    import('./services/log/file-logger.js'),
    import('./runtime/run-app.js'),
    import('./runtime/keymap-config.js'),
    import('./app/index.js'),
    import('./services/backends/index.js'),
    import('./services/store/index.js'),
    import('./services/telemetry/reply-meter.js'),
    import('./model-ports.js'),
    import('./services/telemetry/poller.js'),
    import('./services/log/tail.js'),
    import('./services/export/exporter.js'),
    import('./services/media/index.js'),
  ]);
  let keymap;
  try {
    keymap = keymapFromConfig(effective.config.keybindings);
  } catch (e) {
    p.stderr.write(`mistralrs-tui: ${shown(outFor(p.stderr, p.env), (e as Error).message)}\n`);
    return 1;
  }
  let imageDecoder: ImageDecoder | undefined;
  // The logs tab shows what the log file gets, from the first record on.
  const logTail = new LogTail();
  let logger;
  try {
    logger = createFileLogger({
      tail: logTail,
      file: effective.logFile,
      level: effective.logLevel,
      maxBytes: effective.config.logging.max_size_mb * 1024 * 1024,
      maxFiles: effective.config.logging.max_files,
      secrets: Object.values(effective.config.backends).map((b) => apiKeyOf(b, p.env)),
    });
  } catch (e) {
    p.stderr.write(
      `mistralrs-tui: cannot open the log file ${effective.logFile}: ${(e as Error).message}\nChoose another with --log-file or --state-dir.\n`,
    );
    return 1;
  }
  const b = effective.backend;
  const db = effective.database;
  logger.info('start', {
    version: VERSION,
    backend: effective.backendName,
    kind: b.kind,
    url: b.url,
    config: source.kind === 'file' ? source.path : null,
  });
  let backend;
  let store;
  try {
    backend = createBackend(effective.backendName, b, { env: p.env, logger });
    store = await openStore(db);
  } catch (e) {
    await backend?.close?.().catch(() => undefined);
    logger.error('start failed', { error: (e as Error).message });
    logger.close();
    p.stderr.write(`mistralrs-tui: ${shown(outFor(p.stderr, p.env), (e as Error).message)}\n`);
    return 1;
  }
  // Node prints warnings to stderr, which would scribble over the screen: log them instead.
  const printWarnings = process.listeners('warning');
  process.removeAllListeners('warning');
  const logWarning = (warning: Error): void => {
    logger.warn('node warning', { name: warning.name, message: warning.message });
  };
  process.on('warning', logWarning);
  // The terminal host restores the screen and prints the stack; the log keeps it too.
  const crash = { happened: false };
  const logCrash = (error: unknown): void => {
    crash.happened = true;
    logger.error('crash', { error });
    logger.flush();
  };
  process.on('uncaughtException', logCrash);
  process.on('unhandledRejection', logCrash);
  const ui = effective.config.ui;
  let launch;
  if (web !== undefined) {
    launch = await startWeb(p, web, ui.mouse, ui.max_fps, logger);
    if (typeof launch === 'number') {
      process.off('uncaughtException', logCrash);
      process.off('unhandledRejection', logCrash);
      process.off('warning', logWarning);
      for (const listener of printWarnings) process.on('warning', listener);
      await backend.close?.().catch(() => undefined);
      await store.close().catch(() => undefined);
      logger.close();
      return launch;
    }
  }
  const info: [string, string][] = [
    ['Backend', `${effective.backendName} (${b.kind})${b.url !== undefined ? ` ${b.url}` : ''}`],
    ['Database', db.kind === 'sqlite' ? db.path : redactUrl(db.url)],
    ['Config', source.kind === 'file' ? source.path : `defaults (no ${source.lookedAt})`],
    ['Log', effective.logFile],
    ['Version', VERSION],
    ['Screen', launch === undefined ? 'terminal' : (launch.host.screen?.describe() ?? 'browser')],
  ];
  const openedStore = store;
  // Agent mode (issue 17): loaded only when on. The SDK loads and the servers
  // connect in the background: start-up does not wait for them.
  let agent: AgentPorts | undefined;
  if (effective.config.agent.enabled) {
    const agentPorts = await import('./agent-ports.js');
    try {
      agent = agentPorts.prepareAgent({
        effective,
        env: p.env,
        cwd: process.cwd(),
        configFile: configFileOf(source),
        logger,
        version: VERSION,
      });
    } catch (e) {
      await backend.close?.().catch(() => undefined);
      await store.close().catch(() => undefined);
      logger.error('start failed', { error: (e as Error).message });
      logger.close();
      if (e instanceof ConfigError) return fail(p, e, false);
      throw e;
    }
  }
  // Discovery, launching and switching for the models tab; closed (server stopped) at exit.
  const modelPorts = createModelPorts({
    effective,
    paths,
    env: p.env,
    home: p.home,
    cwd: process.cwd(),
    store: openedStore,
    logger,
  });
  const code = await runApp({
    ...(launch !== undefined ? { host: launch.host } : {}),
    stdin: p.stdin,
    stdout: p.stdout,
    env: p.env,
    mouse: ui.mouse,
    fps: ui.max_fps,
    theme: ui.theme,
    reopenLast: true,
    images: ui.images,
    initial: (width, height, graphics) =>
      app.initialState({
        width,
        height,
        keymap,
        backend: {
          name: effective.backendName,
          kind: b.kind,
          ...(b.url !== undefined ? { url: b.url } : {}),
          model: b.model ?? 'default',
        },
        layout: ui.layout === 'single' ? 'single' : 'dual',
        sidebarWidth: ui.sidebar_width,
        scrollLines: ui.scroll_lines,
        chatDefaults: app.chatDefaults({
          preset: effective.config.chat.preset,
          maxTokens: effective.config.chat.max_tokens,
          systemPrompt: effective.config.chat.system_prompt,
        }),
        info: [...info, ['Images', describeCapabilities(graphics).replace(/^images: /, '')]],
        ...(agent !== undefined
          ? {
              agent: {
                rules: effective.config.agent.rules,
                maxSteps: effective.config.agent.max_steps,
                resultLimit: effective.config.agent.result_limit,
                servers: agent.clients.servers(),
              },
            }
          : {}),
      }),
    ports: {
      backend,
      store: openedStore,
      startReply: (s, input) => StreamWriter.start(s, input),
      meter: () => new ReplyMeter(),
      logger,
      logFeed: logTail,
      telemetry: (polled, onReading) =>
        new TelemetryPoller(
          {
            backend: polled,
            intervalMs: effective.config.telemetry.poll_interval_ms,
            serverMetrics: effective.config.telemetry.server_metrics,
            systemInfo: effective.config.telemetry.system_info,
            gpu: effective.config.telemetry.gpu,
          },
          onReading,
        ),
      sampling: { maxTokens: effective.config.chat.max_tokens },
      models: modelPorts.ports,
      exporter: createSessionExporter(p.home),
      media: createMediaService({
        maxImageSide: effective.config.attachments.max_image_side,
        audioPlayer: effective.config.attachments.audio_player,
        // The engine's decoder, in its worker, started with the first picture
        // scaled; it decodes and scales there (docs/decisions.md).
        decode: async (bytes, format, fit) => {
          imageDecoder ??= new (await import('./tui/graphics/decoder.js')).ImageDecoder();
          const d = await imageDecoder.decode(bytes, format, fit);
          return d.scaled ?? d.img;
        },
        env: p.env,
        platform: p.platform,
      }),
      // The runtime starts the clients after the first frame (AppLoop.start).
      ...(agent !== undefined ? { agent: { clients: agent.clients, rules: agent.rules } } : {}),
    },
  });
  await launch?.close();
  process.off('uncaughtException', logCrash);
  process.off('unhandledRejection', logCrash);
  if (crash.happened) p.stderr.write(`The log is at ${effective.logFile}\n`);
  process.off('warning', logWarning);
  for (const listener of printWarnings) process.on('warning', listener);
  await modelPorts.close();
  await agent?.close().catch(() => undefined);
  await backend.close?.().catch(() => undefined);
  await store.close().catch(() => undefined);
  logger.info('exit', { code });
  logger.close();
  return code;
}

/**
 * Starts the web host's server and prints the address to open, with its
 * token, once (the log gets the address without it). A number: the exit code
 * of a failed start, already explained.
 */
async function startWeb(
  p: Process,
  web: WebRequest,
  mouse: boolean,
  fps: number,
  logger: {
    info(m: string, f?: Record<string, unknown>): void;
    warn(m: string, f?: Record<string, unknown>): void;
  },
): Promise<WebLaunch | number> {
  const { launchWeb, isLoopback } = await import('./runtime/web/index.js');
  const err = outFor(p.stderr, p.env);
  let tls;
  if (web.tlsCert !== undefined && web.tlsKey !== undefined) {
    const { readFileSync } = await import('node:fs');
    try {
      tls = { cert: readFileSync(web.tlsCert), key: readFileSync(web.tlsKey) };
    } catch (e) {
      p.stderr.write(
        `mistralrs-tui: cannot read the TLS files: ${shown(err, (e as Error).message)}\n`,
      );
      return 1;
    }
  }
  if (!isLoopback(web.host)) {
    p.stderr.write(
      `mistralrs-tui: warning: listening on ${shown(err, web.host)}, which other machines may reach. Anyone with the address below can use the app${tls === undefined ? ', and without --tls-cert the token crosses the network in clear text' : ''}.\n`,
    );
  }
  let launch;
  try {
    launch = await launchWeb({
      host: web.host,
      port: web.port,
      mouse,
      fps,
      ...(tls !== undefined ? { tls } : {}),
      log: (message, fields) => {
        logger.info(message, fields);
      },
    });
  } catch (e) {
    p.stderr.write(
      `mistralrs-tui: cannot serve the web page on ${shown(err, `${web.host}:${web.port}`)}: ${shown(err, (e as Error).message)}\n`,
    );
    return 1;
  }
  p.stdout.write(
    `mistralrs-tui is running in the browser. Open this address (it carries a token made for this run; keep it private):\n\n  ${launch.server.openUrl}\n\nCtrl+C here or in the page stops it.\n`,
  );
  if (web.open) {
    const { spawn } = process.getBuiltinModule('node:child_process');
    const opener =
      p.platform === 'darwin' ? 'open' : p.platform === 'win32' ? 'explorer' : 'xdg-open';
    try {
      const child = spawn(opener, [launch.server.openUrl], { stdio: 'ignore', detached: true });
      child.on('error', () => {
        logger.warn('web: could not open a browser', { opener });
      });
      child.unref();
    } catch {
      logger.warn('web: could not open a browser', { opener });
    }
  }
  return launch;
}

export function processFromNode(): Process {
  return {
    argv: process.argv.slice(2),
    env: process.env,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    platform: process.platform,
    home: os.homedir(),
  };
}
