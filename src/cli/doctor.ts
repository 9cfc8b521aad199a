// `mistralrs-tui doctor`: probes every configured backend and the launcher,
// and prints what works, what does not, and how to fix it. Exit 0 when every
// check passes, 1 otherwise.
import { existsSync } from 'node:fs';
import type { Effective } from '../config/effective.js';
import type { BackendProfile } from '../config/schema.js';
import type {
  BackendCapabilities,
  BackendModel,
  ChatBackend,
  Histogram,
  SystemInfo,
} from '../domain/backend.js';
import { histogramQuantile } from '../domain/telemetry.js';
import { inert, jsonText } from './inert.js';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface DoctorCheck {
  readonly name: string;
  readonly status: CheckStatus;
  readonly detail: string;
  readonly fix?: string;
}

export interface DoctorIo {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** What the terminal can show (`ui.images`), detected by the caller; no check without it. */
  readonly graphics?: () => Promise<{ readonly detail: string; readonly hint?: string }>;
}

async function graphicsCheck(detect: NonNullable<DoctorIo['graphics']>): Promise<DoctorCheck> {
  const g = await detect();
  return g.hint !== undefined
    ? { name: 'terminal graphics', status: 'warn', detail: g.detail, fix: g.hint }
    : { name: 'terminal graphics', status: 'ok', detail: g.detail };
}

const GiB = 1024 ** 3;

async function checkBackend(
  name: string,
  profile: BackendProfile,
  env: DoctorIo['env'],
): Promise<DoctorCheck[]> {
  const label = `backend ${name} (${profile.kind}${profile.url !== undefined ? ` ${profile.url}` : ''})`;
  if (profile.kind === 'embedded') {
    const { createBackend } = await import('../services/backends/index.js');
    const health = await createBackend(name, profile, { env }).health();
    const model = profile.model;
    if (!health.ok) {
      return [
        {
          name: label,
          status: 'warn',
          detail: 'node-llama-cpp is not installed',
          fix: health.message ?? '',
        },
      ];
    }
    const { existsSync } = await import('node:fs');
    if (model === undefined || model === 'default' || !existsSync(model)) {
      return [
        {
          name: label,
          status: 'fail',
          detail:
            model === undefined || model === 'default'
              ? 'no model set'
              : `no GGUF file at ${model}`,
          fix: 'set model to the path of a GGUF file (see `mistralrs-tui models`)',
        },
      ];
    }
    return [{ name: label, status: 'ok', detail: `node-llama-cpp ready; model ${model}` }];
  }
  const { createBackend } = await import('../services/backends/index.js');
  const backend = createBackend(name, profile, { env });
  const health = await backend.health();
  if (!health.ok) {
    return [
      {
        name: label,
        status: 'fail',
        detail: health.message ?? 'no answer',
        fix:
          profile.kind === 'mistralrs'
            ? `start one with \`mistralrs-tui serve MODEL\` or \`mistralrs serve ... -p ${portOf(profile.url)}\`, or fix the url`
            : 'start the server or fix the url',
      },
    ];
  }
  const out: DoctorCheck[] = [];
  let models: readonly BackendModel[];
  try {
    models = await backend.listModels();
  } catch (err) {
    out.push({ name: label, status: 'fail', detail: `health ok, but ${(err as Error).message}` });
    return out;
  }
  const caps: BackendCapabilities = await backend.capabilities();
  const listed = models
    .filter((m) => m.id !== 'default')
    .map((m) => (m.status !== undefined ? `${m.id} [${m.status}]` : m.id));
  out.push({
    name: label,
    status: listed.length > 0 ? 'ok' : 'warn',
    detail: `answers in ${health.ms} ms; models: ${listed.length > 0 ? listed.join(', ') : 'none'}`,
    ...(listed.length === 0 ? { fix: 'the server lists no model' } : {}),
  });
  const wanted = profile.model;
  if (wanted !== undefined && wanted !== 'default' && !models.some((m) => m.id === wanted)) {
    out.push({
      name: `  model ${wanted}`,
      status: 'fail',
      detail: 'the configured model is not served here',
      fix: `set model to one of: ${listed.join(', ') || 'default'}`,
    });
  }
  const features = [
    caps.modelManagement ? 'model management' : undefined,
    caps.systemInfo ? 'system info' : undefined,
    caps.metrics ? '/metrics' : undefined,
  ].filter((x) => x !== undefined);
  const version =
    caps.serverVersion !== undefined
      ? `${profile.kind === 'mistralrs' ? 'mistral.rs ' : ''}${caps.serverVersion}`
      : 'not stated by the server';
  out.push({ name: '  version', status: 'ok', detail: version });
  out.push({
    name: '  features',
    status: 'ok',
    detail: [
      features.length > 0 ? features.join(', ') : 'chat only',
      // Said in words: what the app cannot show for this server.
      caps.metrics
        ? undefined
        : "no /metrics route (queue only from a launched server's log; latency measured by this app only)",
    ]
      .filter((x) => x !== undefined)
      .join('; '),
  });
  if (caps.metrics) out.push(await metricsCheck(backend));
  if (caps.systemInfo && backend.systemInfo !== undefined) {
    const info: SystemInfo | undefined = await backend.systemInfo().catch(() => undefined);
    if (info !== undefined) {
      const mem =
        info.memoryTotalBytes !== undefined
          ? `, RAM ${((info.memoryAvailableBytes ?? 0) / GiB).toFixed(1)} of ${(info.memoryTotalBytes / GiB).toFixed(1)} GiB free`
          : '';
      const devices = info.devices.filter((d) => d.kind !== 'cpu').map((d) => d.name);
      out.push({
        name: '  server host',
        status: 'ok',
        detail: `${info.cpuBrand ?? 'CPU'}${info.logicalCores !== undefined ? ` (${info.logicalCores} threads)` : ''}${mem}; devices: ${devices.length > 0 ? devices.join(', ') : 'CPU only'}`,
      });
    }
  }
  return out;
}

