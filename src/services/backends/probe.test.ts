// The real mistral.rs server arrives with the backends work; until then the
// probe is checked against closed ports and a small loopback HTTP server that
// answers with the shapes the API reference documents for mistral.rs 0.8.1.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeBackend } from './probe.js';

let server: http.Server;
let base = '';
const seen: { url: string | undefined; auth: string | undefined }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({ url: req.url, auth: req.headers.authorization });
    const path = req.url ?? '';
    if (path.startsWith('/locked/')) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"bad key"}');
    } else if (path === '/plain/health') {
      res.writeHead(404).end();
    } else if (path === '/plain/v1/models') {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('model exploded');
    } else if (path === '/health') {
      res.writeHead(200).end('OK');
    } else if (path === '/v1/models') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          object: 'list',
          data: [{ id: 'default' }, { id: 'smollm', status: 'loaded' }, { bogus: 1 }],
        }),
      );
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const target = (
  url: string | undefined,
  extra: Partial<Parameters<typeof probeBackend>[0]> = {},
) => ({
  name: 'x',
  kind: 'mistralrs' as const,
  url,
  apiKey: undefined,
  timeoutMs: 2000,
  ...extra,
});

describe('probeBackend', () => {
  it('reports health and the model list with statuses', async () => {
    const r = await probeBackend(target(base, { apiKey: 'sk-test' }));
    expect(r).toMatchObject({
      status: 'ok',
      models: [{ id: 'default' }, { id: 'smollm', status: 'loaded' }],
    });
    expect(r.healthMs).toBeGreaterThanOrEqual(0);
    expect(seen.at(-1)?.auth).toBe('Bearer sk-test');
  });

  it('names a refused connection and the port to check', async () => {
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const r = await probeBackend(target(`http://127.0.0.1:${port}`));
    expect(r).toMatchObject({
      status: 'unreachable',
      message: `connection refused at http://127.0.0.1:${port} — is mistralrs serve running on port ${port}?`,
    });
  });

  it('explains a refused API key', async () => {
    const r = await probeBackend(target(`${base}/locked`));
    expect(r.status).toBe('error');
    expect(r.message).toContain('the server refused the API key (HTTP 401)');
  });

  it('accepts a missing /health on OpenAI-compatible servers but reports a broken model list', async () => {
    const r = await probeBackend(target(`${base}/plain`, { kind: 'openai' }));
    expect(r).toMatchObject({
      status: 'error',
      message: '/v1/models answered HTTP 500: model exploded',
    });
  });

  it('checks that node-llama-cpp is installed for the embedded backend, without loading a model', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mrt-embedded-'));
    const env = { MISTRALRS_TUI_EMBEDDED_DIR: dir };
    const missing = await probeBackend(target(undefined, { kind: 'embedded' }), env);
    expect(missing).toMatchObject({
      status: 'error',
      message: 'node-llama-cpp is not installed — run scripts/install-embedded.sh',
    });
    mkdirSync(path.join(dir, 'node_modules', 'node-llama-cpp'), { recursive: true });
    writeFileSync(path.join(dir, 'node_modules', 'node-llama-cpp', 'package.json'), '{}');
    const present = await probeBackend(target(undefined, { kind: 'embedded' }), env);
    expect(present.status).toBe('ok');
    expect(present.models).toBeUndefined();
  });
});
