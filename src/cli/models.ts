// `mistralrs-tui models [--json] [--refresh] [--checksum] [--dir PATH]...`,
// `models show ID` and `models export-inventory [PATH]`: model discovery
// without the TUI. Warnings (corrupt files, unreadable folders) are printed
// but do not fail the command; they are what the user needs to fix.
import fs from 'node:fs';
import path from 'node:path';
import type { Effective } from '../config/effective.js';
import type { AppPaths } from '../config/paths.js';
import type { InventoryWarning, ModelDescription } from '../domain/model.js';
import type { SessionStore } from '../domain/store.js';
import { formatBytes, formatCount } from '../domain/units.js';
import {
  createInventory,
  exportInventory,
  INVENTORY_FILE_NAME,
  scanConfigFrom,
  shellQuote,
  withPort,
  type InventoryService,
  type ScanOutcome,
} from '../services/inventory/index.js';
import { addModelsHint, folderLines, noModelText } from './folders.js';
import { jsonText } from './inert.js';
import { bold, dim, green, shown, yellow, type Out } from './output.js';

export interface ModelsContext {
  readonly out: Out;
  readonly err: Out;
  readonly effective: Effective;
  readonly paths: AppPaths;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly home: string;
  readonly cwd: string;
  readonly dirs: readonly string[];
  /** The config file read, or the one looked for (named in the hint on adding folders). */
  readonly configFile?: string;
}

/** Opens the session store for the cache; a store that cannot open means a JSON cache instead. */
async function openCacheStore(
  ctx: ModelsContext,
): Promise<{ store?: SessionStore; note?: string }> {
  try {
    const { openStore } = await import('../services/store/index.js');
    return { store: await openStore(ctx.effective.database) };
  } catch (e) {
    return { note: `session store unavailable (${(e as Error).message}); using a cache file` };
  }
}

async function scanOnce(
  ctx: ModelsContext,
  refresh: boolean,
): Promise<{ svc: InventoryService; result: ScanOutcome; close: () => Promise<void> }> {
  const { store, note } = await openCacheStore(ctx);
  if (note !== undefined) ctx.err.write(`${dim(ctx.err, shown(ctx.err, note))}\n`);
  const svc = createInventory(
    scanConfigFrom({
      config: ctx.effective.config,
      paths: ctx.paths,
      env: ctx.env,
      home: ctx.home,
      cwd: ctx.cwd,
      extraDirectories: ctx.dirs,
    }),
    store ? { store, paths: ctx.paths } : { paths: ctx.paths },
  );
  const result = await svc.scan({ refresh });
  return {
    svc,
    result,
    close: async () => {
      await svc.close();
      await store?.close();
    },
  };
}

