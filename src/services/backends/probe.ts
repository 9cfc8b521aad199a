// A quick reachability check of a backend for --dry-run and doctor: health,
// then the model list. Never throws; every outcome is in the result.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BackendProbe, ProbeTarget, ProbedModel } from '../../domain/probe.js';
import { embeddedDir } from './embedded.js';
import { describeNetworkError } from './errors.js';

interface Fetched {
  readonly status: number;
  readonly body: string;
  readonly ms: number;
}

async function get(url: string, timeoutMs: number, apiKey?: string): Promise<Fetched> {
  const started = performance.now();
  const res = await fetch(url, {
    headers: apiKey !== undefined ? { authorization: `Bearer ${apiKey}` } : {},
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = await res.text();
  return { status: res.status, body, ms: Math.round(performance.now() - started) };
}

function parseModels(body: string): ProbedModel[] | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (doc === null || typeof doc !== 'object' || !('data' in doc) || !Array.isArray(doc.data))
    return undefined;
  const out: ProbedModel[] = [];
  for (const item of doc.data as unknown[]) {
    if (item === null || typeof item !== 'object' || !('id' in item) || typeof item.id !== 'string')
      continue;
    const status = 'status' in item && typeof item.status === 'string' ? item.status : undefined;
    out.push(status !== undefined ? { id: item.id, status } : { id: item.id });
  }
  return out;
}

function serverMessage(body: string): string {
  try {
    const doc = JSON.parse(body) as { message?: unknown; error?: { message?: unknown } };
    if (typeof doc.message === 'string') return doc.message;
    if (typeof doc.error?.message === 'string') return doc.error.message;
  } catch {
    // plain text
  }
  return body.trim().slice(0, 200);
}

export async function probeBackend(
  target: ProbeTarget,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<BackendProbe> {
  const base = { name: target.name, kind: target.kind, url: target.url };
  if (target.kind === 'embedded' || target.url === undefined) {
    // The embedded engine loads in-process on first use; a dry run does not load it.
    const installed = existsSync(
      path.join(embeddedDir(env), 'node_modules', 'node-llama-cpp', 'package.json'),
    );
    return installed
      ? {
          ...base,
          status: 'ok',
          message: 'node-llama-cpp is installed; the model loads on first use (not by a dry run)',
        }
      : {
          ...base,
          status: 'error',
          message: 'node-llama-cpp is not installed — run scripts/install-embedded.sh',
        };
  }
  const root = target.url.replace(/\/+$/, '');
  const server = target.kind === 'mistralrs' ? 'mistralrs serve' : 'the server';
  const warnings: string[] = [];
  let healthMs: number | undefined;
  // mistral.rs answers /health; other OpenAI-compatible servers may not, so a
  // 404 there is not a failure as long as /v1/models answers.
  try {
    const health = await get(`${root}/health`, target.timeoutMs, target.apiKey);
    if (health.status === 200) healthMs = health.ms;
    else if (health.status !== 404 || target.kind === 'mistralrs') {
      warnings.push(
        `/health answered HTTP ${health.status}${health.body ? `: ${serverMessage(health.body)}` : ''}`,
      );
    }
  } catch (err) {
    return { ...base, status: 'unreachable', message: describeNetworkError(err, root, server) };
  }
  try {
    const models = await get(`${root}/v1/models`, target.timeoutMs, target.apiKey);
    if (models.status === 401 || models.status === 403) {
      return {
        ...base,
        status: 'error',
        message: `the server refused the API key (HTTP ${models.status}) — set api_key or api_key_env for this profile`,
        ...(healthMs !== undefined ? { healthMs } : {}),
      };
    }
    if (models.status !== 200) {
      return {
        ...base,
        status: 'error',
        message: `/v1/models answered HTTP ${models.status}: ${serverMessage(models.body)}`,
        ...(healthMs !== undefined ? { healthMs } : {}),
      };
    }
    const list = parseModels(models.body);
    if (list === undefined) {
      return {
        ...base,
        status: 'error',
        message: '/v1/models did not answer an OpenAI model list',
      };
    }
    return {
      ...base,
      status: 'ok',
      models: list,
      modelsMs: models.ms,
      ...(healthMs !== undefined ? { healthMs } : {}),
      ...(warnings.length > 0 ? { message: warnings.join('; ') } : {}),
    };
  } catch (err) {
    return { ...base, status: 'unreachable', message: describeNetworkError(err, root, server) };
  }
}