const ms = (h: Histogram | undefined, q: number): string => {
  const v = h !== undefined ? histogramQuantile(h, q) : undefined;
  return v !== undefined ? `${Math.round(v * 1000)} ms` : '—';
};

/** The server's own figures from its /metrics (every request since it started). */
async function metricsCheck(backend: ChatBackend): Promise<DoctorCheck> {
  const m = await backend.metrics?.().catch(() => undefined);
  if (m === undefined)
    return {
      name: '  server metrics',
      status: 'warn',
      detail: '/metrics answered, but could not be read',
    };
  const parts: string[] = [];
  if (m.running !== undefined || m.waiting !== undefined)
    parts.push(
      `${m.running ?? 0} running, ${m.waiting ?? 0} waiting${m.capacity !== undefined ? ` of ${m.capacity} slots` : ''}`,
    );
  if (m.pendingAdmission !== undefined) parts.push(`${m.pendingAdmission} pending admission`);
  if (m.prefixCacheLookups !== undefined && m.prefixCacheLookups > 0)
    parts.push(
      `prefix cache ${Math.round((100 * (m.prefixCacheHits ?? 0)) / m.prefixCacheLookups)}% hits`,
    );
  if (m.tokensProcessed !== undefined)
    parts.push(`${m.tokensProcessed.toLocaleString('en-US')} tokens processed`);
  const lat = (name: string, h: Histogram | undefined): string | undefined =>
    h !== undefined && h.count > 0
      ? `${name} p50 ${ms(h, 0.5)}, p95 ${ms(h, 0.95)} (${h.count} measured)`
      : undefined;
  const ttft = lat('TTFT', m.ttft);
  const itl = lat('inter-token', m.interTokenLatency);
  parts.push(
    ttft !== undefined || itl !== undefined
      ? [ttft, itl].filter((x) => x !== undefined).join('; ')
      : 'no streamed reply measured yet',
  );
  return {
    name: '  server metrics',
    status: 'ok',
    detail: `from its /metrics: ${parts.join('; ')}`,
  };
}

