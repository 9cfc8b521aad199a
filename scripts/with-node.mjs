#!/usr/bin/env node
// Runs an npm script with a Node.js new enough for this project (package.json
// "engines": >= 22.16). When the Node running npm is older (many machines ship
// Node 18 or 20), Node 24 is installed once from the npm registry into a cache
// folder and the script runs with it first on PATH, so the README's two
// commands (`npm install && npm start`, `npm install && npm test`) work with no
// other step.
//
//   node scripts/with-node.mjs SCRIPT [ARGS...]   ->   npm run SCRIPT -- ARGS...
//
// MISTRALRS_TUI_NODE_DIR overrides the folder (default: the user cache's
// mistralrs-tui/node24, the same one .ci/run uses). This file must parse and run
// on old Node versions: plain ES2017, no dependencies.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const NEED = [22, 16];
const INSTALL = 'node@24';

/** True when the version string "a.b.c" is at least NEED. */
function newEnough(version) {
  const [a, b] = version.replace(/^v/, '').split('.').map(Number);
  return a > NEED[0] || (a === NEED[0] && b >= NEED[1]);
}

function cacheDir() {
  if (process.env.MISTRALRS_TUI_NODE_DIR) return process.env.MISTRALRS_TUI_NODE_DIR;
  const base =
    process.env.XDG_CACHE_HOME ||
    (process.platform === 'win32' && process.env.LOCALAPPDATA) ||
    path.join(os.homedir(), '.cache');
  return path.join(base, 'mistralrs-tui', 'node24');
}

/** The node executable inside an installed `node` package, or undefined. */
function localNode(dir) {
  const bin = path.join(dir, 'node_modules', 'node', 'bin');
  for (const name of ['node', 'node.exe']) {
    const file = path.join(bin, name);
    if (existsSync(file)) return file;
  }
  return undefined;
}

function fail(message) {
  process.stderr.write(`mistralrs-tui: ${message}\n`);
  process.exit(1);
}

/** A Node >= 22.16 to run the project with: this one, or the cached Node 24 (installed on first use). */
function pickNode() {
  if (newEnough(process.versions.node)) return process.execPath;
  const dir = cacheDir();
  let node = localNode(dir);
  if (node === undefined) {
    const npmCli = process.env.npm_execpath;
    if (!npmCli)
      fail(`Node ${process.version} is too old (need >= ${NEED.join('.')}); run this through npm`);
    process.stderr.write(
      `mistralrs-tui: Node ${process.version} is older than ${NEED.join('.')}; installing Node 24 into ${dir} (once)\n`,
    );
    mkdirSync(dir, { recursive: true });
    const res = spawnSync(
      process.execPath,
      [npmCli, 'install', '--prefix', dir, '--no-audit', '--no-fund', '--loglevel=error', INSTALL],
      { stdio: 'inherit' },
    );
    node = localNode(dir);
    if (res.status !== 0 || node === undefined) {
      fail(
        `could not install Node 24 into ${dir}. Install Node.js 22.16 or newer yourself ` +
          `(https://nodejs.org, or "npm install --prefix ~/.local/node24 node@24" and put ` +
          `~/.local/node24/node_modules/node/bin first on PATH), then run the command again.`,
      );
    }
  }
  const check = spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' });
  if (check.status !== 0 || !newEnough(String(check.stdout).trim())) {
    fail(`${node} does not run or is too old; delete ${dir} and run the command again`);
  }
  return node;
}

function main() {
  const [script, ...args] = process.argv.slice(2);
  if (!script) fail('usage: node scripts/with-node.mjs SCRIPT [ARGS...]');
  const npmCli = process.env.npm_execpath;
  if (!npmCli) fail('scripts/with-node.mjs runs from npm scripts (npm_execpath is not set)');
  const node = pickNode();
  const env = { ...process.env };
  if (node !== process.execPath) {
    // Children (tsc, vitest, node dist/cli.js) must find the new node first on PATH,
    // and native builds its headers.
    const key = Object.keys(env).find((k) => k.toUpperCase() === 'PATH') || 'PATH';
    env[key] = path.dirname(node) + path.delimiter + (env[key] || '');
    const headers = path.join(path.dirname(path.dirname(node)), 'node_modules');
    if (!env.npm_config_nodedir && existsSync(headers)) {
      const platform = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
      const dir = path.join(headers, platform);
      if (existsSync(dir)) env.npm_config_nodedir = dir;
    }
  }
  const npmArgs = [npmCli, 'run', '--silent', script];
  if (args.length > 0) npmArgs.push('--', ...args);
  const res = spawnSync(node, npmArgs, { stdio: 'inherit', env });
  if (res.error) fail(`could not run npm: ${res.error.message}`);
  process.exit(res.status === null ? 1 : res.status);
}

main();
