// `mistralrs-tui web`: the app's host is a browser tab. Starts the server,
// hands runApp the host, and stops both on Ctrl+C in the launching terminal
// or when the app quits (`q` in the page).
import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { AppHost } from '../host.js';
import { isLoopback, newToken } from './security.js';
import { startWebServer, type WebServer } from './server.js';
import { WebHost } from './web-host.js';

export { WebHost } from './web-host.js';
export { isLoopback } from './security.js';

export interface WebLaunchOptions {
  readonly host: string;
  readonly port: number;
  readonly mouse: boolean;
  readonly fps: number;
  readonly tls?: {
    readonly cert: string | globalThis.Buffer;
    readonly key: string | globalThis.Buffer;
  };
  /** The folder with the page's bundle; found next to the build when absent. */
  readonly assets?: string;
  readonly log?: (message: string, fields?: Record<string, unknown>) => void;
}

export interface WebLaunch {
  readonly host: AppHost;
  readonly server: WebServer;
  /** Stops the server (after the app has quit). */
  close(): Promise<void>;
}

/** dist/web, built by `npm run build` (scripts/build-web.mjs), seen from dist/runtime/web or src/runtime/web. */
export function assetsDir(): string {
  for (const rel of ['../../web/', '../../../dist/web/']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(`${dir}app.js`)) return dir;
  }
  throw new Error('the web page is not built (dist/web/app.js is missing): run `npm run build`');
}

/** This machine's addresses and host name, the Host values a wildcard bind answers to. */
function machineNames(): string[] {
  const names = [os.hostname()];
  for (const list of Object.values(os.networkInterfaces()))
    for (const a of list ?? []) names.push(a.address);
  return names;
}

export async function launchWeb(o: WebLaunchOptions): Promise<WebLaunch> {
  const app = new WebHost({ mouse: o.mouse, fps: o.fps });
  const server = await startWebServer({
    host: o.host,
    port: o.port,
    token: newToken(),
    assets: o.assets ?? assetsDir(),
    app,
    ...(o.tls !== undefined ? { tls: o.tls } : {}),
    ...(isLoopback(o.host) ? {} : { wildcardNames: machineNames() }),
    ...(o.log !== undefined ? { log: o.log } : {}),
  });
  const onSignal = (sig: NodeJS.Signals): void => {
    app.stop(sig === 'SIGINT' ? 130 : sig === 'SIGHUP' ? 129 : 143);
  };
  // A crash stops the app as it would in a terminal (the page then says it stopped).
  const onCrash = (err: unknown): void => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    app.stop(1);
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const s of signals) process.on(s, onSignal);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  return {
    host: app,
    server,
    close: async () => {
      for (const s of signals) process.off(s, onSignal);
      process.off('uncaughtException', onCrash);
      process.off('unhandledRejection', onCrash);
      await server.close();
    },
  };
}
