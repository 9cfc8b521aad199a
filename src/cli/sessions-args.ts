// The `sessions` subcommands' arguments. Parsing only (no I/O): it turns argv
// into a SessionsIntent that main.ts hands to cli/sessions.ts.
import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import type { GlobalOptions } from './global-options.js';

export type SessionsCommand =
  | {
      readonly action: 'list';
      readonly json: boolean;
      readonly limit: number;
      readonly offset: number;
      readonly archived: boolean | 'any';
      readonly model?: string;
      readonly tag?: string;
    }
  | { readonly action: 'show'; readonly id: string; readonly json: boolean }
  | {
      readonly action: 'search';
      readonly query: string;
      readonly json: boolean;
      readonly limit: number;
    }
  | {
      readonly action: 'export';
      readonly ids: readonly string[];
      readonly all: boolean;
      readonly format: 'md' | 'jsonl';
      readonly output?: string;
    }
  | { readonly action: 'import'; readonly files: readonly string[] }
  | { readonly action: 'delete'; readonly ids: readonly string[]; readonly yes: boolean };

export interface SessionsIntent {
  readonly kind: 'sessions';
  readonly global: GlobalOptions;
  readonly command: SessionsCommand;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError('must be a positive whole number');
  return n;
}

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number');
  return n;
}

/** Adds `sessions` and its subcommands to the program; returns the group. */
export function addSessionsCommand(
  program: Command,
  globals: (cmd: Command) => GlobalOptions,
  setIntent: (intent: SessionsIntent) => void,
): Command {
  const set = (cmd: Command, command: SessionsCommand) => {
    setIntent({ kind: 'sessions', global: globals(cmd), command });
  };
  // --json and --model are also root options, so after a subcommand the root
  // may claim them; read them with the globals merged in.
  const merged = (cmd: Command) => cmd.optsWithGlobals<{ json?: boolean; model?: string }>();
  const json = (cmd: Command): boolean => merged(cmd).json === true;
  const sessions = program
    .command('sessions')
    .description('list, show, search, export, import and delete saved chat sessions');
  sessions
    .command('list')
    .description('list sessions, most recently active first')
    .option('--json', 'print JSON')
    .option('-n, --limit <n>', 'how many to list', positiveInt, 50)
    .option('--offset <n>', 'skip this many first', wholeNumber, 0)
    .option('--archived', 'list archived sessions instead')
    .option('--all', 'list archived and live sessions')
    .option('--model <id>', 'only sessions with this model')
    .option('--tag <tag>', 'only sessions with this tag')
    .action(
      (
        o: {
          json?: boolean;
          limit: number;
          offset: number;
          archived?: boolean;
          all?: boolean;
          model?: string;
          tag?: string;
        },
        cmd: Command,
      ) => {
        const model = o.model ?? merged(cmd).model;
        set(cmd, {
          action: 'list',
          json: json(cmd),
          limit: o.limit,
          offset: o.offset,
          archived: o.all === true ? 'any' : o.archived === true,
          ...(model !== undefined ? { model } : {}),
          ...(o.tag !== undefined ? { tag: o.tag } : {}),
        });
      },
    );
  sessions
    .command('show')
    .description('print a session as a Markdown transcript (ID may be a unique prefix)')
    .argument('<id>', 'session id')
    .option('--json', 'print the session, messages and attachments as JSON')
    .action((id: string, o: { json?: boolean }, cmd: Command) => {
      set(cmd, { action: 'show', id, json: json(cmd) });
    });
  sessions
    .command('search')
    .description('full-text search over session titles and messages; every word must match')
    .argument('<query...>', 'words to look for (prefixes match: "stream" finds "streaming")')
    .option('--json', 'print JSON')
    .option('-n, --limit <n>', 'at most this many results', positiveInt, 20)
    .action((words: string[], o: { json?: boolean; limit: number }, cmd: Command) => {
      set(cmd, { action: 'search', query: words.join(' '), json: json(cmd), limit: o.limit });
    });
  sessions
    .command('export')
    .description('export sessions as Markdown or JSONL, one file per session')
    .argument('[ids...]', 'session ids (unique prefixes work)')
    .addOption(
      new Option('-f, --format <format>', 'md (for people) or jsonl (for import)')
        .choices(['md', 'jsonl'])
        .default('jsonl'),
    )
    .option(
      '-o, --output <path>',
      'file for one session, folder for several (default: stdout for one)',
    )
    .option('--all', 'export every session (needs --output FOLDER)')
    .action(
      (
        ids: string[],
        o: { format: 'md' | 'jsonl'; output?: string; all?: boolean },
        cmd: Command,
      ) => {
        set(cmd, {
          action: 'export',
          ids,
          all: o.all === true,
          format: o.format,
          ...(o.output !== undefined ? { output: o.output } : {}),
        });
      },
    );
  sessions
    .command('import')
    .description(
      'import sessions from JSONL files (all files are checked first; on any error nothing is imported)',
    )
    .argument('<files...>', 'JSONL files written by `sessions export --format jsonl`')
    .action((files: string[], _o: unknown, cmd: Command) => {
      set(cmd, { action: 'import', files });
    });
  sessions
    .command('delete')
    .description('delete sessions with their messages and attachments (asks first unless --yes)')
    .argument('<ids...>', 'session ids (unique prefixes work)')
    .option('-y, --yes', 'do not ask')
    .action((ids: string[], o: { yes?: boolean }, cmd: Command) => {
      set(cmd, { action: 'delete', ids, yes: o.yes === true });
    });
  return sessions;
}
