// The command line: options, subcommands and help. Parsing is pure — it turns
// argv into an Intent for main.ts to carry out — so it is tested without I/O.
import { Command, CommanderError, Option } from 'commander';
import { VERSION } from '../config/app-info.js';
import type { GlobalOptions } from './global-options.js';
import { addSessionsCommand, type SessionsIntent } from './sessions-args.js';

export type { GlobalOptions };

export type Intent =
  | { readonly kind: 'tui'; readonly global: GlobalOptions }
  | { readonly kind: 'dry-run'; readonly global: GlobalOptions; readonly json: boolean }
  | {
      readonly kind: 'config-init';
      readonly global: GlobalOptions;
      readonly force: boolean;
      readonly stdout: boolean;
    }
  | { readonly kind: 'config-show'; readonly global: GlobalOptions; readonly json: boolean }
  | { readonly kind: 'config-path'; readonly global: GlobalOptions; readonly json: boolean }
  | { readonly kind: 'config-check'; readonly global: GlobalOptions }
  | {
      readonly kind: 'models-list';
      readonly global: GlobalOptions;
      readonly json: boolean;
      readonly refresh: boolean;
      readonly checksum: boolean;
      readonly dirs: readonly string[];
    }
  | {
      readonly kind: 'models-show';
      readonly global: GlobalOptions;
      readonly id: string;
      readonly json: boolean;
      readonly dirs: readonly string[];
    }
  | {
      readonly kind: 'models-export';
      readonly global: GlobalOptions;
      readonly path?: string;
      readonly force: boolean;
      readonly dirs: readonly string[];
    }
  | {
      readonly kind: 'ask';
      readonly global: GlobalOptions;
      readonly prompt?: string;
      readonly system?: string;
      readonly json: boolean;
      readonly stats: boolean;
      readonly save: boolean;
      readonly raw: boolean;
      readonly maxTokens?: number;
    }
  | { readonly kind: 'doctor'; readonly global: GlobalOptions; readonly json: boolean }
  | {
      readonly kind: 'serve';
      readonly global: GlobalOptions;
      readonly id: string;
      readonly dirs: readonly string[];
    }
  | {
      readonly kind: 'web';
      readonly global: GlobalOptions;
      readonly host: string;
      /** 0: any free port. */
      readonly port: number;
      readonly open: boolean;
      readonly tlsCert?: string;
      readonly tlsKey?: string;
    }
  | SessionsIntent
  | { readonly kind: 'mcp-list'; readonly global: GlobalOptions; readonly json: boolean }
  | {
      readonly kind: 'mcp-import';
      readonly global: GlobalOptions;
      readonly file: string;
      readonly force: boolean;
      readonly print: boolean;
    }
  /** Help or version was printed; nothing else to do. */
  | { readonly kind: 'printed'; readonly code: number }
  | { readonly kind: 'usage-error'; readonly message: string };

export const LOG_LEVEL_CHOICES = ['error', 'warn', 'info', 'debug', 'trace'];

