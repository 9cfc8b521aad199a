// Finding model candidates on disk without reading them: the Hugging Face
// cache (models--ORG--NAME/{refs,snapshots,blobs}, snapshot files are symlinks
// into blobs), configured directories and ./.models. Only names and stat()
// results are used here; headers are read later, and only for candidates whose
// path+size+mtime changed. Walks are bounded in depth and directory count, and
// symlinked folders are visited once, so loops and huge trees cannot hang.
import type { Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { InventoryWarning, ModelFormat, ModelSource } from '../../domain/model.js';

export const MAX_DEPTH = 8;
export const MAX_DIRS = 20_000;
/** diffusers pipelines keep components one level down (unet/, vae/, ...). */
const MODEL_DIR_DEPTH = 2;

export interface FileStat {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  /** dev:ino of the target, so hard links and blob symlinks count once. */
  readonly inode: string;
}

export interface Candidate {
  readonly source: ModelSource;
  /** Proposed id (made unique by the scan). */
  readonly id: string;
  readonly path: string;
  readonly modelDir: string;
  readonly format: ModelFormat;
  /** GGUF parts in order, or every *.safetensors under the model folder. */
  readonly weightFiles: readonly FileStat[];
  /** Side files by path relative to modelDir: config.json, model_index.json, ... */
  readonly sideFiles: ReadonlyMap<string, FileStat>;
  readonly sizeBytes: number;
  readonly repoId: string | null;
  readonly revision: string | null;
  /** path:size:mtime of every file the description depends on. */
  readonly signature: string;
  readonly warnings: readonly string[];
}

const SIDE_FILES = new Set([
  'config.json',
  'model_index.json',
  'tokenizer_config.json',
  'tokenizer.json',
  'tokenizer.model',
  'modules.json',
  'config_sentence_transformers.json',
  'generation_config.json',
  'chat_template.jinja',
  'chat_template.json',
]);
const SPLIT_RE = /^(.*)-(\d{5})-of-(\d{5})\.gguf$/i;
const SKIP_DIRS = new Set(['.git', 'node_modules', '.cache', '__pycache__', '.locks']);

export interface WalkContext {
  readonly warnings: InventoryWarning[];
  dirs: number;
  readonly seen: Set<string>;
}

export function newWalkContext(warnings: InventoryWarning[]): WalkContext {
  return { warnings, dirs: 0, seen: new Set() };
}

function errMessage(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  if (e.code === 'ENOENT') return 'does not exist';
  if (e.code === 'ELOOP') return 'symlink loop';
  return e.message;
}

async function statFile(
  file: string,
  ctx: WalkContext,
  isLink: boolean,
): Promise<FileStat | 'dir' | undefined> {
  try {
    const st = await fs.stat(file);
    if (st.isDirectory()) return 'dir';
    if (!st.isFile()) return undefined;
    return { path: file, size: st.size, mtimeMs: st.mtimeMs, inode: `${st.dev}:${st.ino}` };
  } catch (err) {
    if (isLink) {
      const target = await fs.readlink(file).catch(() => '?');
      ctx.warnings.push({
        path: file,
        message: `dangling symlink to ${target} (${errMessage(err)}; an incomplete download?)`,
      });
    } else {
      ctx.warnings.push({ path: file, message: `cannot read: ${errMessage(err)}` });
    }
    return undefined;
  }
}

async function readDir(dir: string, ctx: WalkContext): Promise<Dirent[] | undefined> {
  if (++ctx.dirs > MAX_DIRS) {
    if (ctx.dirs === MAX_DIRS + 1) {
      ctx.warnings.push({
        path: dir,
        message: `stopped after ${MAX_DIRS} folders; point inventory.directories at narrower folders`,
      });
    }
    return undefined;
  }
  try {
    return await fs.readdir(dir, { withFileTypes: true });
  } catch (err) {
    ctx.warnings.push({ path: dir, message: `cannot list folder: ${errMessage(err)}` });
    return undefined;
  }
}

interface Listing {
  readonly files: FileStat[];
  readonly dirs: string[];
  /** Interesting names whose symlink points nowhere (reported already). */
  readonly dangling: string[];
}

const interesting = (name: string): boolean =>
  /\.(gguf|safetensors)$/i.test(name) || name.endsWith('.index.json') || SIDE_FILES.has(name);

/** Stats the interesting files of one folder and lists its subfolders. */
async function list(dir: string, ctx: WalkContext): Promise<Listing | undefined> {
  const entries = await readDir(dir, ctx);
  if (!entries) return undefined;
  const files: FileStat[] = [];
  const dirs: string[] = [];
  const dangling: string[] = [];
  await Promise.all(
    entries.map(async (e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) dirs.push(full);
        return;
      }
      if (e.isSymbolicLink()) {
        const st = await statFile(full, ctx, true);
        if (st === 'dir') {
          if (!SKIP_DIRS.has(e.name)) dirs.push(full);
        } else if (st && interesting(e.name)) files.push(st);
        else if (!st && interesting(e.name)) dangling.push(e.name);
        return;
      }
      if (e.isFile() && interesting(e.name)) {
        const st = await statFile(full, ctx, false);
        if (st && st !== 'dir') files.push(st);
      }
    }),
  );
  files.sort((a, b) => a.path.localeCompare(b.path));
  dirs.sort();
  return { files, dirs, dangling };
}

