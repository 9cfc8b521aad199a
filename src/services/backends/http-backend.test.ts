// Transport behaviour that needs no model: refused connections, retries of
// idempotent requests, API keys, error shapes. The real server is exercised in
// test/backends/.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatEvent } from '../../domain/chat.js';
import type { LogFields, Logger } from '../../domain/log.js';
import { HttpBackend } from './http-backend.js';

let server: http.Server;
let base = '';
let modelsHits = 0;
let chatBodies: unknown[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      if (req.url === '/gen/v1/images/generations') {
        chatBodies.push(JSON.parse(Buffer.concat(chunks).toString()));
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end('{"created":1,"data":[{"b64_json":"AAEC"}]}');
      } else if (req.url === '/gen/v1/audio/speech') {
        res
          .writeHead(200, { 'content-type': 'audio/wav; rate=24000; channels=1' })
          .end(Buffer.from([1, 2, 3]));
      } else if (/^\/poisoned(-two|-new)?\/v1\/models$/.test(req.url ?? '')) {
        // mistral.rs after an unload: the alias first, then the models by id.
        const two = req.url?.startsWith('/poisoned-two/') === true;
        const data = [{ id: 'default' }, { id: '/m', status: 'loaded' }];
        if (two) data.push({ id: '/other', status: 'loaded' });
        res.writeHead(200).end(JSON.stringify({ object: 'list', data }));
      } else if (/^\/poisoned(-two|-new)?\/v1\/chat\/completions$/.test(req.url ?? '')) {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as { model: string };
        chatBodies.push(body);
        // 0.8.1 says the variant's name; 0.9.2 its text.
        const word = req.url?.startsWith('/poisoned-new/')
          ? 'engine state lock is poisoned'
          : 'EnginePoisoned';
        if (body.model === 'default') res.writeHead(500).end(JSON.stringify({ message: word }));
        else
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(
              '{"choices":[{"index":0,"message":{"role":"assistant","content":"by id"},"finish_reason":"stop"}]}',
            );
      } else if (req.url === '/flaky/v1/models') {
        modelsHits++;
        if (modelsHits < 3) res.writeHead(503).end('busy');
        else res.writeHead(200).end('{"object":"list","data":[{"id":"m"}]}');
      } else if (req.url === '/auth/v1/chat/completions') {
        res
          .writeHead(req.headers.authorization === 'Bearer sk-secret' ? 200 : 401)
          .end('{"message":"bad key"}');
      } else if (
        req.url === '/json/v1/chat/completions' &&
        req.headers['content-type'] !== 'application/json'
      ) {
        // Regression: mistral.rs answers 415 to a body without this header.
        res.writeHead(415).end('Expected request with `Content-Type: application/json`');
      } else if (req.url === '/json/v1/chat/completions') {
        chatBodies.push(JSON.parse(Buffer.concat(chunks).toString()));
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(
            '{"choices":[{"index":0,"message":{"role":"assistant","content":"whole"},"finish_reason":"stop"}],"usage":{"prompt_tokens":2,"completion_tokens":1,"total_tokens":3}}',
          );
      } else res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

const make = (url: string, extra: Partial<ConstructorParameters<typeof HttpBackend>[0]> = {}) =>
  new HttpBackend({
    name: 'u',
    kind: 'mistralrs',
    url,
    connectTimeoutMs: 1000,
    firstByteTimeoutMs: 1000,
    idleTimeoutMs: 1000,
    requestTimeoutMs: 1000,
    retries: 3,
    ...extra,
  });

async function collect(it: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
  const out: ChatEvent[] = [];
  for await (const ev of it) out.push(ev);
  return out;
}

async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('HttpBackend transport', () => {
  it('a refused chat is retried, then reported in one line with a hint', async () => {
    const port = await closedPort();
    const events = await collect(
      make(`http://127.0.0.1:${port}`, { retries: 2 }).streamChat({
        model: 'default',
        messages: [],
      }),
    );
    expect(events).toEqual([
      {
        type: 'error',
        error: {
          code: 'unreachable',
          message: `connection refused at http://127.0.0.1:${port} — is mistralrs serve running on port ${port}?`,
        },
      },
    ]);
  });

  it('idempotent requests retry through 503s', async () => {
    modelsHits = 0;
    expect(await make(`${base}/flaky`).listModels()).toEqual([{ id: 'm' }]);
    expect(modelsHits).toBe(3);
  });

  it('sends the API key, reports a refused key as auth, and never logs the key', async () => {
    const lines: string[] = [];
    const logger: Logger = {
      error: (m: string, f?: LogFields) => lines.push(m + JSON.stringify(f)),
      warn: (m: string, f?: LogFields) => lines.push(m + JSON.stringify(f)),
      info: (m: string, f?: LogFields) => lines.push(m + JSON.stringify(f)),
      debug: (m: string, f?: LogFields) => lines.push(m + JSON.stringify(f)),
      trace: (m: string, f?: LogFields) => lines.push(m + JSON.stringify(f)),
      child: (fields: LogFields) => {
        lines.push(JSON.stringify(fields));
        return logger;
      },
      flush: () => undefined,
    };
    const bad = await collect(
      make(`${base}/auth`, { apiKey: 'sk-wrong', logger }).streamChat({ model: 'x', messages: [] }),
    );
    expect(bad[0]).toMatchObject({ type: 'error', error: { code: 'auth', status: 401 } });
    const good = await collect(
      make(`${base}/auth`, { apiKey: 'sk-secret', logger }).streamChat({
        model: 'x',
        messages: [],
      }),
    );
    expect(good.at(-1)).toMatchObject({ type: 'error', error: { code: 'cut' } }); // empty 200 body
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain('sk-');
  });

  it('reads a server that answers JSON despite stream: true, and sends the request as documented', async () => {
    chatBodies = [];
    const events = await collect(
      make(`${base}/json`).streamChat({
        model: 'm',
        messages: [
          { role: 'system', content: 'be brief' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'see' },
              { type: 'image', mime: 'image/png', base64: 'AAAA' },
            ],
          },
        ],
        sampling: { maxTokens: 5, temperature: 0.2, stop: ['\n'] },
        tools: [{ name: 'f', parameters: { type: 'object' } }],
        toolChoice: 'auto',
      }),
    );
    expect(events.map((e) => e.type)).toEqual(['content', 'usage', 'finish']);
    expect(chatBodies[0]).toEqual({
      model: 'm',
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 5,
      temperature: 0.2,
      stop: ['\n'],
      messages: [
        { role: 'system', content: 'be brief' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'see' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
          ],
        },
      ],
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
      tool_choice: 'auto',
    });
  });

  it('sends a list of text parts alone as one string (the templates of text models refuse a list)', async () => {
    chatBodies = [];
    await collect(
      make(`${base}/json`).streamChat({
        model: 'm',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'one' },
              { type: 'text', text: 'two' },
            ],
          },
        ],
      }),
    );
    expect((chatBodies[0] as { messages: unknown[] }).messages).toEqual([
      { role: 'user', content: 'one\n\ntwo' },
    ]);
  });

  it('cancelling before the request resolves ends with cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    expect(await collect(make(base).streamChat({ model: 'm', messages: [] }, ac.signal))).toEqual([
      { type: 'finish', reason: 'cancelled' },
    ]);
  });
});