function buildProgram(out: (text: string) => void, setIntent: (intent: Intent) => void): Command {
  const program = new Command('mistralrs-tui');
  const globals = (cmd: Command): GlobalOptions => {
    const {
      json: _json,
      dryRun: _dryRun,
      ...rest
    } = cmd.optsWithGlobals<GlobalOptions & { json?: boolean; dryRun?: boolean }>();
    return rest;
  };
  // --json is also a root option, so after a subcommand the root may claim it.
  const wantsJson = (cmd: Command): boolean =>
    cmd.optsWithGlobals<{ json?: boolean }>().json === true;
  program
    .description(
      'A full-screen terminal UI for chatting with and managing local models served by mistral.rs.',
    )
    .version(VERSION, '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'show this help')
    .option('-c, --config <path>', 'config file (default: config.toml in the config directory)')
    .option('-d, --database <path|url>', 'SQLite file or postgres:// URL for sessions')
    .option('-u, --url <url>', 'base URL of the backend server, e.g. http://127.0.0.1:1234')
    .option('-b, --backend <name>', 'backend profile from the config to use')
    .option('-m, --model <id>', 'model to chat with')
    .addOption(
      new Option('--log-level <level>', 'least severe log level written').choices(
        LOG_LEVEL_CHOICES,
      ),
    )
    .option('--log-file <path>', 'log file (default: mistralrs-tui.log in the state directory)')
    .option('--no-mouse', 'do not capture the mouse')
    .option(
      '--agent',
      'agent mode for this run: the model may call tools of the MCP servers in the config, each call allowed by a rule or by you',
    )
    .option('--config-dir <dir>', 'directory holding config.toml')
    .option('--data-dir <dir>', 'directory holding the session database')
    .option('--state-dir <dir>', 'directory holding logs')
    .option('--cache-dir <dir>', 'directory holding caches')
    .option('--dry-run', 'check config, database, models and backends, print a report, and exit')
    .option('--json', 'with --dry-run: print the report as one JSON object')
    .action((opts: { dryRun?: boolean; json?: boolean }, cmd: Command) => {
      if (opts.dryRun === true)
        setIntent({ kind: 'dry-run', global: globals(cmd), json: opts.json === true });
      else if (opts.json === true) {
        setIntent({
          kind: 'usage-error',
          message: '--json works only with --dry-run or a subcommand',
        });
      } else setIntent({ kind: 'tui', global: globals(cmd) });
    });

  const config = program.command('config').description('create, show and locate the config file');
  config
    .command('init')
    .description('write a fully commented example config (to --config, or the default path)')
    .option('-f, --force', 'overwrite an existing file')
    .option('--stdout', 'print the example instead of writing a file')
    .action((opts: { force?: boolean; stdout?: boolean }, cmd: Command) => {
      setIntent({
        kind: 'config-init',
        global: globals(cmd),
        force: opts.force === true,
        stdout: opts.stdout === true,
      });
    });
  config
    .command('show')
    .description('print the effective config (file, flags and environment) with secrets redacted')
    .option('--json', 'print JSON instead of TOML')
    .action((_opts: unknown, cmd: Command) => {
      setIntent({ kind: 'config-show', global: globals(cmd), json: wantsJson(cmd) });
    });
  config
    .command('path')
    .description('print where the config, database, logs and caches live')
    .option('--json', 'print JSON')
    .action((_opts: unknown, cmd: Command) => {
      setIntent({ kind: 'config-path', global: globals(cmd), json: wantsJson(cmd) });
    });
  config
    .command('check')
    .description('validate the config file and exit (0 when valid, 1 when not)')
    .action((_opts: unknown, cmd: Command) => {
      setIntent({ kind: 'config-check', global: globals(cmd) });
    });

  const collect = (value: string, previous: string[] | undefined): string[] => [
    ...(previous ?? []),
    value,
  ];
  // `models --dir X show ID` and `models show ID --dir X` both count: the parent
  // or the subcommand may take the option, so gather it from both.
  const dirsOf = (cmd: Command): string[] => {
    const all: string[] = [];
    for (let c: Command | null = cmd; c !== null; c = c.parent)
      all.unshift(...(c.opts<{ dir?: string[] }>().dir ?? []));
    return [...new Set(all)];
  };
  const models = program
    .command('models')
    .description(
      'list the models found on disk (HF cache, configured folders, ./.models, ~/.models)',
    )
    .option('--json', 'print JSON')
    .option('--refresh', 'read every header again instead of using the cache')
    .option('--checksum', 'compute the sha256 of every model (slow: reads all weights)')
    .option('--dir <path>', 'also scan this folder (repeatable)', collect)
    .action((opts: { refresh?: boolean; checksum?: boolean }, cmd: Command) => {
      setIntent({
        kind: 'models-list',
        global: globals(cmd),
        json: wantsJson(cmd),
        refresh: opts.refresh === true,
        checksum: opts.checksum === true,
        dirs: dirsOf(cmd),
      });
    });
  models
    .command('show')
    .description('print everything known about a model, including its launch command')
    .argument('<id>', 'model id (or path) from `mistralrs-tui models`')
    .option('--json', 'print JSON')
    .option('--dir <path>', 'also scan this folder, as given to `models` (repeatable)', collect)
    .action((id: string, _opts: unknown, cmd: Command) => {
      setIntent({
        kind: 'models-show',
        global: globals(cmd),
        id,
        json: wantsJson(cmd),
        dirs: dirsOf(cmd),
      });
    });
  models
    .command('export-inventory')
    .description('write a MODEL_INVENTORY.json listing the models found')
    .argument('[path]', 'file to write (default: ./MODEL_INVENTORY.json)')
    .option('-f, --force', 'overwrite an existing file')
    .option('--dir <path>', 'also scan this folder (repeatable)', collect)
    .action((file: string | undefined, opts: { force?: boolean }, cmd: Command) => {
      setIntent({
        kind: 'models-export',
        global: globals(cmd),
        ...(file !== undefined ? { path: file } : {}),
        force: opts.force === true,
        dirs: dirsOf(cmd),
      });
    });

  // The global options without a subcommand's own (optsWithGlobals merges them).
  const globalsOnly = (cmd: Command): GlobalOptions => {
    const own = new Set(cmd.options.map((o) => o.attributeName()));
    return Object.fromEntries(
      Object.entries(globals(cmd)).filter(([k]) => !own.has(k)),
    ) as unknown as GlobalOptions;
  };
  program
    .command('ask')
    .description(
      'stream one reply to stdout (the prompt from the arguments, or from stdin when piped)',
    )
    .argument('[prompt...]', 'the prompt; read from stdin when absent')
    .option('--system <text>', 'system prompt')
    .option('--json', 'print one JSON object (text, finish, error, metrics) instead of the text')
    .option('--stats', 'print time to first token, tokens/s and token counts to stderr')
    .option(
      '--raw',
      "write the reply exactly as received, even to a terminal (by default a terminal is shown the model's escape sequences and control characters inert, ESC as ^[; a pipe always gets them unchanged)",
    )
    .option('--no-save', 'do not save the exchange as a session')
    .option('--max-tokens <n>', 'most tokens in the reply (default: chat.max_tokens)')
    .action(
      (
        words: string[],
        opts: {
          system?: string;
          stats?: boolean;
          raw?: boolean;
          save: boolean;
          maxTokens?: string;
        },
        cmd: Command,
      ) => {
        const max = opts.maxTokens !== undefined ? Number(opts.maxTokens) : undefined;
        if (max !== undefined && (!Number.isInteger(max) || max < 1)) {
          setIntent({ kind: 'usage-error', message: '--max-tokens must be a positive integer' });
          return;
        }
        setIntent({
          kind: 'ask',
          global: globalsOnly(cmd),
          ...(words.length > 0 ? { prompt: words.join(' ') } : {}),
          ...(opts.system !== undefined ? { system: opts.system } : {}),
          json: wantsJson(cmd),
          stats: opts.stats === true,
          save: opts.save,
          raw: opts.raw === true,
          ...(max !== undefined ? { maxTokens: max } : {}),
        });
      },
    );
  program
    .command('doctor')
    .description(
      'probe every configured backend and the launcher; say what works and how to fix what does not',
    )
    .option('--json', 'print JSON')
    .action((_opts: unknown, cmd: Command) => {
      setIntent({ kind: 'doctor', global: globalsOnly(cmd), json: wantsJson(cmd) });
    });
  program
    .command('serve')
    .description(
      'start a mistral.rs server for a discovered model, in the foreground (Ctrl+C stops it)',
    )
    .argument('<model-id>', 'model id (or path) from `mistralrs-tui models`')
    .option('--dir <path>', 'also scan this folder (repeatable)', collect)
    .action((id: string, _opts: unknown, cmd: Command) => {
      setIntent({ kind: 'serve', global: globalsOnly(cmd), id, dirs: dirsOf(cmd) });
    });

  program
    .command('web')
    .description(
      'run the app in a browser tab (xterm.js, WebGL with a DOM fallback) instead of this terminal; prints the address to open, with a token made for this run',
    )
    .option(
      '--host <address>',
      'address to listen on; anything but loopback is reachable by others',
      '127.0.0.1',
    )
    .option('--port <n>', 'port to listen on (default: any free port)')
    .option('--open', 'open the address in the default browser')
    .option('--tls-cert <file>', 'serve HTTPS with this certificate (PEM; needs --tls-key)')
    .option('--tls-key <file>', 'the private key for --tls-cert (PEM)')
    .action(
      (
        opts: { host: string; port?: string; open?: boolean; tlsCert?: string; tlsKey?: string },
        cmd: Command,
      ) => {
        const port = opts.port !== undefined ? Number(opts.port) : 0;
        if (!Number.isInteger(port) || port < 0 || port > 65535) {
          setIntent({ kind: 'usage-error', message: '--port must be a number from 0 to 65535' });
          return;
        }
        if ((opts.tlsCert === undefined) !== (opts.tlsKey === undefined)) {
          setIntent({ kind: 'usage-error', message: '--tls-cert and --tls-key go together' });
          return;
        }
        setIntent({
          kind: 'web',
          global: globalsOnly(cmd),
          host: opts.host,
          port,
          open: opts.open === true,
          ...(opts.tlsCert !== undefined ? { tlsCert: opts.tlsCert } : {}),
          ...(opts.tlsKey !== undefined ? { tlsKey: opts.tlsKey } : {}),
        });
      },
    );

  const sessions = addSessionsCommand(program, globals, setIntent);

  const mcp = program
    .command('mcp')
    .description(
      'MCP servers for agent mode (--agent): list them, or import them from another app',
    );
  mcp
    .command('list')
    .description(
      'connect to every configured MCP server once and show its state, its tools and the rule for each',
    )
    .option('--json', 'print JSON')
    .action((_opts: unknown, cmd: Command) => {
      setIntent({ kind: 'mcp-list', global: globalsOnly(cmd), json: wantsJson(cmd) });
    });
  mcp
    .command('import')
    .description(
      'add the servers of an "mcpServers" JSON file (Claude Desktop, Cursor, ...) to the config as [mcp.servers.NAME] tables; the rest of the file stays as it is',
    )
    .argument('<file>', 'the JSON file, e.g. claude_desktop_config.json or .cursor/mcp.json')
    .option('-f, --force', 'replace servers that have the same name in the config')
    .option('--print', 'show what would be added and write nothing')
    .action((file: string, opts: { force?: boolean; print?: boolean }, cmd: Command) => {
      setIntent({
        kind: 'mcp-import',
        global: globalsOnly(cmd),
        file,
        force: opts.force === true,
        print: opts.print === true,
      });
    });

  for (const cmd of [
    program,
    ...program.commands,
    ...config.commands,
    ...models.commands,
    ...sessions.commands,
    ...mcp.commands,
  ]) {
    cmd.exitOverride();
    cmd.configureHelp({ helpWidth: 100 });
    cmd.configureOutput({ writeOut: out, writeErr: out, outputError: () => undefined });
  }
  return program;
}

/** The text of `--help` for the program or a subcommand path, e.g. ["config"]. */
export function helpText(path: readonly string[] = []): string {
  let text = '';
  parseCommandLine([...path, '--help'], (t) => (text += t));
  return text;
}

/** Parses argv (without node and the script). Help and version go to `out`. */
export function parseCommandLine(argv: readonly string[], out: (text: string) => void): Intent {
  let intent: Intent | undefined;
  const program = buildProgram(out, (i) => (intent = i));
  try {
    program.parse([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') {
        return { kind: 'printed', code: 0 };
      }
      if (err.code === 'commander.help') return { kind: 'printed', code: 0 };
      return { kind: 'usage-error', message: err.message.replace(/^error: /, '') };
    }
    throw err;
  }
  if (intent === undefined) {
    // `mistralrs-tui config` without a subcommand prints the group's help.
    return { kind: 'usage-error', message: `missing subcommand for "${argv.join(' ')}"` };
  }
  return intent;
}
