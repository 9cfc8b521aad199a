// The web host's server over real loopback sockets: HTTPS with --tls-cert and
// --tls-key (a throw-away self-signed certificate made by openssl), the token
// traded for a Secure cookie, and the WebSocket protocol: hello attaches the
// browser, its input reaches the app, a second browser is told "in use".
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { InputEvent } from '../../tui/index.js';
import { CLOSE_IN_USE, startWebServer, type WebServer } from './server.js';
import { WebHost } from './web-host.js';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe.runIf(hasOpenssl())('the web server over HTTPS', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mrt-web-tls-'));
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  const token = 'ab'.repeat(16);
  const events: InputEvent[] = [];
  let app: WebHost;
  let server: WebServer;
  let cert: Buffer;

  beforeAll(async () => {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        keyFile,
        '-out',
        certFile,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    cert = readFileSync(certFile);
    writeFileSync(path.join(dir, 'app.js'), '// page');
    writeFileSync(path.join(dir, 'xterm.css'), '/* css */');
    app = new WebHost({ mouse: true, fps: 60 });
    void app.run({
      view: (f) => {
        f.buffer.setString(0, 0, 'tls-screen');
      },
      onEvent: (e) => events.push(e),
    });
    server = await startWebServer({
      host: '127.0.0.1',
      port: 0,
      token,
      assets: dir,
      app,
      tls: { cert, key: readFileSync(keyFile) },
    });
  });
  afterAll(async () => {
    app.stop(0);
    await server.close();
  });

  const get = (url: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined> }>(
      (resolve, reject) => {
        https
          .get(url, { ca: cert, headers }, (res) => {
            res.resume();
            resolve({ status: res.statusCode ?? 0, headers: res.headers });
          })
          .on('error', reject);
      },
    );

  it('serves HTTPS and sets a Secure, HttpOnly, SameSite=Strict cookie for the token', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.openUrl).toBe(`${server.url}?token=${token}`);
    const res = await get(server.openUrl);
    expect(res.status).toBe(303);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict; Secure/);
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect((await get(server.url)).status).toBe(401);
    const page = await get(server.url, { Cookie: cookie.split(';')[0]! });
    expect(page.status).toBe(200);
  });

  it('attaches a browser on hello, passes its input on, and tells a second one it is in use', async () => {
    const cookie = `mistralrs_tui_${new URL(server.url).port}=${token}`;
    const wsUrl = `${server.url.replace('https', 'wss')}ws`;
    const origin = server.url.slice(0, -1);
    const first = new WebSocket(wsUrl, { ca: cert, headers: { Cookie: cookie, Origin: origin } });
    let screen = '';
    first.on('message', (d: Buffer) => (screen += d.toString('utf8')));
    await new Promise((r) => first.once('open', r));
    first.send(JSON.stringify({ t: 'hello', cols: 30, rows: 5, renderer: 'webgl' }));
    for (let i = 0; i < 100 && !screen.includes('tls-screen'); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(screen).toContain('\x1b[?1049h');
    expect(screen).toContain('tls-screen');
    expect(app.width).toBe(30);
    first.send(JSON.stringify({ t: 'in', d: 'z' }));
    for (let i = 0; i < 100 && events.length === 0; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(events[0]).toMatchObject({ type: 'key', key: 'z' });

    const second = new WebSocket(wsUrl, { ca: cert, headers: { Cookie: cookie, Origin: origin } });
    await new Promise((r) => second.once('open', r));
    const closed = new Promise<number>((r) => {
      second.once('close', (code) => {
        r(code);
      });
    });
    second.send(JSON.stringify({ t: 'hello', cols: 30, rows: 5 }));
    expect(await closed).toBe(CLOSE_IN_USE);
    expect(app.attached).toBe(true);
    first.close();
  });
});
