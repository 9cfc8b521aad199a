// BodyReader on a real loopback HTTP response: chunks in order with a slow
// reader, the end, a reset body, and what release/destroy do to the connection.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { BodyReader, send } from './transport.js';

async function serve(
  reply: (res: http.ServerResponse) => void,
  fn: (url: string, closed: Promise<void>) => Promise<void>,
): Promise<void> {
  let onClosed: () => void = () => undefined;
  const closed = new Promise<void>((r) => (onClosed = r));
  const s = http.createServer((req, res) => {
    req.resume();
    res.writeHead(200);
    reply(res);
  });
  s.on('connection', (socket) => socket.on('close', onClosed));
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  try {
    await fn(`http://127.0.0.1:${(s.address() as AddressInfo).port}`, closed);
  } finally {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
}

const get = (url: string) =>
  send(url, { method: 'GET', connectTimeoutMs: 1000, firstByteTimeoutMs: 1000, serverName: 't' });

describe('BodyReader', () => {
  it('hands every chunk over in order to a slow reader, then undefined at the end', async () => {
    const parts = Array.from({ length: 200 }, (_, i) => `${i};`);
    await serve(
      (res) => {
        for (const p of parts) res.write(p);
        res.end();
      },
      async (url) => {
        const body = new BodyReader(await get(url));
        let text = '';
        for (let c = await body.next(); c !== undefined; c = await body.next()) {
          text += c.toString();
          await new Promise((r) => setTimeout(r, 0)); // a consumer slower than the socket
        }
        expect(text).toBe(parts.join(''));
        expect(await body.next()).toBeUndefined();
      },
    );
  });

  it('throws when the connection is reset in the middle of the body', async () => {
    await serve(
      (res) => {
        res.write('part');
        setTimeout(() => res.socket?.destroy(), 20);
      },
      async (url) => {
        const body = new BodyReader(await get(url));
        expect((await body.next())?.toString()).toBe('part');
        await expect(body.next()).rejects.toBeInstanceOf(Error);
      },
    );
  });

  it('release() closes a body that does not end within the grace period', async () => {
    await serve(
      (res) => res.write('done, but the body stays open'),
      async (url, closed) => {
        const res = await get(url);
        const body = new BodyReader(res);
        expect(await body.next()).toBeDefined();
        body.release(50);
        await closed;
        expect(res.destroyed).toBe(true);
      },
    );
  });

  it('release() of an ended body keeps the connection; destroy() of an open one closes it', async () => {
    await serve(
      (res) => res.end('all'),
      async (url) => {
        const res = await get(url);
        const socket = res.socket; // the agent takes it back once the body ends
        const body = new BodyReader(res);
        expect((await body.next())?.toString()).toBe('all');
        expect(await body.next()).toBeUndefined();
        body.release(50);
        await new Promise((r) => setTimeout(r, 100));
        expect(socket.destroyed).toBe(false);
      },
    );
    await serve(
      (res) => res.write('open'),
      async (url, closed) => {
        const body = new BodyReader(await get(url));
        expect(await body.next()).toBeDefined();
        body.destroy();
        await closed;
        await expect(body.next()).resolves.toBeUndefined();
      },
    );
  });
});