async function visitOnce(dir: string, ctx: WalkContext): Promise<boolean> {
  try {
    const st = await fs.stat(dir);
    const key = `${st.dev}:${st.ino}`;
    if (ctx.seen.has(key)) return false;
    ctx.seen.add(key);
    return true;
  } catch (err) {
    ctx.warnings.push({ path: dir, message: `cannot open folder: ${errMessage(err)}` });
    return false;
  }
}

export function signatureOf(files: readonly FileStat[]): string {
  return files.map((f) => `${f.path}:${f.size}:${Math.round(f.mtimeMs)}`).join('|');
}

function sizeOnce(files: readonly FileStat[]): number {
  const seen = new Map<string, number>();
  for (const f of files) seen.set(f.inode, f.size);
  let n = 0;
  for (const s of seen.values()) n += s;
  return n;
}

interface Origin {
  readonly source: ModelSource;
  readonly root: string;
  readonly repoId: string | null;
  readonly revision: string | null;
}

function idFor(origin: Origin, target: string, stripGguf: boolean): string {
  let rel = path.relative(origin.root, target);
  if (stripGguf) rel = rel.replace(SPLIT_RE, '$1').replace(/\.gguf$/i, '');
  rel = rel.split(path.sep).join('/');
  if (origin.repoId !== null) return rel === '' ? origin.repoId : `${origin.repoId}/${rel}`;
  return rel === '' ? path.basename(origin.root) : rel;
}

function ggufCandidates(dir: string, files: readonly FileStat[], origin: Origin): Candidate[] {
  const out: Candidate[] = [];
  const groups = new Map<string, FileStat[]>();
  const warnings = new Map<string, string[]>();
  for (const f of files) {
    const name = path.basename(f.path);
    if (!/\.gguf$/i.test(name) || /^mmproj/i.test(name)) continue;
    const m = SPLIT_RE.exec(name);
    const key = m ? `${m[1] ?? ''}\0${m[3] ?? ''}` : name;
    const g = groups.get(key) ?? [];
    g.push(f);
    groups.set(key, g);
  }
  for (const [key, parts] of groups) {
    const [, total] = key.split('\0');
    const w: string[] = [];
    if (total !== undefined) {
      const want = Number(total);
      const have = new Set(parts.map((p) => Number(SPLIT_RE.exec(path.basename(p.path))?.[2])));
      const missing = [];
      for (let i = 1; i <= want; i++) if (!have.has(i)) missing.push(i);
      if (missing.length > 0)
        w.push(`split model is missing part(s) ${missing.join(', ')} of ${want}`);
    }
    warnings.set(key, w);
    const first = parts[0];
    if (!first) continue;
    out.push({
      source: origin.source,
      id: idFor(origin, first.path, true),
      path: first.path,
      modelDir: dir,
      format: 'gguf',
      weightFiles: parts,
      sideFiles: new Map(),
      sizeBytes: sizeOnce(parts),
      repoId: origin.repoId,
      revision: origin.revision,
      signature: signatureOf(parts),
      warnings: w,
    });
  }
  return out;
}

/** Everything under a safetensors/diffusers model folder, to MODEL_DIR_DEPTH. */
async function collectModelDir(top: Listing, ctx: WalkContext): Promise<FileStat[]> {
  const all = [...top.files];
  let level = top.dirs;
  for (let depth = 1; depth <= MODEL_DIR_DEPTH && level.length > 0; depth++) {
    const next: string[] = [];
    for (const sub of level) {
      if (!(await visitOnce(sub, ctx))) continue;
      const l = await list(sub, ctx);
      if (!l) continue;
      all.push(...l.files);
      next.push(...l.dirs);
    }
    level = next;
  }
  return all;
}

