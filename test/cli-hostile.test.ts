// Issue 14, part 2: text from outside the program — a model's reply, a stored
// session, a model file's name and metadata, a server's model ids and error
// messages, the config file — never acts on the terminal the CLI writes to.
// Each command that prints such text runs as the built binary with its output
// on a pty; the bytes it wrote must hold no raw escape sequence, C1 control or
// bidi control (the program's own colours aside), and replayed in a terminal
// emulator they must not retitle the window, write the clipboard, open a link
// or erase the screen: the corpus shows as inert text (^[]52;c;...) instead.
// Two stand-ins, because no real model or server can be made to say these
// things on demand: the chat server (test/fixtures/backends/hostile-server.ts)
// and, for `serve` only, a script in place of the mistralrs binary that prints
// the corpus and exits. The binary under test, the pty, the store are real.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Terminal } from '@xterm/headless';
import { stringify } from 'smol-toml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/services/store/index.js';
import { startHostileServer, type HostileServer } from './fixtures/backends/hostile-server.js';
import {
  CLI_SGR,
  hostileLine,
  hostileText,
  hostileTextInert,
  rawSequences,
} from './fixtures/hostile.js';
import { arr, s, u32, writeGguf, llamaTensors } from './fixtures/inventory/gguf-writer.js';
import { CLI, ROOT, isolatedEnv, runCli, runInPty } from './helpers.js';
import { probeQuery } from '../src/tui/index.js';

const COLS = 200;
const ROWS = 50;
/** What an OSC 52 clipboard write of the corpus looks like once inert. */
const CLIPBOARD_INERT = '^[]52;c;c2VjcmV0^G';

interface Seen {
  readonly code: number;
  /** Everything written to the pty, stdout and stderr together. */
  readonly output: string;
  /** Every row the emulator holds after replaying it, scrollback included. */
  readonly screen: string;
  /** What the bytes made the terminal do besides printing. */
  readonly acted: readonly string[];
}

async function replay(output: string): Promise<Pick<Seen, 'screen' | 'acted'>> {
  const term = new Terminal({ cols: COLS, rows: ROWS, allowProposedApi: true });
  const acted: string[] = [];
  term.onTitleChange((t) => acted.push(`window title ${JSON.stringify(t)}`));
  term.parser.registerOscHandler(52, (d) => (acted.push(`clipboard ${d}`), true));
  term.parser.registerOscHandler(8, (d) => (acted.push(`link ${d}`), true));
  term.parser.registerCsiHandler({ final: 'J' }, () => (acted.push('erase screen'), true));
  term.parser.registerDcsHandler({ intermediates: '+', final: 'q' }, () => {
    acted.push('device control string');
    return true;
  });
  await new Promise<void>((resolve) => {
    term.write(output, resolve);
  });
  const buf = term.buffer.active;
  const rows: string[] = [];
  for (let y = 0; y < buf.length; y++) rows.push(buf.getLine(y)?.translateToString(true) ?? '');
  term.dispose();
  return { screen: rows.join('\n'), acted };
}

