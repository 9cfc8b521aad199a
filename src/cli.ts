#!/usr/bin/env node
// The executable entry point. Kept tiny so start-up loads only what it runs.
import module from 'node:module';

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

// Cache compiled code on disk: later starts skip most parsing.
module.enableCompileCache();

const { main, processFromNode } = await import('./main.js');
process.exitCode = await main(processFromNode());
