// Finding model candidates on disk without reading them: the Hugging Face
// cache (models--ORG--NAME/{refs,snapshots,blobs}, snapshot files are symlinks
// into blobs), configured directories and ./.models. Only names and stat()
// results are used here; headers are read later, and only for candidates whose
// path+size+mtime changed. Walks are bounded in depth and directory count, and
// symlinked folders are visited once, so loops and huge trees cannot hang.
import type { Dirent } from 'node:fs';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { InventoryWarning, ModelFormat, ModelSource } from '../../domain/model.js';
import { READ_FLAGS } from './bounded-read.js';

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
/**
 * Subfolders of a model folder that hold exports for other runtimes, pictures
 * or originals, never something mistral.rs loads; skipping them saves a
 * readdir per folder on every scan.
 */
const MODEL_SUBDIR_SKIP = new Set([
  'onnx',
  'openvino',
  'coreml',
  'tflite',
  'flax',
  'figures',
  'images',
  'imgs',
  'assets',
  'media',
  'original',
  'runs',
  'logs',
]);

export interface WalkContext {
  readonly warnings: InventoryWarning[];
  dirs: number;
  ops: number;
  readonly seen: Set<string>;
  /** Every folder listed, for the watcher. */
  readonly visited: Set<string>;
}

export function newWalkContext(warnings: InventoryWarning[]): WalkContext {
  return { warnings, dirs: 0, ops: 0, seen: new Set(), visited: new Set() };
}

