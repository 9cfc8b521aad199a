// The web host's HTTP(S) server: the page, its two asset files, and one
// WebSocket that carries screen bytes out and input bytes in. Every request
// passes the gate in security.ts; the token is never logged or put in a page.
import { readFileSync } from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { appPage, deniedPage, notFoundPage } from './pages.js';
import {
  allowedHosts,
  cookieHeader,
  cookieName,
  cookieValue,
  hostAllowed,
  originAllowed,
  tokenMatches,
} from './security.js';
import type { WebClient, WebHost } from './web-host.js';

/** WebSocket close codes the page knows. */
export const CLOSE_STOPPED = 4000;
export const CLOSE_TAKEN_OVER = 4001;
export const CLOSE_IN_USE = 4409;

export interface WebServerOptions {
  readonly host: string;
  /** 0: any free port. */
  readonly port: number;
  readonly token: string;
  /** The folder with app.js and xterm.css (dist/web). */
  readonly assets: string;
  readonly app: WebHost;
  readonly tls?: {
    readonly cert: string | globalThis.Buffer;
    readonly key: string | globalThis.Buffer;
  };
  /** This machine's addresses and names, allowed as Host for a wildcard bind. */
  readonly wildcardNames?: readonly string[];
  /** Events worth a log line (never with the token). */
  readonly log?: (message: string, fields?: Record<string, unknown>) => void;
}

export interface WebServer {
  /** The base address, without the token. */
  readonly url: string;
  readonly port: number;
  /** The address to open: the base with the token. Print it once; never log it. */
  readonly openUrl: string;
  close(): Promise<void>;
}

/** Messages a page sends. */
type PageMessage =
  | { t: 'hello'; cols: number; rows: number; renderer?: string; takeover?: boolean }
  | { t: 'in'; d: string }
  | { t: 'size'; cols: number; rows: number }
  | { t: 'renderer'; renderer: string };

function parseMessage(text: string): PageMessage | undefined {
  try {
    const m = JSON.parse(text) as unknown;
    if (typeof m !== 'object' || m === null) return undefined;
    const t = (m as { t?: unknown }).t;
    if (t === 'in' && typeof (m as { d?: unknown }).d === 'string') return m as PageMessage;
    if (t === 'hello' || t === 'size' || t === 'renderer') return m as PageMessage;
  } catch {
    // Not ours: ignored.
  }
  return undefined;
}

const CSP = [
  "default-src 'none'",
  // The image addon decodes sixel in WebAssembly, which needs 'wasm-unsafe-eval' (not 'unsafe-eval').
  "script-src 'self' 'wasm-unsafe-eval'",
  // xterm.js sets styles on its elements from script; our pages have one <style>.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function send(
  res: http.ServerResponse,
  status: number,
  type: string,
  body: string | globalThis.Buffer,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Security-Policy': CSP,
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(body);
}

const HTML = 'text/html; charset=utf-8';