function portOf(url: string | undefined): string {
  try {
    return new URL(url ?? '').port || '1234';
  } catch {
    return '1234';
  }
}

export async function doctorChecks(
  effective: Effective,
  env: DoctorIo['env'],
): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const entries = Object.entries(effective.config.backends);
  const results = await Promise.all(
    entries.map(([name, profile]) => checkBackend(name, profile, env)),
  );
  for (const r of results) checks.push(...r);
  const { findMistralrs, binaryVersion } = await import('../services/launcher/find-binary.js');
  const found = findMistralrs(effective.config.launcher.binary, env);
  if (!found.found) {
    checks.push({
      name: 'launcher',
      status: 'warn',
      detail: 'cannot start servers',
      fix: found.message,
    });
  } else {
    const { serveFeatures } = await import('../services/launcher/serve-features.js');
    const [version, features] = await Promise.all([
      binaryVersion(found.path),
      serveFeatures(found.path),
    ]);
    const ui =
      features.ui === 'on-by-default'
        ? effective.config.launcher.ui
          ? '; its web UI at /ui stays on (launcher.ui)'
          : '; its web UI at /ui is turned off with --no-ui (launcher.ui turns it on)'
        : features.ui === 'off-by-default' && effective.config.launcher.ui
          ? '; its web UI at /ui is turned on with --ui (launcher.ui)'
          : '';
    checks.push(
      version !== undefined
        ? {
            name: 'launcher',
            status: 'ok',
            detail: `${version} at ${found.path} (from ${found.from})${ui}`,
          }
        : {
            name: 'launcher',
            status: 'fail',
            detail: `${found.path} did not answer --version`,
            fix: 'reinstall mistralrs-cli, or point launcher.binary at a working binary',
          },
    );
  }
  checks.push(webCheck());
  return checks;
}

/**
 * The web host (`mistralrs-tui web`): whether its page is built next to this
 * build (dist/web). Which renderer a browser uses is known only in that
 * browser, so a running one says it in its help screen.
 */
function webCheck(): DoctorCheck {
  if (existsSync(new URL('../web/app.js', import.meta.url)))
    return {
      name: 'web',
      status: 'ok',
      detail:
        '`mistralrs-tui web` draws in a browser with WebGL (GPU), or its DOM renderer (CPU) where WebGL is missing; its help screen (F1) says which',
    };
  return {
    name: 'web',
    status: 'warn',
    detail: 'the browser page for `mistralrs-tui web` is not built',
    fix: 'run `npm run build`',
  };
}

/** The widest check name the details are aligned after. */
const NAME_COLUMN = 20;

export async function runDoctor(
  io: DoctorIo,
  effective: Effective,
  json: boolean,
): Promise<number> {
  const checks = await doctorChecks(effective, io.env);
  if (io.graphics) checks.push(await graphicsCheck(io.graphics));
  const ok = checks.every((c) => c.status !== 'fail');
  if (json) {
    io.stdout.write(`${jsonText({ ok, checks }, 2)}\n`);
  } else {
    // Details quote servers (error texts, model ids, device names): inert on a terminal.
    const shown = (text: string): string => (io.stdout.isTTY === true ? inert(text) : text);
    const mark = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' } as const;
    // Details start in one column; a name too long for it (a backend with its URL) keeps one space.
    const column = Math.max(
      0,
      ...checks.map((c) => c.name.length + 1).filter((w) => w <= NAME_COLUMN),
    );
    for (const c of checks) {
      const name = `${c.name}:`.padEnd(column);
      io.stdout.write(`${mark[c.status]}  ${shown(`${name} ${c.detail}`)}\n`);
      if (c.fix !== undefined) io.stdout.write(`      fix: ${shown(c.fix)}\n`);
    }
    io.stdout.write(ok ? 'all checks passed\n' : 'some checks failed\n');
  }
  return ok ? 0 : 1;
}
