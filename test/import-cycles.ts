// Import cycles in a source tree: the graph of relative imports between its
// .ts files (type-only imports, re-exports and dynamic import() included, as
// TypeScript's own pre-processor reads them) and its strongly connected
// components (Tarjan), each of which is a cycle. Run it on src/ with
// `node --experimental-strip-types test/import-cycles.ts [dir]`.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Each file and the files it imports (absolute paths). */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** The .ts file a relative specifier names ('./x.js' is x.ts, a folder its index.ts). */
function resolve(from: string, spec: string): string | undefined {
  const abs = path.resolve(path.dirname(from), spec);
  const candidates = [abs.replace(/\.js$/, '.ts'), abs, `${abs}.ts`, path.join(abs, 'index.ts')];
  return candidates.find((c) => c.endsWith('.ts') && existsSync(c) && statSync(c).isFile());
}

/** The relative imports between the .ts files under `dir`. */
export function importGraph(dir: string): ImportGraph {
  const graph = new Map<string, string[]>();
  for (const file of tsFiles(path.resolve(dir))) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const deps = importedFiles
      .map((f) => f.fileName)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => resolve(file, spec))
      .filter((f): f is string => f !== undefined);
    graph.set(file, [...new Set(deps)]);
  }
  return graph;
}

/**
 * The cycles of `graph`: its strongly connected components of more than one
 * file, and files that import themselves. Each is sorted; the list is sorted
 * by its first file.
 */
export function importCycles(graph: ImportGraph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string | undefined;
    do {
      w = stack.pop();
      if (w === undefined) break;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out.sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
}

if (import.meta.filename === path.resolve(process.argv[1] ?? '')) {
  const dir = path.resolve(process.argv[2] ?? 'src');
  const cycles = importCycles(importGraph(dir));
  for (const c of cycles) console.log(c.map((f) => path.relative(dir, f)).join(' <-> '));
  console.log(`${cycles.length} import cycle(s) under ${path.relative('.', dir) || '.'}`);
  process.exitCode = cycles.length > 0 ? 1 : 0;
}