async function onTerminal(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Seen> {
  const run = runInPty(process.execPath, [CLI, ...args], env, { cols: COLS, rows: ROWS });
  const { exitCode } = await run.exited;
  const output = run.output();
  return { code: exitCode, output, ...(await replay(output)) };
}

/** The checks every command must pass; `inert` is text the screen must show. */
function expectInert(seen: Seen, inert: string): void {
  expect(rawSequences(seen.output, CLI_SGR)).toEqual([]);
  expect(seen.acted).toEqual([]);
  expect(seen.screen).toContain(inert);
}

let server: HostileServer;
let env: NodeJS.ProcessEnv;
let home: string;
let db: string;
let config: string;
let modelsDir: string;
const SESSION_ID = '01M89ZQ74AXXWBWZ5YJ0MSMPE1';

/** A session as `sessions export --format jsonl` writes it, with the corpus in every text field. */
function hostileJsonl(): string {
  const fixture = readFileSync(path.join(ROOT, 'test/fixtures/store/session.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const [session, system] = fixture;
  const message = (id: string, parent: string | null, role: string, content: string) => ({
    ...system,
    id,
    session_id: SESSION_ID,
    parent_id: parent,
    role,
    content,
  });
  const lines = [
    {
      ...session,
      id: SESSION_ID,
      title: `title ${hostileLine()}`,
      model_id: `model ${hostileLine()}`,
      tags: [`tag ${hostileLine()}`],
      message_count: 2,
      attachment_count: 0,
    },
    message('01M89ZQ74DC3K92K7R4BFXWXE2', null, 'user', hostileText()),
    {
      ...message(
        '01M89ZQ74DC3K92K7R4BFXWXE3',
        '01M89ZQ74DC3K92K7R4BFXWXE2',
        'assistant',
        hostileText(),
      ),
      reasoning: hostileText(),
    },
  ];
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}

beforeAll(async () => {
  server = await startHostileServer();
  ({ env, home } = isolatedEnv());
  db = path.join(home, 'sessions.db');
  const file = path.join(home, 'hostile.jsonl');
  writeFileSync(file, hostileJsonl());
  const imported = runCli(['sessions', 'import', file, '--database', db], env);
  expect(imported.stderr).toContain('Imported 1 session');

  // A GGUF whose file name and metadata carry the corpus (a file name cannot hold NUL or /).
  modelsDir = path.join(home, 'models');
  mkdirSync(modelsDir);
  writeGguf(path.join(modelsDir, 'evil \x1b]0;pwned\x07 \x9b2J \u202eflipped.gguf'), {
    metadata: {
      'general.architecture': s('llama'),
      'general.name': s(`name ${hostileLine()}`),
      'general.file_type': u32(2),
      'llama.context_length': u32(4096),
      'llama.embedding_length': u32(64),
      'llama.block_count': u32(2),
      'llama.attention.head_count': u32(4),
      'llama.attention.head_count_kv': u32(2),
      'tokenizer.ggml.model': s(`gpt2 ${hostileLine()}`),
      'tokenizer.ggml.tokens': arr('string', [s('a'), s('b')]),
      'tokenizer.chat_template': s(`{{ messages }} ${hostileLine()}`),
    },
    tensors: llamaTensors({
      layers: 2,
      hidden: 64,
      ffn: 128,
      heads: 4,
      kvHeads: 2,
      vocab: 2,
      type: 'Q4_0',
    }),
  });

  // A stand-in for the mistralrs binary that prints the corpus and exits (for `serve`).
  const fakeServer = path.join(home, 'mistralrs-says-hostile.mjs');
  writeFileSync(
    fakeServer,
    `#!${process.execPath}\nprocess.stderr.write(${JSON.stringify(`${hostileText()}\n`)});\nprocess.exit(3);\n`,
  );
  chmodSync(fakeServer, 0o755);
  config = path.join(home, 'config.toml');
  writeFileSync(
    config,
    stringify({
      chat: { system_prompt: `prompt ${hostileLine()}` },
      launcher: { binary: fakeServer },
    }),
  );
});

afterAll(async () => {
  await server.close();
});

describe('ask on a terminal', () => {
  it('shows the reply inert, line for line as the TUI would, and saves it as received', async () => {
    const ask = path.join(home, 'ask.db');
    const seen = await onTerminal(
      ['ask', 'Say hostile things', '--url', server.url, '--database', ask],
      env,
    );
    expect(seen.code).toBe(0);
    expectInert(seen, CLIPBOARD_INERT);
    const rows = seen.screen.split('\n');
    for (const want of hostileTextInert().split('\n')) expect(rows).toContain(want);
    expect(rows).toContain('emoji 😀 end');
    // The store keeps the bytes; only what reaches the terminal is made inert.
    const store = await openStore({ kind: 'sqlite', path: ask });
    try {
      const [session] = (await store.listSessions()).items;
      const messages = await store.listMessages(session?.id ?? '');
      expect(messages.map((m) => [m.role, m.status])).toEqual([
        ['user', 'complete'],
        ['assistant', 'complete'],
      ]);
      // (UTF-8 has no lone surrogate: the corpus's becomes U+FFFD on the way.)
      expect(messages[1]?.content).toBe(server.reply.toWellFormed());
    } finally {
      await store.close();
    }
  });

  it('--json escapes every control; --no-save still writes no database', async () => {
    const none = path.join(home, 'never.db');
    const seen = await onTerminal(
      ['ask', 'hi', '--url', server.url, '--json', '--no-save', '--database', none],
      env,
    );
    expect(seen.code).toBe(0);
    expectInert(seen, '\\u001b]52;c;c2VjcmV0\\u0007');
    expect(seen.output).toContain('\\u009b31m');
    expect(existsSync(none)).toBe(false);
  });

  it("a server's error message is inert too", async () => {
    const seen = await onTerminal(
      ['ask', 'hi', '--url', server.url, '--model', 'fail', '--no-save'],
      env,
    );
    expect(seen.code).toBe(1);
    expectInert(seen, `it failed: ^[[2J^[[H ${CLIPBOARD_INERT}`);
  });

  it('--raw and a pipe get the bytes unchanged', async () => {
    const raw = await onTerminal(['ask', 'hi', '--url', server.url, '--raw', '--no-save'], env);
    expect(raw.output).toContain('\x1b]52;c;c2VjcmV0\x07');
    expect(raw.acted).toContain('clipboard c;c2VjcmV0');
    // Not spawnSync: the server runs in this process and must go on answering.
    const piped = spawn(process.execPath, [CLI, 'ask', 'hi', '--url', server.url, '--no-save'], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const bytes: Buffer[] = [];
    piped.stdout.on('data', (d: Buffer) => bytes.push(d));
    const [code] = (await once(piped, 'close')) as [number | null];
    expect(code).toBe(0);
    expect(Buffer.concat(bytes).toString('utf8')).toBe(`${server.reply.toWellFormed()}\n`);
  });
});

describe('sessions on a terminal', () => {
  it.each([
    ['list', ['sessions', 'list'], `title ^[[2J^[[H ${CLIPBOARD_INERT}`],
    ['show', ['sessions', 'show', SESSION_ID], `case 2: ${CLIPBOARD_INERT}`],
    ['show --json', ['sessions', 'show', SESSION_ID, '--json'], '\\u001b]52;c;c2VjcmV0\\u0007'],
    ['search', ['sessions', 'search', 'evil'], 'a<RLO>'],
    ['export', ['sessions', 'export', SESSION_ID, '--format', 'md'], `case 2: ${CLIPBOARD_INERT}`],
    ['export (JSONL)', ['sessions', 'export', SESSION_ID], '\\u001b]52;c;c2VjcmV0\\u0007'],
  ])('%s', async (_name, args, inert) => {
    const seen = await onTerminal([...args, '--database', db], env);
    expect(seen.code).toBe(0);
    expectInert(seen, inert);
  });
});

describe('model files, servers and the config on a terminal', () => {
  it('models and models show', async () => {
    const list = JSON.parse(runCli(['models', '--json', '--dir', modelsDir], env).stdout) as {
      models: { id: string }[];
    };
    const id = list.models[0]?.id ?? '';
    expect(id).toContain('\x1b]0;pwned\x07');
    const table = await onTerminal(['models', '--dir', modelsDir], env);
    expect(table.code).toBe(0);
    expectInert(table, 'evil ^[]0;pwned^G ^[[2J <RLO>flipped');
    const shown = await onTerminal(['models', 'show', id, '--dir', modelsDir], env);
    expect(shown.code).toBe(0);
    expectInert(shown, `name ^[[2J^[[H ${CLIPBOARD_INERT}`);
    expectInert(shown, `gpt2 ^[[2J^[[H ${CLIPBOARD_INERT}`);
    const json = await onTerminal(['models', 'show', id, '--dir', modelsDir, '--json'], env);
    expectInert(json, '\\u001b]52;c;c2VjcmV0\\u0007');
  });

  it('doctor and the dry run quote the server inert', async () => {
    const doctor = await onTerminal(['doctor', '--url', server.url], env);
    // doctor asks the terminal what pictures it shows: that query is the program's own, once.
    const probe = probeQuery(false);
    expect(doctor.output.split(probe).length).toBeLessThanOrEqual(2);
    expectInert(
      { ...doctor, output: doctor.output.replace(probe, '') },
      `models: model ^[[2J^[[H ${CLIPBOARD_INERT}`,
    );
    const dry = await onTerminal(['--dry-run', '--url', server.url], env);
    expectInert(dry, `models: model ^[[2J^[[H ${CLIPBOARD_INERT}`);
  });

  it('config show', async () => {
    const seen = await onTerminal(['config', 'show', '--config', config], env);
    expect(seen.code).toBe(0);
    expectInert(seen, 'a<RLO>evil<PDF>');
  });

  it("serve: the server's lines", async () => {
    const list = JSON.parse(runCli(['models', '--json', '--dir', modelsDir], env).stdout) as {
      models: { id: string }[];
    };
    const seen = await onTerminal(
      ['serve', list.models[0]?.id ?? '', '--dir', modelsDir, '--config', config],
      env,
    );
    expect(seen.code).toBe(1);
    expectInert(seen, 'a<RLO>evil<PDF>');
  });
});
