#!/usr/bin/env node
// The executable entry point. Kept tiny so start-up loads only what it runs.
import type * as Main from './main.js';

// node:sqlite and the compile cache need Node 22.16: refuse older ones in one
// line, before anything that would fail with a stack trace is loaded.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 16)) {
  process.stderr.write(
    `mistralrs-tui needs Node.js 22.16 or newer, and this is ${process.version}. ` +
      'Install Node 24 (https://nodejs.org, or `npm install --prefix ~/.local/node24 node@24` ' +
      'and put ~/.local/node24/node_modules/node/bin first on PATH), then run it again.\n',
  );
  process.exit(1);
}

// A reader that stops early (`mistralrs-tui models | head`) closes the pipe; the
// next write fails with EPIPE, which Node would report as an unhandled error
// with a stack trace. A command writing into a closed pipe just stops, quietly.
if (!process.stdout.isTTY) {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(0);
  });
}

// Built-ins are taken as CommonJS objects, not imported: an ES import of
// node:fs builds its module facade, whose lazy getters load fs/promises and
// the Utf8Stream code (~3 ms of every start). process.getBuiltinModule needs
// Node 22.3, hence after the version check.
const { existsSync } = process.getBuiltinModule('node:fs');
const module = process.getBuiltinModule('node:module');

// Cache compiled code on disk: later starts skip most parsing.
module.enableCompileCache();

// The build bundles main.js and all it imports into bundle/main.mjs (see
// scripts/build-bundle.mjs): one file loads far faster than ~230 modules. Run
// from a build without it (tsc alone), the modules load one by one as before.
const bundled = new URL('./bundle/main.mjs', import.meta.url);
const entry = existsSync(bundled) ? bundled.href : './main.js';
const { main, processFromNode } = (await import(entry)) as typeof Main;
process.exitCode = await main(processFromNode());
