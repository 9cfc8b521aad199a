// `--dry-run`: everything start-up does except take over the terminal. Exit 0
// when config and database are good (an unreachable backend is a warning), 1
// when either is not. Parts not built yet say so instead of faking a result.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { apiKeyOf, type DatabaseTarget, type Effective } from '../config/effective.js';
import { formatDiagnostic, type ConfigError } from '../config/errors.js';
import type { ConfigSource } from '../config/load.js';
import type { AppPaths } from '../config/paths.js';
import { redactUrl } from '../config/show.js';
import type { ModelFolder } from '../domain/model.js';
import type { BackendProbe } from '../domain/probe.js';
import { probeBackend } from '../services/backends/probe.js';
import { folderLines } from './folders.js';
import { bold, dim, green, red, shown, yellow, type Out } from './output.js';
import { checkStore } from './sessions-dry-run.js';

type Status = 'ok' | 'warning' | 'error' | 'not_available';

export interface DatabaseCheck {
  readonly status: Status;
  readonly kind: DatabaseTarget['kind'];
  readonly location: string;
  readonly message: string;
  readonly schemaVersion?: number;
  readonly latestVersion?: number;
  readonly pendingMigrations?: readonly string[];
}

export interface DryRunReport {
  readonly version: string;
  readonly ok: boolean;
  readonly config: {
    readonly status: 'ok' | 'error';
    readonly path: string;
    readonly loaded: boolean;
    readonly errors: readonly string[];
  };
  readonly paths: AppPaths;
  readonly log?: { readonly file: string; readonly level: string };
  readonly database?: DatabaseCheck;
  readonly inventory: {
    readonly status: Status;
    readonly message: string;
    readonly models?: number;
    readonly warnings?: number;
    /** Where discovery looked (absolute paths, each with whether it exists). */
    readonly folders?: readonly ModelFolder[];
  };
  readonly backends: readonly (BackendProbe & { readonly selected: boolean })[];
  readonly warnings: readonly string[];
}

/** The nearest folder at or above `p` that exists. */
function existingAncestor(p: string): string {
  let cur = p;
  while (!fs.existsSync(cur)) {
    const up = path.dirname(cur);
    if (up === cur) break;
    cur = up;
  }
  return cur;
}

/**
 * What opening the store would find (the store's own checks: folder, not SQLite,
 * read-only, newer schema), plus whether a new file's folder can be created.
 * Changes nothing.
 */
export async function checkDatabase(target: DatabaseTarget): Promise<DatabaseCheck> {
  const base = {
    kind: target.kind,
    location: target.kind === 'sqlite' ? target.path : redactUrl(target.url),
  };
  const { ok, message, ...schema } = await checkStore(target);
  if (!ok) return { ...base, ...schema, status: 'error', message };
  if (target.kind === 'sqlite' && !fs.existsSync(target.path)) {
    const dir = existingAncestor(path.dirname(target.path));
    try {
      fs.accessSync(dir, fs.constants.W_OK);
    } catch {
      return { ...base, status: 'error', message: `cannot create it: ${dir} is not writable` };
    }
  }
  return { ...base, ...schema, status: 'ok', message };
}

