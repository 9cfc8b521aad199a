// A stand-in for the TUI: starts a server through the BUILT launcher, prints
// the server's pid and URL as JSON, then waits to be killed (the test SIGKILLs it).
import { ServerLauncher } from '../../dist/services/launcher/launcher.js';

const [binary, spec] = [process.argv[2], JSON.parse(process.argv[3])];
const launcher = new ServerLauncher({
  binary,
  host: '127.0.0.1',
  portMin: 20000,
  portMax: 40000,
  startupTimeoutMs: 120_000,
  stopGraceMs: 3000,
});
const server = await launcher.start(spec);
process.stdout.write(
  `${JSON.stringify({ pid: server.pid, url: server.url, parent: process.pid })}\n`,
);
setInterval(() => undefined, 1 << 30);
