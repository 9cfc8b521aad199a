// A tiny process between the TUI and a `mistralrs serve` child, so that no
// server outlives the TUI — not even after a SIGKILL of the TUI, which runs no
// exit handler. The TUI talks to this process over an IPC channel; when the
// channel closes (the TUI exited or was killed), this process stops the server:
// SIGTERM, then SIGKILL after the grace period, then exits.
// Usage: node supervisor.js GRACE_MS BINARY [ARGS...]   (stdout/stderr are the server's)
// Messages to the parent: {type:"spawned", pid}, {type:"exit", code, signal}.
// Messages from the parent: {type:"stop"}.
import { spawn } from 'node:child_process';

const [graceArg, binary, ...args] = process.argv.slice(2);
const graceMs = Number(graceArg);
if (binary === undefined || !Number.isFinite(graceMs) || process.send === undefined) {
  process.stderr.write(
    'supervisor: usage: node supervisor.js GRACE_MS BINARY [ARGS...] (with an IPC channel)\n',
  );
  process.exit(64);
}

const child = spawn(binary, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let stopping = false;

function send(msg: object): void {
  if (process.connected) process.send?.(msg);
}

function stop(): void {
  if (stopping) return;
  stopping = true;
  child.kill('SIGTERM');
  setTimeout(() => child.kill('SIGKILL'), graceMs).unref();
}

child.on('spawn', () => {
  send({ type: 'spawned', pid: child.pid });
});
child.on('error', (err) => {
  process.stderr.write(`cannot start ${binary}: ${err.message}\n`);
  send({ type: 'exit', code: 127, signal: null });
  process.exit(127);
});
child.on('exit', (code, signal) => {
  send({ type: 'exit', code, signal });
  // Let the message flush before leaving.
  setImmediate(() => process.exit(code ?? 1));
});

process.on('message', (msg: { type?: string }) => {
  if (msg.type === 'stop') stop();
});
// The parent is gone (quit, crash or SIGKILL): never leave the server behind.
process.on('disconnect', stop);
for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(sig, stop);