describe('EnginePoisoned (mistral.rs after an unload)', () => {
  const models = (b: unknown[]) => b.map((x) => (x as { model: string }).model);

  it('a refused "default" goes again by the one model the server lists', async () => {
    chatBodies = [];
    const events = await collect(
      make(`${base}/poisoned`).streamChat({ model: 'default', messages: [] }),
    );
    expect(events.map((e) => e.type)).toEqual(['content', 'finish']);
    expect(models(chatBodies)).toEqual(['default', '/m']);
  });

  it('with several models the error says in words what happened and the fix, in both wordings', async () => {
    chatBodies = [];
    const noDefault = (word: string) =>
      `the server lost its "default" model after an unload or reload (mistral.rs: HTTP 500 ${word}) — choose the model by its id (models tab, Enter) or restart the server`;
    const events = await collect(
      make(`${base}/poisoned-two`).streamChat({ model: 'default', messages: [] }),
    );
    // The list does not say which of the two "default" was: nothing is sent again.
    expect(models(chatBodies)).toEqual(['default']);
    expect(events).toEqual([
      {
        type: 'error',
        error: { code: 'engine_poisoned', status: 500, message: noDefault('EnginePoisoned') },
      },
    ]);
    const again = await collect(
      make(`${base}/poisoned-new`, { kind: 'openai' }).streamChat({
        model: 'default',
        messages: [],
      }),
    );
    expect(again).toEqual([
      {
        type: 'error',
        error: {
          code: 'engine_poisoned',
          status: 500,
          message: noDefault('engine state lock is poisoned'),
        },
      },
    ]);
  });
});

