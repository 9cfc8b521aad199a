#!/usr/bin/env node
// The executable entry point. Kept tiny so start-up loads only what it runs.
import module from 'node:module';

// Cache compiled code on disk (Node >= 22.1): later starts skip most parsing.
module.enableCompileCache();

const { main, processFromNode } = await import('./main.js');
process.exitCode = await main(processFromNode());
