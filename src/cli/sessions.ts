// `mistralrs-tui sessions ...`: the session store from the command line.
// Every command honours --database (a SQLite file or a postgres:// URL).
// Anything that could change the database is checked in full first, so a bad
// file or a wrong id changes nothing.
import fs from 'node:fs';
import readline from 'node:readline/promises';
import type { DatabaseTarget } from '../config/effective.js';
import type { SearchHit, Session, SessionBundle } from '../domain/session.js';
import { StoreError, type SessionStore } from '../domain/store.js';
import { writeAttachmentFiles } from '../services/export/attachment-files.js';
import { exportPaths, renderSession, writeFileAtomic } from '../services/export/files.js';
import { JsonlError, parseSessionsJsonl } from '../services/export/jsonl.js';
import { openStore } from '../services/store/index.js';
import { jsonText } from './inert.js';
import { bold, dim, shown, type Out } from './output.js';
import type { SessionsCommand } from './sessions-args.js';

export interface SessionsIo {
  readonly out: Out;
  readonly err: Out;
  readonly database: DatabaseTarget;
  /** Asks a yes/no question on the terminal; undefined when there is no terminal to ask on. */
  readonly ask?: (question: string) => Promise<boolean>;
}

const EXIT_USAGE = 2;

class CliFailure extends Error {
  readonly code: number;
  constructor(message: string, code = 1) {
    super(message);
    this.code = code;
  }
}

/** Stored text for one row of a listing: its line breaks and tabs become a space. */
function oneLine(text: string): string {
  return text.replace(/[\t-\r\u0085\u2028\u2029]+/g, ' ');
}

/** Stored text for one row, as it may be written to `out` (inert on a terminal). */
function field(out: Out, text: string): string {
  return shown(out, oneLine(text));
}

