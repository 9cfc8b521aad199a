// A loopback stand-in for a mistral.rs / OpenAI-compatible server, for the app
// benchmark: /health, /v1/models, and a streaming /v1/chat/completions that
// sends one lowercase word per SSE event at a fixed rate until the client goes
// away (Esc) or `maxMs` passes. Chunks have the shape mistral.rs 0.8.1 sends
// (test/fixtures/backends/smollm2-stream.sse); the last one carries
// finish_reason and usage, then `data: [DONE]`.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const MODEL_ID = 'bench-model';

/** Only lowercase letters and spaces, so digits and symbols typed into the composer stand out. */
const WORDS = [
  'the',
  'model',
  'streams',
  'tokens',
  'into',
  'a',
  'terminal',
  'while',
  'someone',
  'types',
  'their',
  'next',
  'question',
  'about',
  'lighthouses',
  'and',
  'quiet',
  'harbours',
];
/** A paragraph break every this many words, as real replies have. */
const PARAGRAPH_WORDS = 60;

export interface FakeServer {
  readonly url: string;
  /** Content tokens sent since the server started, over every stream. */
  readonly sent: number;
  /** Whether a chat stream is being sent now. */
  readonly streaming: boolean;
  close(): Promise<void>;
}

function chunk(content: string, finish: string | null = null, usage: unknown = null): string {
  const doc = {
    id: 'bench',
    object: 'chat.completion.chunk',
    created: 1,
    model: MODEL_ID,
    system_fingerprint: 'local',
    choices: [
      { index: 0, delta: { role: 'assistant', content }, finish_reason: finish, logprobs: null },
    ],
    usage,
  };
  return `data: ${JSON.stringify(doc)}\n\n`;
}

export async function startFakeServer(tokensPerSecond: number, maxMs: number): Promise<FakeServer> {
  let sent = 0;
  let streaming = false;

  const stream = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    streaming = true;
    const started = performance.now();
    let n = 0;
    // Timers drift under load, so each tick sends every token that is due:
    // the average rate holds even when a tick comes late.
    const tick = (): void => {
      const elapsed = performance.now() - started;
      const due = Math.min(
        Math.floor((elapsed * tokensPerSecond) / 1000),
        (maxMs * tokensPerSecond) / 1000,
      );
      let out = '';
      for (; n < due; n++) {
        const word = WORDS[n % WORDS.length] ?? 'word';
        const sep = n === 0 ? '' : n % PARAGRAPH_WORDS === 0 ? '\n\n' : ' ';
        out += chunk(sep + word);
        sent++;
      }
      if (out !== '') res.write(out);
      if (elapsed >= maxMs) finish();
    };
    const finish = (): void => {
      clearInterval(timer);
      streaming = false;
      const usage = { prompt_tokens: 8, completion_tokens: n, total_tokens: n + 8 };
      res.end(`${chunk('', 'stop', usage)}data: [DONE]\n\n`);
    };
    const timer = setInterval(tick, 1000 / tokensPerSecond);
    // Esc aborts the request: stop sending, nothing more to say.
    res.on('close', () => {
      clearInterval(timer);
      streaming = false;
    });
    req.resume();
  };

  const server = http.createServer((req, res) => {
    const route = `${req.method ?? 'GET'} ${(req.url ?? '/').split('?')[0] ?? '/'}`;
    switch (route) {
      case 'GET /health':
        res.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
        return;
      case 'GET /v1/models':
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ object: 'list', data: [{ id: MODEL_ID, object: 'model' }] }));
        return;
      case 'POST /v1/chat/completions':
        stream(req, res);
        return;
      default:
        // /metrics, /v1/system/info: absent, as on a plain OpenAI-style server.
        req.resume();
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not found"}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get sent() {
      return sent;
    },
    get streaming() {
      return streaming;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
