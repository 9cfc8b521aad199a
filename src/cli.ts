#!/usr/bin/env node
// The executable entry point. Kept tiny so start-up loads only what it runs.
import { main, processFromNode } from './main.js';

process.exitCode = await main(processFromNode());
