// `mistralrs-tui sessions ...` and the dry run's database check, run as the
// built binary against real SQLite files.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/services/store/index.js';
import { parseSessionsJsonl } from '../../src/services/export/jsonl.js';
import { LATEST_VERSION, MIGRATIONS } from '../../src/services/store/migrations/index.js';
import { CLI, isolatedEnv, ROOT, runCli, runInPty } from '../helpers.js';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'store', 'session.jsonl');
const FIXTURE_TEXT = fs.readFileSync(FIXTURE, 'utf8');
const FIXTURE_ID = (JSON.parse(FIXTURE_TEXT.split('\n')[0] ?? '{}') as { id: string }).id;

function setup() {
  const { home, env } = isolatedEnv();
  const db = path.join(home, 'sessions.db');
  const cli = (...args: string[]) => runCli(['--database', db, 'sessions', ...args], env);
  return { home, env, db, cli };
}

function digest(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

describe('mistralrs-tui sessions', () => {
  it('imports, lists, shows, searches and exports the same bytes back', () => {
    const { cli } = setup();
    expect(cli('list').stdout).toBe('No sessions yet.\n');
    const imported = cli('import', FIXTURE);
    expect(imported.stderr).toBe('Imported 1 session (6 messages, 2 attachments).\n');
    expect(imported.code).toBe(0);

    const list = cli('list');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^ID\s+UPDATED\s+MODEL\s+TITLE\n/);
    expect(list.stdout).toContain(
      `${FIXTURE_ID}  2026-03-14 09:27  SmolLM2-135M-Instruct  Ünïcode, "quotes" & branches 🎉  [demo, fixture]`,
    );
    const json = JSON.parse(cli('list', '--json', '--limit', '5').stdout) as {
      total: number;
      sessions: { id: string }[];
    };
    expect(json.total).toBe(1);
    expect(json.sessions[0]?.id).toBe(FIXTURE_ID);

    const show = cli('show', FIXTURE_ID.slice(0, 12).toLowerCase());
    expect(show.code).toBe(0);
    expect(show.stdout.startsWith('# Ünïcode, "quotes" & branches 🎉\n')).toBe(true);
    expect(show.stdout).toContain('### 6. Assistant — ');

    const search = cli('search', 'arith');
    expect(search.code).toBe(0);
    expect(search.stdout).toBe('Nothing matches "arith".\n');
    const found = cli('search', 'print');
    expect(found.stdout).toContain(
      `${FIXTURE_ID}  2026-03-14 09:27  Ünïcode, "quotes" & branches 🎉\n  assistant: \`\`\`python print(2 + 2)`,
    );
    const hits = JSON.parse(cli('search', 'terse', '--json').stdout) as {
      kind: string;
      role: string;
      snippet: string;
    }[];
    expect(hits).toEqual([
      expect.objectContaining({ kind: 'message', role: 'system', snippet: 'You are terse.' }),
    ]);

    const exported = cli('export', FIXTURE_ID);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toBe(FIXTURE_TEXT);
  });

  it('writes one file per session and refuses several sessions to stdout', () => {
    const { cli, home } = setup();
    cli('import', FIXTURE);
    // The same session under other ids (every id shares the fixture's first characters).
    const second = FIXTURE_TEXT.replaceAll(FIXTURE_ID.slice(0, 6), 'ZZZZZZ');
    const secondId = `ZZZZZZ${FIXTURE_ID.slice(6)}`;
    fs.writeFileSync(path.join(home, 'second.jsonl'), second);
    expect(cli('import', path.join(home, 'second.jsonl')).code).toBe(0);
    const many = cli('export', FIXTURE_ID, secondId);
    expect(many.code).toBe(2);
    expect(many.stderr).toContain('pass --output FOLDER');
    const out = path.join(home, 'out');
    const all = cli('export', '--all', '--format', 'md', '--output', out);
    expect(all.code).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual([
      `${FIXTURE_ID}.md`,
      `${secondId}.md`,
      'attachments',
    ]);
    // The attachments go beside the .md files, once per file, byte for byte.
    const [bundle] = parseSessionsJsonl(FIXTURE_TEXT);
    const picture = bundle?.attachments[0];
    const written = fs.readFileSync(
      path.join(out, 'attachments', `${picture?.sha256.slice(0, 16)}-cat photo.png`),
    );
    expect(written.equals(Buffer.from(bundle?.blobs?.get(picture?.sha256 ?? '') ?? []))).toBe(true);
    expect(fs.readdirSync(path.join(out, 'attachments'))).toHaveLength(2);
    expect(fs.readFileSync(path.join(out, `${FIXTURE_ID}.md`), 'utf8')).toContain(
      `](attachments/${picture?.sha256.slice(0, 16)}-cat%20photo.png)`,
    );
    const toStdout = cli('export', FIXTURE_ID, '--format', 'md');
    expect(toStdout.stderr).toContain('pass --output FILE.md to write them');
    const one = path.join(home, 'one.jsonl');
    expect(cli('export', 'zzzzzz', '-o', one).code).toBe(0);
    expect(fs.readFileSync(one, 'utf8')).toBe(second);
  });

  it('imports nothing when any file is bad, naming the file and line', () => {
    const { cli, home, db } = setup();
    const bad = path.join(home, 'bad.jsonl');
    const lines = FIXTURE_TEXT.split('\n');
    lines[2] = lines[2]?.replace('"role":"user"', '"role":"robot"') ?? '';
    fs.writeFileSync(bad, lines.join('\n'));
    const r = cli('import', FIXTURE, bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `mistralrs-tui: ${bad}:3: message field "role" must be one of system, user, assistant, tool, not "robot"\nNothing was imported.\n`,
    );
    expect(fs.existsSync(db)).toBe(false);
    const truncated = path.join(home, 'truncated.jsonl');
    fs.writeFileSync(truncated, FIXTURE_TEXT.slice(0, FIXTURE_TEXT.length - 30));
    const t = cli('import', truncated);
    expect(t.code).toBe(1);
    expect(t.stderr).toContain(`${truncated}:9: not valid JSON`);
    expect(cli('import', FIXTURE).code).toBe(0);
    const again = cli('import', FIXTURE);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(
      `session ${FIXTURE_ID} ("Ünïcode, "quotes" & branches 🎉") is already in the database`,
    );
    expect(JSON.parse(cli('list', '--json').stdout)).toMatchObject({ total: 1 });
  });

  it('deletes only with --yes when there is no terminal to ask on', () => {
    const { cli, home } = setup();
    cli('import', FIXTURE);
    // The import restored the attachments' files beside the database, byte for byte.
    const [bundle] = parseSessionsJsonl(FIXTURE_TEXT);
    const files = (bundle?.attachments ?? []).map((a) =>
      path.join(home, 'attachments', a.sha256.slice(0, 2), a.sha256),
    );
    expect(files).toHaveLength(2);
    for (const [i, file] of files.entries()) {
      const a = bundle?.attachments[i];
      expect(
        fs.readFileSync(file).equals(Buffer.from(bundle?.blobs?.get(a?.sha256 ?? '') ?? [])),
      ).toBe(true);
    }
    const refused = cli('delete', FIXTURE_ID);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('pass --yes');
    expect(fs.existsSync(files[0] ?? '')).toBe(true);
    expect(cli('delete', 'NOPE', '--yes').stderr).toContain('no session matches "NOPE"');
    const done = cli('delete', FIXTURE_ID.slice(0, 8), '--yes');
    expect(done.stderr).toBe('Deleted 1 session.\n');
    expect(cli('list').stdout).toBe('No sessions yet.\n');
    // Deleting the session deleted the files no other session uses.
    for (const file of files) expect(fs.existsSync(file)).toBe(false);
  });

  it('asks on a terminal before deleting, and deletes only on yes', async () => {
    const { cli, db, env } = setup();
    cli('import', FIXTURE);
    const ask = (answer: string) => {
      const run = runInPty(
        process.execPath,
        [CLI, '--database', db, 'sessions', 'delete', FIXTURE_ID],
        env,
      );
      return run
        .waitFor('[y/N]')
        .then(() => {
          run.pty.write(`${answer}\r`);
          return run.exited;
        })
        .then((e) => ({ code: e.exitCode, output: run.output() }));
    };
    const no = await ask('n');
    expect(no.output).toContain(`Delete 1 session with all their messages?`);
    expect(no.output).toContain(`${FIXTURE_ID}  Ünïcode, "quotes" & branches 🎉`);
    expect(no.output).toContain('nothing was deleted');
    expect(no.code).toBe(1);
    expect(JSON.parse(cli('list', '--json').stdout)).toMatchObject({ total: 1 });
    const yes = await ask('y');
    expect(yes.output).toContain('Deleted 1 session.');
    expect(yes.code).toBe(0);
    expect(cli('list').stdout).toBe('No sessions yet.\n');
  });

  it('gives a clear error and changes nothing for a file that is not a database', () => {
    const { env, home } = setup();
    const notes = path.join(home, 'notes.txt');
    fs.writeFileSync(notes, 'hello\n');
    const r = runCli(['--database', notes, 'sessions', 'list'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `mistralrs-tui: ${notes} is not a SQLite database; point --database at a new or existing database file\n`,
    );
    expect(fs.readFileSync(notes, 'utf8')).toBe('hello\n');
  });

  it('gives a clear error and changes nothing for a read-only database', () => {
    const { cli, db } = setup();
    cli('import', FIXTURE);
    fs.chmodSync(db, 0o444);
    const before = digest(db);
    const r = cli('import', FIXTURE);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`the database ${db} is read-only; make it writable (chmod u+w)`);
    expect(digest(db)).toBe(before);
  });

  it('refuses a database from a newer version, naming both versions, and the dry run says so', async () => {
    const { cli, db, env } = setup();
    const newer = [
      ...MIGRATIONS,
      {
        version: LATEST_VERSION + 1,
        name: 'future',
        sqlite: 'CREATE TABLE future (x);',
        postgres: '',
      },
    ];
    await (
      await openStore({ kind: 'sqlite', path: db }, { migrations: newer, appVersion: '3.0.0' })
    ).close();
    const before = digest(db);
    const r = cli('list');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `schema version ${LATEST_VERSION + 1} \\(written by mistralrs-tui 3\\.0\\.0\\), but this mistralrs-tui \\S+ knows schema versions up to ${LATEST_VERSION}`,
      ),
    );
    const dry = runCli(['--dry-run', '--database', db], env);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain(
      `schema version ${LATEST_VERSION + 1} (written by mistralrs-tui 3.0.0)`,
    );
    expect(digest(db)).toBe(before);
  });

  it('makes the dry run report the schema version and pending migrations without writing', () => {
    const { cli, db, env } = setup();
    const fresh = runCli(['--dry-run', '--json', '--database', db], env);
    const report = JSON.parse(fresh.stdout) as { database: Record<string, unknown> };
    expect(report.database).toMatchObject({
      status: 'ok',
      schemaVersion: 0,
      latestVersion: LATEST_VERSION,
      pendingMigrations: ['1 initial', '2 attachment files'],
    });
    expect(fs.existsSync(db)).toBe(false);
    cli('list');
    const existing = runCli(['--dry-run', '--database', db], env);
    expect(existing.stdout).toContain(`schema version ${LATEST_VERSION}, up to date`);
  });
});
