// A real, throw-away PostgreSQL server for the tests: initdb into a temporary
// folder, pg_ctl on a free loopback port, stopped and removed at the end. As
// root the server runs as the "postgres" user (PostgreSQL refuses root). Each
// test gets its own schema through the URL's search_path, so tests are
// isolated without a new server or database each time.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { harnessFor, type Harness } from './harness.js';
import { closedPort as freePort } from '../../helpers.js';

export interface PgBinaries {
  readonly bindir: string;
}

export const INSTALL_HINT =
  'PostgreSQL server binaries (initdb, pg_ctl) are missing. Install them with: bash scripts/ensure-postgres.sh ' +
  '(apt-get install -y postgresql), or set MISTRALRS_TUI_PG_BINDIR to their folder.';

/** The folder holding initdb and pg_ctl, or undefined when PostgreSQL is not installed. */
export function findPostgres(): PgBinaries | undefined {
  const fromEnv = process.env.MISTRALRS_TUI_PG_BINDIR;
  if (fromEnv !== undefined && fs.existsSync(path.join(fromEnv, 'initdb')))
    return { bindir: fromEnv };
  const root = '/usr/lib/postgresql';
  if (fs.existsSync(root)) {
    const versions = fs
      .readdirSync(root)
      .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0] !== undefined) return { bindir: path.join(root, versions[0], 'bin') };
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (
      dir !== '' &&
      fs.existsSync(path.join(dir, 'initdb')) &&
      fs.existsSync(path.join(dir, 'pg_ctl'))
    ) {
      return { bindir: dir };
    }
  }
  return undefined;
}

export interface PgServer {
  readonly url: string;
  readonly port: number;
  /** Runs SQL through psql as the superuser (set-up and clean-up only). */
  psql(sql: string): string;
  stop(): void;
}

/** runuser lives in /usr/sbin, which a minimal PATH may lack. */
const RUNUSER = ['/usr/sbin/runuser', '/sbin/runuser'].find((p) => fs.existsSync(p)) ?? 'runuser';

export async function startPostgres(bins: PgBinaries): Promise<PgServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtui-pg-'));
  const data = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: readonly string[]): string => {
    const file = path.join(bins.bindir, cmd);
    return asRoot
      ? execFileSync(RUNUSER, ['-u', 'postgres', '--', file, ...args], {
          encoding: 'utf8',
          cwd: dir,
        })
      : execFileSync(file, args, { encoding: 'utf8', cwd: dir });
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    fs.chownSync(dir, uid, gid);
  }
  const port = await freePort();
  try {
    run('initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    run('pg_ctl', [
      '-D',
      data,
      '-l',
      path.join(dir, 'server.log'),
      '-w',
      '-t',
      '60',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
      'start',
    ]);
  } catch (err) {
    const log = fs.existsSync(path.join(dir, 'server.log'))
      ? fs.readFileSync(path.join(dir, 'server.log'), 'utf8')
      : '';
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start PostgreSQL: ${(err as Error).message}\n${log}`, {
      cause: err,
    });
  }
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    psql: (sql) =>
      run('psql', [
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        '-U',
        'postgres',
        '-X',
        '-q',
        '-A',
        '-t',
        '-v',
        'ON_ERROR_STOP=1',
        '-c',
        sql,
      ]),
    stop: () => {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

let counter = 0;

/** A fresh schema on the server per test, dropped afterwards. */
export function postgresHarness(server: () => PgServer): Promise<Harness> {
  const s = server();
  counter += 1;
  const schema = `t_${process.pid}_${counter}`;
  s.psql(`CREATE SCHEMA ${schema}`);
  const url = `${s.url}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return Promise.resolve(
    harnessFor(
      { kind: 'postgres', url },
      () => {
        s.psql(`DROP SCHEMA ${schema} CASCADE`);
        return Promise.resolve();
      },
      {
        count: () =>
          Promise.resolve(Number(s.psql(`SELECT COUNT(*) FROM ${schema}.attachment_blobs`).trim())),
        lose: (sha) => {
          s.psql(`DELETE FROM ${schema}.attachment_blobs WHERE sha256 = '${sha}'`);
          return Promise.resolve();
        },
      },
    ),
  );
}