export interface DryRunInput {
  readonly version: string;
  readonly paths: AppPaths;
  readonly source: ConfigSource;
  readonly effective?: Effective;
  readonly configError?: ConfigError;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export async function buildDryRunReport(input: DryRunInput): Promise<DryRunReport> {
  const { effective, configError, source } = input;
  const configPath = source.kind === 'file' ? source.path : source.lookedAt;
  const config = {
    status: configError ? ('error' as const) : ('ok' as const),
    path: configPath,
    loaded: source.kind === 'file',
    errors: configError ? configError.diagnostics.map(formatDiagnostic) : [],
  };
  const inventory = {
    status: 'not_available' as const,
    message: 'not scanned: fix the config first',
  };
  if (!effective) {
    return {
      version: input.version,
      ok: false,
      config,
      paths: input.paths,
      inventory,
      backends: [],
      warnings: [],
    };
  }
  const database = await checkDatabase(effective.database);
  const discovery = await discoverModels(input, effective);
  const profiles = Object.entries(effective.config.backends);
  const backends = await Promise.all(
    profiles.map(async ([name, b]) => ({
      ...(await probeBackend(
        {
          name,
          kind: b.kind,
          url: b.url,
          apiKey: apiKeyOf(b, input.env),
          timeoutMs: Math.min(b.request_timeout_ms, b.connect_timeout_ms),
        },
        input.env,
      )),
      selected: name === effective.backendName,
    })),
  );
  const warnings: string[] = [...discovery.warnings];
  for (const b of backends) {
    if (b.status === 'unreachable' || b.status === 'error')
      warnings.push(`backend ${b.name}: ${b.message ?? b.status}`);
    // An HTTP backend's message next to "ok" is a warning (e.g. /health failed);
    // the embedded one's only says what was checked.
    else if (b.status === 'ok' && b.message !== undefined && b.kind !== 'embedded')
      warnings.push(`backend ${b.name}: ${b.message}`);
    if (b.kind !== 'embedded' && b.selected && b.status === 'ok') {
      const wanted = effective.backend.model;
      const ids = (b.models ?? []).map((m) => m.id);
      if (wanted !== undefined && wanted !== 'default' && !ids.includes(wanted)) {
        warnings.push(
          `backend ${b.name}: model "${wanted}" is not in the server's list (${ids.join(', ') || 'empty'})`,
        );
      }
    }
    const key = profiles.find(([n]) => n === b.name)?.[1].api_key_env;
    if (key !== undefined && (input.env[key] ?? '') === '') {
      warnings.push(`backend ${b.name}: api_key_env names ${key}, which is not set`);
    }
  }
  return {
    version: input.version,
    ok: database.status !== 'error',
    config,
    paths: input.paths,
    log: { file: effective.logFile, level: effective.logLevel },
    database,
    inventory: discovery.inventory,
    backends,
    warnings,
  };
}

/** Runs model discovery once (cache file only: a dry run leaves the database alone). */
async function discoverModels(
  input: DryRunInput,
  effective: Effective,
): Promise<{ inventory: DryRunReport['inventory']; warnings: string[] }> {
  const { createInventory, scanConfigFrom } = await import('../services/inventory/index.js');
  const svc = createInventory(
    scanConfigFrom({
      config: effective.config,
      paths: input.paths,
      env: input.env,
      home: input.env.HOME ?? os.homedir(),
      cwd: process.cwd(),
    }),
    { paths: input.paths },
  );
  try {
    const r = await svc.scan();
    const kinds = new Map<string, number>();
    for (const m of r.models) kinds.set(m.format, (kinds.get(m.format) ?? 0) + 1);
    const detail = [...kinds].map(([k, n]) => `${n} ${k}`).join(', ');
    const shown = r.warnings.slice(0, 10).map((w) => `models: ${w.path}: ${w.message}`);
    if (r.warnings.length > shown.length) {
      shown.push(`models: ${r.warnings.length - shown.length} more; see mistralrs-tui models`);
    }
    return {
      inventory: {
        status: r.warnings.length > 0 ? 'warning' : 'ok',
        message: `${r.models.length} model${r.models.length === 1 ? '' : 's'} found${detail !== '' ? ` (${detail})` : ''}${r.warnings.length > 0 ? `, ${r.warnings.length} warning${r.warnings.length === 1 ? '' : 's'}` : ''}; list them with: mistralrs-tui models`,
        models: r.models.length,
        warnings: r.warnings.length,
        folders: r.folders,
      },
      warnings: shown,
    };
  } catch (e) {
    return {
      inventory: { status: 'error', message: `model discovery failed: ${(e as Error).message}` },
      warnings: [],
    };
  } finally {
    await svc.close();
  }
}

function statusWord(out: Out, status: Status | BackendProbe['status']): string {
  switch (status) {
    case 'ok':
      return green(out, 'ok');
    case 'warning':
    case 'unreachable':
      return yellow(out, status === 'warning' ? 'warn' : 'unreachable');
    case 'error':
      return red(out, 'error');
    case 'not_available':
      return dim(out, 'not available yet');
  }
}

export function printDryRun(out: Out, r: DryRunReport): void {
  const w = (s: string) => {
    out.write(`${s}\n`);
  };
  const label = (s: string) => bold(out, s.padEnd(10));
  // Paths, config errors, server messages and model ids are text from outside.
  const t = (s: string) => shown(out, s);
  w(`mistralrs-tui ${r.version} — dry run`);
  w('');
  w(
    `${label('Config')} ${statusWord(out, r.config.status)}  ${t(r.config.path)}${r.config.loaded ? '' : ' (no file; defaults apply)'}`,
  );
  for (const e of r.config.errors) w(`${' '.repeat(12)}${red(out, t(e))}`);
  w(`${label('Paths')} config ${t(r.paths.configDir)}`);
  w(`${' '.repeat(11)}data   ${t(r.paths.dataDir)}`);
  w(`${' '.repeat(11)}state  ${t(r.paths.stateDir)}`);
  w(`${' '.repeat(11)}cache  ${t(r.paths.cacheDir)}`);
  if (r.log) w(`${label('Log')} ${t(r.log.file)} (level ${r.log.level})`);
  if (r.database) {
    w(
      `${label('Database')} ${statusWord(out, r.database.status)}  ${r.database.kind} ${t(r.database.location)}`,
    );
    w(`${' '.repeat(12)}${t(r.database.message)}`);
  }
  w(`${label('Models')} ${statusWord(out, r.inventory.status)}  ${t(r.inventory.message)}`);
  if (r.inventory.folders !== undefined) {
    w(`${' '.repeat(12)}looked in:`);
    for (const l of folderLines(out, r.inventory.folders)) w(`${' '.repeat(12)}${l}`);
  }
  for (const b of r.backends) {
    const first = b === r.backends[0] ? label('Backends') : ' '.repeat(10);
    w(
      `${first} ${statusWord(out, b.status)}  ${t(b.name)} (${b.kind})${b.url !== undefined ? ` ${t(b.url)}` : ''}${b.selected ? dim(out, '  [selected]') : ''}`,
    );
    if (b.status === 'ok' && b.models === undefined) {
      if (b.message !== undefined) w(`${' '.repeat(12)}${t(b.message)}`);
    } else if (b.status === 'ok') {
      const models = (b.models ?? []).map((m) =>
        m.status !== undefined ? `${m.id} (${m.status})` : m.id,
      );
      const timing = b.healthMs !== undefined ? `health ${b.healthMs} ms, ` : '';
      w(`${' '.repeat(12)}${timing}models: ${t(models.join(', ')) || 'none'}`);
    } else if (b.message !== undefined) {
      w(`${' '.repeat(12)}${t(b.message)}`);
    }
  }
  w('');
  for (const warning of r.warnings) w(`${yellow(out, 'warning:')} ${t(warning)}`);
  const verdict = r.ok
    ? green(
        out,
        `ready${r.warnings.length > 0 ? ` (${r.warnings.length} warning${r.warnings.length === 1 ? '' : 's'})` : ''}`,
      )
    : red(out, 'not ready: fix the errors above');
  w(`Result: ${verdict}`);
}