/** Walks `root`, returning every model found; unreadable parts become warnings. */
export async function walkForModels(
  root: string,
  origin: Omit<Origin, 'root'> & { root?: string },
  ctx: WalkContext,
  depth = 0,
): Promise<Candidate[]> {
  const o: Origin = { ...origin, root: origin.root ?? root };
  if (depth > MAX_DEPTH || !(await visitOnce(root, ctx))) return [];
  const l = await list(root, ctx);
  if (!l) return [];
  const names = new Set(l.files.map((f) => path.basename(f.path)));
  const hasSafetensors = l.files.some((f) => /\.safetensors$/i.test(f.path));
  const isDiffusers = names.has('model_index.json');
  const out = ggufCandidates(root, l.files, o);
  if (isDiffusers || hasSafetensors || names.has('config.json')) {
    const hasGguf = out.length > 0;
    // Weights that are dangling links: an unfinished download, already reported.
    const incomplete = !hasSafetensors && l.dangling.some((n) => /\.safetensors$/i.test(n));
    if ((isDiffusers || hasSafetensors || !hasGguf) && !incomplete) {
      const files = isDiffusers ? await collectModelDir(l, ctx) : l.files;
      const weights = files.filter((f) => /\.safetensors$/i.test(f.path));
      const side = new Map<string, FileStat>();
      for (const f of files) {
        if (!/\.safetensors$/i.test(f.path) && !/\.gguf$/i.test(f.path)) {
          side.set(path.relative(root, f.path).split(path.sep).join('/'), f);
        }
      }
      const deps = [...weights, ...side.values()];
      out.push({
        source: o.source,
        id: idFor(o, root, false),
        path: root,
        modelDir: root,
        format: weights.length > 0 ? 'safetensors' : 'other',
        weightFiles: weights,
        sideFiles: side,
        sizeBytes: sizeOnce(deps),
        repoId: o.repoId,
        revision: o.revision,
        signature: signatureOf(deps),
        warnings:
          weights.length > 0
            ? []
            : ['no safetensors or GGUF weights here (mistral.rs loads safetensors and GGUF)'],
      });
      if (isDiffusers) return out;
    }
  }
  for (const sub of l.dirs) out.push(...(await walkForModels(sub, o, ctx, depth + 1)));
  return out;
}

/** HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache/huggingface/hub. */
export function hfHubDir(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const hub = env.HF_HUB_CACHE;
  if (hub !== undefined && hub !== '') return hub;
  const hfHome = env.HF_HOME;
  if (hfHome !== undefined && hfHome !== '') return path.join(hfHome, 'hub');
  const xdg = env.XDG_CACHE_HOME;
  return path.join(
    xdg !== undefined && xdg !== '' ? xdg : path.join(home, '.cache'),
    'huggingface',
    'hub',
  );
}

async function readSmall(file: string, max = 256): Promise<string | undefined> {
  try {
    const h = await fs.open(file, 'r');
    try {
      const buf = Buffer.alloc(max);
      const { bytesRead } = await h.read(buf, 0, max, 0);
      return buf.toString('utf8', 0, bytesRead).trim();
    } finally {
      await h.close();
    }
  } catch {
    return undefined;
  }
}

/** One snapshot per cached repo: the one refs/main names, else the newest. */
export async function scanHfCache(hub: string, ctx: WalkContext): Promise<Candidate[]> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(hub, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      ctx.warnings.push({
        path: hub,
        message: `cannot list the Hugging Face cache: ${errMessage(err)}`,
      });
    }
    return [];
  }
  const repos = entries.filter((e) => e.isDirectory() && e.name.startsWith('models--'));
  const results = await Promise.all(
    repos.map(async (e) => {
      const repoDir = path.join(hub, e.name);
      const repoId = e.name.slice('models--'.length).split('--').join('/');
      const snapshotsDir = path.join(repoDir, 'snapshots');
      const snaps = await readDir(snapshotsDir, ctx);
      if (!snaps) return [];
      const names = snaps.filter((s) => s.isDirectory()).map((s) => s.name);
      if (names.length === 0) {
        ctx.warnings.push({ path: repoDir, message: 'no snapshots (an interrupted download?)' });
        return [];
      }
      const ref = await readSmall(path.join(repoDir, 'refs', 'main'));
      let revision = ref !== undefined && names.includes(ref) ? ref : undefined;
      if (revision === undefined) {
        const stats = await Promise.all(
          names.map(async (n) => ({
            n,
            t: (await fs.stat(path.join(snapshotsDir, n)).catch(() => undefined))?.mtimeMs ?? 0,
          })),
        );
        revision = stats.sort((a, b) => b.t - a.t)[0]?.n;
      }
      if (revision === undefined) return [];
      const snap = path.join(snapshotsDir, revision);
      const found = await walkForModels(snap, { source: 'hf-cache', repoId, revision }, ctx);
      // A repo holding one model is known by the repo id alone.
      return found.length === 1 && found[0] ? [{ ...found[0], id: repoId }] : found;
    }),
  );
  return results.flat();
}
