// Bundles the program (dist/main.js and everything it imports) into
// dist/bundle/, which dist/cli.js runs. Why: Node resolves, reads and links
// each ES module on its own (~0.5 ms a file), and ~230 modules stood before
// the first frame. The TUI's start now reads four files: cli.js, main.mjs,
// the modules main.js imports (chunks/main-deps-*.mjs) and those the TUI's
// start imports (chunks/startup-*.mjs). Every other lazy part (`await
// import('./x.js')`: commands, the agent, the web host, PostgreSQL) stays its
// own file under chunks/, loaded when it is today. The small pure-JavaScript
// packages every start loads (STARTUP_PACKAGES) are bundled too; the others
// load from node_modules as before (WebAssembly files, workers, optional heavy
// parts), and the package declares and ships the same dependencies either way.
//
// Rolldown, not esbuild: esbuild puts code shared by lazy parts in a chunk per
// combination of importers, which made ~30 small files on the start-up path;
// Rolldown's manual chunk groups put the start-up path in the two files above.
//
// The input is tsc's output (so the bundle runs exactly the JavaScript the
// tests of single modules import), with its source maps chained into the
// bundle's. A module that finds files next to itself (`new URL('./x',
// import.meta.url)`: the supervisor script, the image decoder's worker, the
// web page, package.json) is given the URL of its own file in dist/, so those
// paths mean what they meant before bundling.
import { existsSync, readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';
import { LAZY_BUILTINS as SHARED_LAZY_BUILTINS } from '../eslint/lazy-builtins.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const out = path.join(dist, 'bundle');
const mainJs = path.join(dist, 'main.js');
const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));

/** Loaded before the first frame on every start; plain JavaScript with no files of their own. */
const STARTUP_PACKAGES = ['commander', 'smol-toml', 'get-east-asian-width', 'eventsource-parser'];
const externalPackages = Object.keys(pkg.dependencies).filter(
  (name) => !STARTUP_PACKAGES.includes(name),
);
const isExternal = (id) =>
  id.startsWith('node:') || externalPackages.some((n) => id === n || id.startsWith(`${n}/`));
const startupPackage = new RegExp(
  `[\\\\/]node_modules[\\\\/](${STARTUP_PACKAGES.join('|')})[\\\\/]`,
);

/** `import.meta.url` of dist/<rel>, computed from wherever the bundled code runs. */
function moduleUrlOf(rel) {
  // Every bundle file lies under dist/bundle/; the last "/bundle/" in its URL is that folder.
  const distUrl = `import.meta.url.slice(0, import.meta.url.lastIndexOf("/bundle/") + 1)`;
  return `new URL(${JSON.stringify(rel)}, ${distUrl}).href`;
}