function printWarnings(out: Out, warnings: readonly InventoryWarning[]): void {
  for (const w of warnings)
    out.write(`${yellow(out, 'warning:')} ${shown(out, `${w.path}: ${w.message}`)}\n`);
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export async function modelsList(
  ctx: ModelsContext,
  opts: { readonly json: boolean; readonly refresh: boolean; readonly checksum: boolean },
): Promise<number> {
  const { svc, result, close } = await scanOnce(ctx, opts.refresh);
  try {
    if (opts.checksum) {
      const progress = ctx.err.color;
      const off = svc.subscribe((e) => {
        if (progress && e.type === 'inventory.checksum-progress') {
          const p = e.progress;
          const pct = p.bytesTotal > 0 ? Math.floor((100 * p.bytesDone) / p.bytesTotal) : 100;
          ctx.err.write(`\r\x1b[Ksha256 ${shown(ctx.err, p.id)} ${pct}%`);
        }
      });
      await svc.checksumAll();
      off();
      if (progress) ctx.err.write('\r\x1b[K');
    }
    const models = svc.list();
    if (opts.json) {
      const { warnings, folders, stats } = result;
      ctx.out.write(`${jsonText({ models, warnings, folders, stats }, 2)}\n`);
      return 0;
    }
    const { out } = ctx;
    const looked = folderLines(out, result.folders).join('\n');
    if (models.length === 0) {
      out.write(
        `No models found. Looked in:\n${looked}\n${addModelsHint(result.folders, ctx.configFile)}\n`,
      );
    } else {
      // Ids, paths and quantizations come from file names and headers.
      const rows = [
        ['ID', 'KIND', 'FORMAT', 'PARAMS', 'QUANT', 'SIZE', 'MEMORY', 'PATH'],
        ...models.map((m) =>
          [
            m.id,
            m.kind,
            m.format,
            formatCount(m.parameters),
            m.quantization ?? '-',
            formatBytes(m.sizeBytes),
            `${m.memory.partial ? '>' : ''}${formatBytes(m.memory.totalBytes)}`,
            m.path,
          ].map((cell) => shown(out, cell)),
        ),
      ];
      const [head, ...body] = table(rows).split('\n');
      out.write(`${bold(out, head ?? '')}\n${body.join('\n')}\n`);
      if (opts.checksum) {
        for (const m of models) out.write(`${m.sha256 ?? '-'}  ${shown(out, m.id)}\n`);
      }
      out.write(`${dim(out, 'Looked in:')}\n${looked}\n`);
    }
    printWarnings(ctx.err, result.warnings);
    out.write(
      dim(
        out,
        `${models.length} model${models.length === 1 ? '' : 's'}, ${result.warnings.length} warning${result.warnings.length === 1 ? '' : 's'}; memory at ${ctx.effective.config.inventory.estimate_context} tokens of context. Details: mistralrs-tui models show ID\n`,
      ),
    );
    return 0;
  } finally {
    await close();
  }
}

export function describeModel(out: Out, m: ModelDescription, binary: string, port: number): void {
  // Every value comes from a file: its name, its header, its config.
  const row = (k: string, v: string | number | boolean | null): void => {
    out.write(`${bold(out, k.padEnd(15))} ${v === null ? '-' : shown(out, String(v))}\n`);
  };
  row('id', m.id);
  row('name', m.name);
  row('kind', `${m.kind} (${m.kindReason})`);
  row('format', m.format);
  row('architecture', m.architecture);
  row(
    'parameters',
    m.parameters === null ? null : `${formatCount(m.parameters)} (${m.parameters})`,
  );
  row('quantization', m.quantization);
  row('context', m.contextLength);
  row('embedding', m.embeddingLength);
  row('layers', m.blockCount);
  row('heads', m.headCount === null ? null : `${m.headCount} (KV ${m.kvHeadCount ?? '-'})`);
  row('chat template', m.chatTemplate === null ? 'unknown' : m.chatTemplate ? 'yes' : 'no');
  row('tokenizer', m.tokenizer);
  row('size on disk', `${formatBytes(m.sizeBytes)} (${m.sizeBytes} bytes)`);
  const e = m.memory;
  row(
    'memory',
    `${e.partial ? 'at least ' : ''}${formatBytes(e.totalBytes)} = weights ${formatBytes(e.weightsBytes)} + KV cache ${formatBytes(e.kvCacheBytes)} at ${e.contextTokens} tokens + overhead ${formatBytes(e.overheadBytes)}`,
  );
  row('sha256', m.sha256 ?? 'not computed (models --checksum)');
  row('last used', m.lastUsed);
  row('source', m.source + (m.revision !== null ? ` (revision ${m.revision})` : ''));
  row('path', m.path);
  for (const f of m.files)
    out.write(`${' '.repeat(16)}${shown(out, f.path)} ${dim(out, formatBytes(f.sizeBytes))}\n`);
  if (m.notes !== null) row('notes', m.notes);
  if (m.overridden.length > 0) row('from inventory', m.overridden.join(', '));
  row('launch', shellQuote([binary, ...withPort(m.launch, port)]));
  for (const w of m.warnings) out.write(`${yellow(out, 'warning:')} ${shown(out, w)}\n`);
}

export async function modelsShow(
  ctx: ModelsContext,
  id: string,
  opts: { readonly json: boolean },
): Promise<number> {
  const { svc, result, close } = await scanOnce(ctx, false);
  try {
    const m = svc.get(id);
    if (!m) {
      ctx.err.write(`mistralrs-tui: ${noModelText(ctx.err, id, svc.list(), result.folders)}\n`);
      return 1;
    }
    const l = ctx.effective.config.launcher;
    if (opts.json) ctx.out.write(`${jsonText(m, 2)}\n`);
    else describeModel(ctx.out, m, l.binary ?? 'mistralrs', l.port_min);
    return 0;
  } finally {
    await close();
  }
}

export async function modelsExport(
  ctx: ModelsContext,
  target: string | undefined,
  force: boolean,
): Promise<number> {
  const file = path.resolve(ctx.cwd, target ?? INVENTORY_FILE_NAME);
  if (fs.existsSync(file) && !force) {
    ctx.err.write(
      `mistralrs-tui: ${file} already exists; nothing was written.\nUse --force to overwrite it.\n`,
    );
    return 1;
  }
  const { svc, result, close } = await scanOnce(ctx, false);
  try {
    const value = exportInventory(svc.list(), path.dirname(file));
    const tmp = `${file}.tmp-${process.pid}`;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
    fs.renameSync(tmp, file);
    printWarnings(ctx.err, result.warnings);
    ctx.out.write(
      `${green(ctx.out, 'wrote')} ${shown(ctx.out, file)} (${svc.list().length} models)\n`,
    );
    return 0;
  } catch (e) {
    ctx.err.write(
      `mistralrs-tui: ${shown(ctx.err, `cannot write ${file}: ${(e as Error).message}`)}\n`,
    );
    return 1;
  } finally {
    await close();
  }
}
