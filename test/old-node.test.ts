// The README's commands on a machine whose Node is older than "engines" (the
// machines here ship Node 20): the binary refuses it in one line, and the npm
// scripts run with a Node 24 that scripts/with-node.mjs provides. Needs an old
// node on the machine (Debian's /usr/bin/node here); skipped where there is none.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT } from './helpers.js';

function version(node: string): string | undefined {
  const r = spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function tooOld(v: string): boolean {
  const [a = 0, b = 0] = v.split('.').map(Number);
  return a < 22 || (a === 22 && b < 16);
}

/** An installed node older than 22.16 with its npm, if the machine has one. */
function findOldNode(): { node: string; npmCli: string } | undefined {
  const which = spawnSync('which', ['-a', 'node'], { encoding: 'utf8' }).stdout;
  const candidates = [...which.split('\n'), '/usr/bin/node', '/usr/local/bin/node'];
  for (const node of candidates.filter((c) => c !== '' && existsSync(c))) {
    const v = version(node);
    if (v === undefined || !tooOld(v)) continue;
    const npmCli = path.join(
      path.dirname(node),
      '..',
      'lib',
      'node_modules',
      'npm',
      'bin',
      'npm-cli.js',
    );
    if (existsSync(npmCli)) return { node, npmCli };
  }
  return undefined;
}

const old = findOldNode();

describe.skipIf(old === undefined)(`an old Node (${old?.node ?? 'none found'})`, () => {
  const { node, npmCli } = old ?? { node: '', npmCli: '' };

  it('the binary refuses it in one line that names the version needed and how to get it', () => {
    const r = spawnSync(node, [CLI, '--version'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('needs Node.js 22.16 or newer');
    expect(lines[0]).toContain(`this is v${version(node)}`);
    expect(lines[0]).toContain('npm install --prefix ~/.local/node24 node@24');
    expect(r.stderr).not.toMatch(/\bat .*:\d+:\d+/);
  });

  it('the npm scripts run with the Node 24 that with-node.mjs finds in its folder', () => {
    // A folder shaped like `npm install --prefix DIR node@24`, holding this test's own
    // (new) node, so nothing is downloaded here.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mrt-node24-'));
    mkdirSync(path.join(dir, 'node_modules', 'node', 'bin'), { recursive: true });
    symlinkSync(process.execPath, path.join(dir, 'node_modules', 'node', 'bin', 'node'));
    const r = spawnSync(node, [path.join(ROOT, 'scripts', 'with-node.mjs'), 'node:version'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: {
        HOME: os.homedir(),
        PATH: `${path.dirname(node)}${path.delimiter}/usr/bin:/bin`,
        npm_execpath: npmCli,
        MISTRALRS_TUI_NODE_DIR: dir,
      },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(process.version);
  });
});