describe('web search status', () => {
  it('labels the pause before the first output as searching when search was asked for', async () => {
    const events = await collect(
      make(`${base}/json`).streamChat({
        model: 'm',
        messages: [],
        webSearch: { searchContextSize: 'low' },
      }),
    );
    expect(events.map((e) => e.type)).toEqual([
      'webSearch',
      'webSearch',
      'content',
      'usage',
      'finish',
    ]);
    expect(events.slice(0, 2)).toEqual([
      { type: 'webSearch', phase: 'started' },
      { type: 'webSearch', phase: 'finished' },
    ]);
    expect(chatBodies.at(-1)).toMatchObject({ web_search_options: { search_context_size: 'low' } });
  });
});

describe('image and speech generation', () => {
  it('asks mistral.rs for B64Json (0.8.1 refuses b64_json) and returns bytes', async () => {
    chatBodies = [];
    const images = await make(`${base}/gen`).generateImage('a cat', { width: 64, height: 64 });
    expect(chatBodies[0]).toMatchObject({
      prompt: 'a cat',
      response_format: 'B64Json',
      width: 64,
      height: 64,
    });
    expect(images).toEqual([{ mime: 'image/png', bytes: new Uint8Array([0, 1, 2]) }]);
    await make(`${base}/gen`, { kind: 'openai' }).generateImage('a dog');
    expect(chatBodies[1]).toMatchObject({ response_format: 'b64_json' });
  });

  it('returns speech bytes with the rate and channels from Content-Type', async () => {
    expect(await make(`${base}/gen`).generateSpeech('hello')).toEqual({
      mime: 'audio/wav',
      sampleRate: 24000,
      channels: 1,
      bytes: new Uint8Array([1, 2, 3]),
    });
  });
});

describe('short requests', () => {
  it('a body that never finishes is a timeout error, not a cancel', async () => {
    const slow = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"object":"list","data":[');
    });
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
    try {
      await expect(make(url, { requestTimeoutMs: 300 }).listModels()).rejects.toMatchObject({
        name: 'BackendError',
        code: 'stalled',
      });
    } finally {
      slow.closeAllConnections();
      await new Promise((r) => slow.close(r));
    }
  });
});

describe('streamed replies and their connection', () => {
  const sse = (text: string): string =>
    `data: {"choices":[{"index":0,"delta":{"content":${JSON.stringify(text)}},"finish_reason":null}]}\n\n`;

  /** A streaming server that counts connections and notes when one closes. */
  async function streaming(reply: (res: http.ServerResponse) => void): Promise<{
    url: string;
    connections: () => number;
    closed: Promise<void>;
    stop(): Promise<void>;
  }> {
    let connections = 0;
    let onClosed: () => void = () => undefined;
    const closed = new Promise<void>((r) => (onClosed = r));
    const s = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        reply(res);
      });
    });
    s.on('connection', (socket) => {
      connections++;
      socket.on('close', onClosed);
    });
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    return {
      url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`,
      connections: () => connections,
      closed,
      stop: async () => {
        s.closeAllConnections();
        await new Promise((r) => s.close(r));
      },
    };
  }
  const chat = { model: 'm', messages: [{ role: 'user' as const, content: 'x' }] };
  const text = (events: ChatEvent[]): string =>
    events.map((e) => (e.type === 'content' ? e.text : '')).join('');

  it('a reply the reader stops early closes its connection', async () => {
    // The server keeps streaming; only the client can end this reply.
    const server = await streaming((res) => {
      res.write(sse('first'));
      const t = setInterval(() => res.write(sse(' more')), 20);
      res.on('close', () => {
        clearInterval(t);
      });
    });
    try {
      for await (const ev of make(server.url).streamChat(chat)) {
        if (ev.type === 'content') break;
      }
      await server.closed;
      expect(server.connections()).toBe(1);
    } finally {
      await server.stop();
    }
  });

  it('aborting the signal in the middle of a reply ends it cancelled and closes the connection', async () => {
    const server = await streaming((res) => {
      res.write(sse('first'));
    });
    try {
      const ac = new AbortController();
      const events: ChatEvent[] = [];
      for await (const ev of make(server.url).streamChat(chat, ac.signal)) {
        events.push(ev);
        if (ev.type === 'content') ac.abort();
      }
      expect(text(events)).toBe('first');
      expect(events.at(-1)).toEqual({ type: 'finish', reason: 'cancelled' });
      await server.closed;
    } finally {
      await server.stop();
    }
  });

  it('a body cut before [DONE] is reported as cut, with the text kept', async () => {
    const server = await streaming((res) => {
      res.write(sse('partial'));
      setTimeout(() => res.socket?.destroy(), 20);
    });
    try {
      const events = await collect(make(server.url).streamChat(chat));
      expect(text(events)).toBe('partial');
      expect(events.at(-1)).toMatchObject({ type: 'error', error: { code: 'cut' } });
    } finally {
      await server.stop();
    }
  });
});