function shortTime(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

function clip(text: string, width: number): string {
  const graphemes = Array.from(new Intl.Segmenter().segment(text), (g) => g.segment);
  return graphemes.length <= width ? text : `${graphemes.slice(0, width - 1).join('')}…`;
}

export async function resolveSession(store: SessionStore, id: string): Promise<Session> {
  const exact = await store.getSession(id);
  if (exact) return exact;
  const found = await store.findSessions(id, 6);
  if (found.length === 1 && found[0] !== undefined) return found[0];
  if (found.length === 0)
    throw new CliFailure(`no session matches "${id}"; see \`mistralrs-tui sessions list\``);
  throw new CliFailure(
    `"${id}" matches several sessions (${found
      .slice(0, 5)
      .map((s) => s.id)
      .join(', ')}${found.length > 5 ? ', …' : ''}); give more of the id`,
  );
}

async function list(
  store: SessionStore,
  io: SessionsIo,
  c: Extract<SessionsCommand, { action: 'list' }>,
) {
  const page = await store.listSessions({
    limit: c.limit,
    offset: c.offset,
    archived: c.archived,
    ...(c.model !== undefined ? { modelId: c.model } : {}),
    ...(c.tag !== undefined ? { tag: c.tag } : {}),
  });
  const { out } = io;
  if (c.json) {
    out.write(`${jsonText({ total: page.total, offset: c.offset, sessions: page.items }, 2)}\n`);
    return;
  }
  if (page.items.length === 0) {
    out.write(
      page.total === 0
        ? 'No sessions yet.\n'
        : `No sessions past ${c.offset} (there are ${page.total}).\n`,
    );
    return;
  }
  const modelWidth = Math.min(
    24,
    Math.max(5, ...page.items.map((s) => field(out, s.modelId ?? '').length)),
  );
  out.write(
    `${bold(out, `${'ID'.padEnd(26)}  ${'UPDATED'.padEnd(16)}  ${'MODEL'.padEnd(modelWidth)}  TITLE`)}\n`,
  );
  for (const s of page.items) {
    const title = s.title !== '' ? field(out, s.title) : dim(out, '(untitled)');
    const tags = s.tags.length > 0 ? dim(out, `  [${field(out, s.tags.join(', '))}]`) : '';
    const archived = s.archived ? dim(out, '  (archived)') : '';
    out.write(
      `${s.id.padEnd(26)}  ${shortTime(s.updatedAt)}  ${clip(field(out, s.modelId ?? '-'), modelWidth).padEnd(modelWidth)}  ${title}${tags}${archived}\n`,
    );
  }
  const shown = c.offset + page.items.length;
  if (shown < page.total || c.offset > 0) {
    out.write(
      dim(out, `${c.offset + 1}-${shown} of ${page.total}; see more with --limit and --offset\n`),
    );
  }
}

/** The snippet with its matches in bold; each piece is made inert before it is painted. */
function highlighted(out: Out, hit: SearchHit): string {
  let text = '';
  let at = 0;
  for (const [start, end] of hit.highlights) {
    text +=
      field(out, hit.snippet.slice(at, start)) +
      bold(out, field(out, hit.snippet.slice(start, end)));
    at = end;
  }
  return text + field(out, hit.snippet.slice(at));
}

async function search(
  store: SessionStore,
  io: SessionsIo,
  c: Extract<SessionsCommand, { action: 'search' }>,
) {
  const hits = await store.search(c.query, { limit: c.limit });
  const { out } = io;
  if (c.json) {
    out.write(`${jsonText(hits, 2)}\n`);
    return;
  }
  if (hits.length === 0) {
    out.write(`Nothing matches "${field(out, c.query)}".\n`);
    return;
  }
  for (const h of hits) {
    const where = h.kind === 'session' ? 'title' : (h.role ?? 'message');
    out.write(
      `${h.sessionId}  ${dim(out, shortTime(h.createdAt))}  ${bold(out, clip(field(out, h.sessionTitle || '(untitled)'), 60))}\n`,
    );
    out.write(`  ${dim(out, `${where}:`)} ${highlighted(out, h)}\n`);
  }
}

async function show(
  store: SessionStore,
  io: SessionsIo,
  c: Extract<SessionsCommand, { action: 'show' }>,
) {
  const session = await resolveSession(store, c.id);
  const bundle = await store.exportSession(session.id);
  io.out.write(c.json ? `${jsonText(bundle, 2)}\n` : shown(io.out, renderSession(bundle, 'md')));
}

async function allSessionIds(store: SessionStore): Promise<string[]> {
  const ids: string[] = [];
  for (;;) {
    const page = await store.listSessions({
      archived: 'any',
      sort: 'started',
      order: 'asc',
      limit: 1000,
      offset: ids.length,
    });
    ids.push(...page.items.map((s) => s.id));
    if (page.items.length < 1000) return ids;
  }
}

async function exportCmd(
  store: SessionStore,
  io: SessionsIo,
  c: Extract<SessionsCommand, { action: 'export' }>,
) {
  const ids: string[] = c.all ? await allSessionIds(store) : [];
  for (const id of c.ids) ids.push((await resolveSession(store, id)).id);
  const unique = [...new Set(ids)];
  if (unique.length === 0) {
    if (c.all) {
      io.err.write('No sessions to export.\n');
      return;
    }
    throw new CliFailure('name the sessions to export, or pass --all', EXIT_USAGE);
  }
  if (c.output === undefined) {
    if (unique.length > 1 || c.all) {
      throw new CliFailure(
        'exporting several sessions writes one file each: pass --output FOLDER',
        EXIT_USAGE,
      );
    }
    // To a terminal the export is for reading: inert. To a pipe or a file: unchanged.
    // JSONL carries the attachments' bytes; Markdown links files it cannot write here.
    const bundle = await store.exportSession(unique[0] ?? '', { bytes: c.format === 'jsonl' });
    io.out.write(shown(io.out, renderSession(bundle, c.format)));
    if (c.format === 'md' && bundle.attachments.length > 0) {
      io.err.write(
        `The session has ${bundle.attachments.length} attachment${bundle.attachments.length === 1 ? '' : 's'}, ` +
          'not written to standard output: pass --output FILE.md to write them to an attachments/ folder beside it.\n',
      );
    }
    return;
  }
  const files = exportPaths(unique, c.format, c.output);
  let missing = 0;
  for (const [i, id] of unique.entries()) {
    const file = files[i];
    if (file === undefined) continue;
    const bundle = await store.exportSession(id, { bytes: true });
    // The attachment files first: the .md never links a file not yet written.
    if (c.format === 'md') missing += writeAttachmentFiles(file, bundle).length;
    else missing += bundle.attachments.filter((a) => !bundle.blobs?.has(a.sha256)).length;
    writeFileAtomic(file, renderSession(bundle, c.format));
  }
  if (missing > 0) {
    io.err.write(
      `${missing} attachment file${missing === 1 ? ' was' : 's were'} missing from the store and not exported (listed as missing).\n`,
    );
  }
  io.err.write(
    unique.length === 1
      ? `Exported to ${files[0] ?? ''}\n`
      : `Exported ${unique.length} sessions to ${c.output}\n`,
  );
}

/** Reads and checks every file before the database is even opened. */
export function readImportFiles(files: readonly string[]): SessionBundle[] {
  const bundles: SessionBundle[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw new CliFailure(
        `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}; nothing was imported`,
      );
    }
    let parsed: SessionBundle[];
    try {
      parsed = parseSessionsJsonl(text);
    } catch (err) {
      if (err instanceof JsonlError) {
        throw new CliFailure(`${file}:${err.message.replace(/^line /, '')}\nNothing was imported.`);
      }
      throw err;
    }
    for (const b of parsed) {
      const other = seen.get(b.session.id);
      if (other !== undefined) {
        throw new CliFailure(
          `session ${b.session.id} is in both ${other} and ${file}; nothing was imported`,
        );
      }
      seen.set(b.session.id, file);
      bundles.push(b);
    }
  }
  return bundles;
}