export async function startWebServer(o: WebServerOptions): Promise<WebServer> {
  const secure = o.tls !== undefined;
  const log = o.log ?? (() => undefined);
  const assets = new Map<string, { type: string; body: globalThis.Buffer }>([
    [
      '/app.js',
      { type: 'text/javascript; charset=utf-8', body: readFileSync(`${o.assets}/app.js`) },
    ],
    [
      '/xterm.css',
      { type: 'text/css; charset=utf-8', body: readFileSync(`${o.assets}/xterm.css`) },
    ],
  ]);
  let allowed = new Set<string>();
  let port = o.port;
  let controller: WebSocket | undefined;

  const authorized = (req: http.IncomingMessage): boolean =>
    tokenMatches(cookieValue(req.headers.cookie, cookieName(port)), o.token);

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    if (!hostAllowed(req.headers.host, allowed)) {
      send(
        res,
        421,
        'text/plain; charset=utf-8',
        'This server does not answer to that host name.\n',
      );
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed.\n', { Allow: 'GET, HEAD' });
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const given = url.searchParams.get('token');
    if (url.pathname === '/' && given !== null) {
      if (!tokenMatches(given, o.token)) {
        log('web: a page asked with a wrong token');
        send(res, 401, HTML, deniedPage());
        return;
      }
      // The token moves to a cookie, and the address bar (and history) loses it;
      // the page's own options (?renderer=dom, ?takeover=1) stay.
      url.searchParams.delete('token');
      const rest = url.searchParams.toString();
      send(res, 303, HTML, '', {
        'Set-Cookie': cookieHeader(port, o.token, secure),
        Location: rest === '' ? '/' : `/?${rest}`,
      });
      return;
    }
    if (!authorized(req)) {
      send(res, 401, HTML, deniedPage());
      return;
    }
    if (url.pathname === '/') {
      // Whether another browser has the app is settled on the WebSocket (a
      // reload's old socket may still be closing now); the page then says so.
      send(res, 200, HTML, appPage());
      return;
    }
    if (url.pathname === '/favicon.ico') {
      send(res, 204, 'image/x-icon', '');
      return;
    }
    const asset = assets.get(url.pathname);
    if (asset !== undefined) send(res, 200, asset.type, asset.body);
    else send(res, 404, HTML, notFoundPage());
  };

  const server = secure
    ? process
        .getBuiltinModule('node:https')
        .createServer({ cert: o.tls.cert, key: o.tls.key }, onRequest)
    : process.getBuiltinModule('node:http').createServer(onRequest);
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });

  const refuse = (socket: Duplex, status: number, text: string): void => {
    socket.end(
      `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length + 1}\r\n\r\n${text}\n`,
    );
  };

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: globalThis.Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/ws') {
      refuse(socket, 404, 'Not Found');
      return;
    }
    if (!originAllowed(req.headers.origin, req.headers.host, allowed, secure)) {
      log('web: WebSocket refused: foreign origin or host');
      refuse(socket, 403, 'Forbidden');
      return;
    }
    if (!authorized(req)) {
      log('web: WebSocket refused: no or wrong token');
      refuse(socket, 401, 'Unauthorized');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      onSocket(ws);
    });
  });

  const onSocket = (ws: WebSocket): void => {
    const client: WebClient = {
      send: (bytes) => {
        ws.send(globalThis.Buffer.from(bytes, 'utf8'));
      },
    };
    let hello = false;
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const text = Array.isArray(data)
        ? globalThis.Buffer.concat(data).toString('utf8')
        : globalThis.Buffer.from(data as ArrayBuffer).toString('utf8');
      const m = parseMessage(text);
      if (m === undefined) return;
      if (!hello) {
        if (m.t !== 'hello') return;
        hello = true;
        if (controller !== undefined && controller !== ws) {
          if (m.takeover !== true) {
            ws.close(CLOSE_IN_USE, 'in use elsewhere');
            return;
          }
          const old = controller;
          controller = undefined;
          old.close(CLOSE_TAKEN_OVER, 'taken over');
          log('web: another browser took over');
        }
        controller = ws;
        log('web: browser attached', {
          renderer: typeof m.renderer === 'string' ? m.renderer.slice(0, 20) : 'unknown',
        });
        o.app.attach(
          client,
          m.cols,
          m.rows,
          typeof m.renderer === 'string' ? m.renderer : undefined,
        );
        return;
      }
      if (controller !== ws) return;
      if (m.t === 'in') o.app.input(client, m.d);
      else if (m.t === 'size') o.app.resize(client, m.cols, m.rows);
      else if (m.t === 'renderer' && typeof m.renderer === 'string') {
        log('web: renderer changed', { renderer: m.renderer.slice(0, 20) });
        o.app.setRenderer(client, m.renderer);
      }
    });
    ws.on('close', () => {
      if (controller !== ws) return;
      controller = undefined;
      o.app.detach(client);
      log('web: browser detached');
    });
    ws.on('error', () => undefined);
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  allowed = allowedHosts(o.host, o.wildcardNames ?? []);
  const shownHost =
    o.host === '0.0.0.0' || o.host === '::'
      ? '127.0.0.1'
      : o.host.includes(':')
        ? `[${o.host}]`
        : o.host;
  const base = `${secure ? 'https' : 'http'}://${shownHost}:${port}/`;
  log('web: listening', { url: base });

  return {
    url: base,
    port,
    openUrl: `${base}?token=${o.token}`,
    close: async () => {
      // The page is told why (so it says "stopped" rather than "reconnecting"),
      // given a moment to answer the close, then cut.
      await Promise.all(
        [...wss.clients].map(
          (ws) =>
            new Promise<void>((resolve) => {
              const cut = setTimeout(() => {
                ws.terminate();
                resolve();
              }, 500);
              ws.once('close', () => {
                clearTimeout(cut);
                resolve();
              });
              ws.close(CLOSE_STOPPED, 'stopped');
            }),
        ),
      );
      await new Promise<void>((resolve) => {
        wss.close(() => {
          resolve();
        });
      });
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}