// The walk uses synchronous readdir/stat: on a warm dentry cache they take a
// few microseconds, where the promise versions cost a thread-pool round trip
// each (measured: 3-4x slower for a 500-repo cache). To keep the event loop
// responsive, the walk yields after every YIELD_EVERY calls.
const YIELD_EVERY = 256;
async function tick(ctx: WalkContext): Promise<void> {
  if (++ctx.ops % YIELD_EVERY === 0) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

function errMessage(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  if (e.code === 'ENOENT') return 'does not exist';
  if (e.code === 'ELOOP') return 'symlink loop';
  return e.message;
}

function statFile(file: string, ctx: WalkContext, isLink: boolean): FileStat | 'dir' | undefined {
  try {
    const st = fsSync.statSync(file);
    if (st.isDirectory()) return 'dir';
    if (!st.isFile()) return undefined;
    return { path: file, size: st.size, mtimeMs: st.mtimeMs, inode: `${st.dev}:${st.ino}` };
  } catch (err) {
    if (isLink) {
      let target = '?';
      try {
        target = fsSync.readlinkSync(file);
      } catch {
        // Keep "?": the link vanished between readdir and here.
      }
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

function readDir(dir: string, ctx: WalkContext): Dirent[] | undefined {
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
    return fsSync.readdirSync(dir, { withFileTypes: true });
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

/**
 * Names that are plainly files we never read. A symlink with such a name is
 * not stat()ed: HF snapshots are mostly symlinks, and a symlinked *folder*
 * named "x.png" is not worth a stat per README and image.
 */
const PLAIN_FILE_RE =
  /\.(md|txt|png|jpe?g|gif|webp|svg|onnx|onnx_data|bin|pt|pth|ckpt|msgpack|h5|ot|py|ipynb|pdf|csv|tflite|mlmodel|npz|npy|zip|tar|gz|json|jinja|model|yaml|yml|wav|mp3|mp4|gitattributes)$/i;

/** Stats the interesting files of one folder and lists its subfolders. */
async function list(dir: string, ctx: WalkContext): Promise<Listing | undefined> {
  await tick(ctx);
  const entries = readDir(dir, ctx);
  if (!entries) return undefined;
  const files: FileStat[] = [];
  const dirs: string[] = [];
  const dangling: string[] = [];
  // `dir` is already normalized; plain concatenation saves path.join's normalization per entry.
  const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
  for (const e of entries) {
    const full = prefix + e.name;
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) dirs.push(full);
      continue;
    }
    const wanted = interesting(e.name);
    if (e.isSymbolicLink()) {
      if (!wanted && PLAIN_FILE_RE.test(e.name)) continue;
      await tick(ctx);
      const st = statFile(full, ctx, true);
      if (st === 'dir') {
        if (!SKIP_DIRS.has(e.name)) dirs.push(full);
      } else if (st && wanted) files.push(st);
      else if (!st && wanted) dangling.push(e.name);
      continue;
    }
    if (e.isFile() && wanted) {
      await tick(ctx);
      const st = statFile(full, ctx, false);
      if (st && st !== 'dir') files.push(st);
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  dirs.sort();
  return { files, dirs, dangling };
}

function visitOnce(dir: string, ctx: WalkContext): boolean {
  try {
    const st = fsSync.statSync(dir);
    const key = `${st.dev}:${st.ino}`;
    if (ctx.seen.has(key)) return false;
    ctx.seen.add(key);
    ctx.visited.add(dir);
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
      if (!visitOnce(sub, ctx)) continue;
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
  if (depth > MAX_DEPTH || !visitOnce(root, ctx)) return [];
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
  const isModelDir = out.length > 0;
  for (const sub of l.dirs) {
    if (isModelDir && MODEL_SUBDIR_SKIP.has(path.basename(sub).toLowerCase())) continue;
    out.push(...(await walkForModels(sub, o, ctx, depth + 1)));
  }
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

function readSmall(file: string, max = 256): string | undefined {
  try {
    const fd = fsSync.openSync(file, READ_FLAGS);
    if (!fsSync.fstatSync(fd).isFile()) {
      fsSync.closeSync(fd);
      return undefined;
    }
    try {
      const buf = Buffer.alloc(max);
      const n = fsSync.readSync(fd, buf, 0, max, 0);
      return buf.toString('utf8', 0, n).trim();
    } finally {
      fsSync.closeSync(fd);
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
  ctx.visited.add(hub);
  const repos = entries
    .filter((e) => e.isDirectory() && e.name.startsWith('models--'))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const out: Candidate[] = [];
  for (const e of repos) {
    await tick(ctx);
    const repoDir = path.join(hub, e.name);
    const repoId = e.name.slice('models--'.length).split('--').join('/');
    const snapshotsDir = path.join(repoDir, 'snapshots');
    // A finished download renames into blobs/ and links from snapshots/: watch both.
    ctx.visited.add(repoDir);
    ctx.visited.add(snapshotsDir);
    ctx.visited.add(path.join(repoDir, 'blobs'));
    const snaps = readDir(snapshotsDir, ctx);
    if (!snaps) continue;
    const names = snaps.filter((s) => s.isDirectory()).map((s) => s.name);
    if (names.length === 0) {
      ctx.warnings.push({ path: repoDir, message: 'no snapshots (an interrupted download?)' });
      continue;
    }
    let revision: string | undefined = names.length === 1 ? names[0] : undefined;
    if (revision === undefined) {
      const ref = readSmall(path.join(repoDir, 'refs', 'main'));
      revision = ref !== undefined && names.includes(ref) ? ref : undefined;
    }
    if (revision === undefined) {
      const mtime = (n: string): number => {
        try {
          return fsSync.statSync(path.join(snapshotsDir, n)).mtimeMs;
        } catch {
          return 0;
        }
      };
      revision = names.map((n) => ({ n, t: mtime(n) })).sort((a, b) => b.t - a.t)[0]?.n;
    }
    if (revision === undefined) continue;
    const snap = path.join(snapshotsDir, revision);
    const found = await walkForModels(snap, { source: 'hf-cache', repoId, revision }, ctx);
    // A repo holding one model is known by the repo id alone.
    out.push(...(found.length === 1 && found[0] ? [{ ...found[0], id: repoId }] : found));
  }
  return out;
}