async function deleteCmd(
  store: SessionStore,
  io: SessionsIo,
  c: Extract<SessionsCommand, { action: 'delete' }>,
) {
  const sessions: Session[] = [];
  for (const id of c.ids) {
    const s = await resolveSession(store, id);
    if (!sessions.some((x) => x.id === s.id)) sessions.push(s);
  }
  if (!c.yes) {
    if (io.ask === undefined) {
      throw new CliFailure(
        'not deleting without confirmation: stdin is not a terminal, so pass --yes',
        EXIT_USAGE,
      );
    }
    const lines = sessions
      .map((s) => `  ${s.id}  ${field(io.err, s.title || '(untitled)')}`)
      .join('\n');
    const n = sessions.length;
    const ok = await io.ask(
      `Delete ${n} session${n === 1 ? '' : 's'} with all their messages?\n${lines}\n[y/N] `,
    );
    if (!ok) throw new CliFailure('nothing was deleted');
  }
  const deleted = await store.deleteSessions(sessions.map((s) => s.id));
  io.err.write(`Deleted ${deleted} session${deleted === 1 ? '' : 's'}.\n`);
}

export async function runSessions(command: SessionsCommand, io: SessionsIo): Promise<number> {
  let store: SessionStore | undefined;
  try {
    const bundles = command.action === 'import' ? readImportFiles(command.files) : [];
    store = await openStore(io.database);
    switch (command.action) {
      case 'list':
        await list(store, io, command);
        break;
      case 'show':
        await show(store, io, command);
        break;
      case 'search':
        await search(store, io, command);
        break;
      case 'export':
        await exportCmd(store, io, command);
        break;
      case 'import': {
        await store.importSessions(bundles).catch((err: unknown) => {
          if (err instanceof StoreError)
            throw new CliFailure(`${err.message}\nNothing was imported.`);
          throw err;
        });
        const messages = bundles.reduce((n, b) => n + b.messages.length, 0);
        const attachments = bundles.reduce((n, b) => n + b.attachments.length, 0);
        io.err.write(
          `Imported ${bundles.length} session${bundles.length === 1 ? '' : 's'} (${messages} messages, ${attachments} attachments).\n`,
        );
        break;
      }
      case 'delete':
        await deleteCmd(store, io, command);
        break;
    }
    return 0;
  } catch (err) {
    if (err instanceof CliFailure || err instanceof StoreError) {
      // Messages quote ids, titles and lines of imported files.
      io.err.write(`mistralrs-tui: ${shown(io.err, err.message)}\n`);
      return err instanceof CliFailure ? err.code : 1;
    }
    throw err;
  } finally {
    await store?.close();
  }
}

/** A yes/no question on the terminal, or undefined when stdin is not one. */
export function terminalAsk(
  stdin: NodeJS.ReadStream,
  stderr: NodeJS.WriteStream,
): SessionsIo['ask'] {
  if (!stdin.isTTY) return undefined;
  return async (question) => {
    const rl = readline.createInterface({ input: stdin, output: stderr });
    try {
      return /^y(es)?$/i.test((await rl.question(question)).trim());
    } finally {
      rl.close();
    }
  };
}