/** `Promise.all([import('./a.js'), import('./b.js'), ...])`: modules that always load together. */
const IMPORT_GROUP = /Promise\.all\(\[\s*((?:import\('\.{1,2}\/[^']+'\),?\s*){2,})\]\)/g;

/** Built-ins the start-up path must not load; and node:fs/promises, which src/ may import by name (its functions become wrappers here). */
const LAZY_BUILTINS = new Set([...SHARED_LAZY_BUILTINS, 'node:fs/promises']);

/** `import CLAUSE from 'node:ID';` as tsc and the start-up packages write it (one per statement). */
const BUILTIN_IMPORT = /^import\s+([^;'"]+?)\s+from\s+['"](node:[\w/]+)['"];?[ \t]*$/gm;

/**
 * Static imports of Node's built-ins become values taken with
 * `process.getBuiltinModule`. Why: an ES import of a built-in builds its
 * module facade, which reads every export, lazy getters included: `node:fs`
 * then loads fs/promises and the Utf8Stream code, `node:http` loads undici
 * (~20 ms); the CommonJS object getBuiltinModule returns reads nothing. The
 * values are the same objects (the program never relies on the live bindings
 * of a built-in's exports). A heavy built-in (LAZY_BUILTINS) is not taken
 * until used: its default import becomes an object that takes it on first
 * use (commander's child_process, for subcommands run as programs, which this
 * program has none of), its named functions wrappers that take it on first
 * call (`readFile` from node:fs/promises, which loads ~15 internal modules).
 */
function builtinImportsAsValues(text) {
  return text.replace(BUILTIN_IMPORT, (all, clause, id) => {
    const take = `globalThis.process.getBuiltinModule(${JSON.stringify(id)})`;
    const c = clause.trim();
    // A default or namespace import: the module object itself.
    let m = /^(?:\*\s+as\s+)?(\w+)$/.exec(c);
    if (m !== null)
      return LAZY_BUILTINS.has(id)
        ? `const ${m[1]} = new Proxy({}, { get: (_t, key) => ${take}[key] });`
        : `const ${m[1]} = ${take};`;
    if ((m = /^(?:(\w+)\s*,\s*)?\{([^}]*)\}$/.exec(c)) !== null) {
      const pairs = m[2]
        .split(',')
        .map((n) => n.trim())
        .filter((n) => n !== '')
        .map((n) => /^(\w+)(?:\s+as\s+(\w+))?$/.exec(n))
        .map((p) => [p[1], p[2] ?? p[1]]);
      const lines = [];
      if (m[1] !== undefined) lines.push(`const ${m[1]} = ${take};`);
      // A lazy built-in's functions become wrappers that take it on first call.
      const lazy = m[1] === undefined && LAZY_BUILTINS.has(id);
      const wrapped = lazy
        ? pairs.filter(([name]) => typeof process.getBuiltinModule(id)[name] === 'function')
        : [];
      for (const [name, local] of wrapped)
        lines.push(`const ${local} = (...args) => ${take}.${name}(...args);`);
      const plain = pairs.filter((p) => !wrapped.includes(p));
      if (plain.length > 0)
        lines.push(
          `const { ${plain.map(([n, l]) => (n === l ? n : `${n}: ${l}`)).join(', ')} } = ${m[1] ?? take};`,
        );
      // As many lines as the import had: the source map's lines stay true.
      return lines.join(' ') + '\n'.repeat(all.split('\n').length - 1);
    }
    return all;
  });
}

/** The relative `.js` modules a file of tsc's output imports statically. */
function staticImports(file) {
  const text = readFileSync(file, 'utf8');
  const specs = [
    ...text.matchAll(/^(?:import|export)\s[^;]*?\sfrom\s+['"](\.{1,2}\/[^'"]+\.js)['"]/gm),
    ...text.matchAll(/^import\s+['"](\.{1,2}\/[^'"]+\.js)['"]/gm),
  ].map((m) => m[1]);
  return specs.map((s) => path.resolve(path.dirname(file), s));
}

/** Every module reachable from `starts` by static imports, leaving out `known` ones. */
function staticClosure(starts, known = new Set()) {
  const seen = new Set();
  const queue = [...starts];
  while (queue.length > 0) {
    const f = queue.pop();
    if (seen.has(f) || known.has(f) || !existsSync(f)) continue;
    seen.add(f);
    queue.push(...staticImports(f));
  }
  return seen;
}

// The start-up path: what main.js imports, then what the TUI's start imports at
// once (the Promise.all group in main.js) that main.js did not.
const mainDeps = staticClosure([mainJs]);
mainDeps.delete(mainJs);
const groupText = readFileSync(mainJs, 'utf8');
const groupMatch = new RegExp(IMPORT_GROUP.source).exec(groupText);
if (groupMatch === null)
  throw new Error("build-bundle: main.js has no Promise.all([import('./…')]) group");
const groupModules = [...groupMatch[1].matchAll(/import\('([^']+)'\)/g)].map((m) =>
  path.resolve(dist, m[1]),
);
const startup = staticClosure(groupModules, new Set([mainJs, ...mainDeps]));

/**
 * Rewrites what the bundle must see differently in one of tsc's files, and
 * chains its source map:
 * - its imports of built-ins become values (see builtinImportsAsValues);
 * - `import.meta.url` becomes the URL of that file in dist/ (see above);
 * - the dynamic imports of one `Promise.all` become one import of a module
 *   re-exporting them all: the TUI's start loads its parts as one file.
 * Our modules do nothing when imported but define things (no module is
 * imported for its side effects), so one whose exports go unused is left out:
 * main.js imports tui/index.js for one function, not the whole TUI.
 * @type {import('rolldown').Plugin}
 */
const rewrite = {
  name: 'rewrite',
  resolveId(source) {
    return source.startsWith('group:') ? `\0${source}` : null;
  },
  async load(id) {
    if (id.startsWith('\0group:')) {
      return {
        code: groupModules.map((m, i) => `export * as m${i} from ${JSON.stringify(m)};`).join('\n'),
        moduleSideEffects: false,
      };
    }
    const ours = id.startsWith(dist + path.sep) && id.endsWith('.js');
    if (!ours && !startupPackage.test(id)) return null;
    let code = builtinImportsAsValues(await readFile(id, 'utf8'));
    if (!ours) return { code };
    const rel = path.relative(dist, id).split(path.sep).join('/');
    code = code.replaceAll('import.meta.url', moduleUrlOf(rel));
    if (id === mainJs) {
      code = code.replace(IMPORT_GROUP, (all) => {
        const picks = groupModules.map((_, i) => `g.m${i}`).join(', ');
        const lines = '\n'.repeat(all.split('\n').length - 1);
        return `import("group:startup").then((g) => [${picks}])${lines}`;
      });
    }
    const mapFile = `${id}.map`;
    const map = existsSync(mapFile) ? await readFile(mapFile, 'utf8') : undefined;
    return { code, moduleSideEffects: false, ...(map !== undefined ? { map } : {}) };
  },
};

await rm(out, { recursive: true, force: true });
const bundle = await rolldown({
  input: { main: mainJs },
  external: isExternal,
  platform: 'node',
  plugins: [rewrite],
  logLevel: 'warn',
});
await bundle.write({
  dir: out,
  format: 'esm',
  // .mjs: Node knows an ES module by the name, without looking for package.json's "type".
  entryFileNames: '[name].mjs',
  chunkFileNames: 'chunks/[name]-[hash].mjs',
  sourcemap: true,
  sourcemapExcludeSources: true,
  // ASCII only: V8 keeps a one-byte source string, which Node decodes, hashes
  // and V8 scans faster than a two-byte one (the start-up path holds ~1 MB).
  charset: 'ascii',
  minify: { compress: false, mangle: false, codegen: { removeWhitespace: true } },
  // No comments: smaller files, and none of their non-ASCII characters.
  comments: false,
  codeSplitting: {
    groups: [
      {
        name: 'main-deps',
        priority: 2,
        test: (id) =>
          mainDeps.has(id) ||
          /^\0?rolldown[:/]runtime/.test(id) ||
          /[\\/]node_modules[\\/](commander|smol-toml)[\\/]/.test(id),
      },
      {
        name: 'startup',
        priority: 1,
        test: (id) => startup.has(id) || id === '\0group:startup' || startupPackage.test(id),
      },
    ],
  },
});
await bundle.close();
