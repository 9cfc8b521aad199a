// Bundles the program (dist/main.js and everything it imports) into
// dist/bundle/, which dist/cli.js runs. Why: Node resolves, reads and links
// each ES module on its own, and with ~230 modules before the first frame that
// was about half the start-up time; one file for the start-up path costs a
// fraction of it. Lazy parts stay lazy: each `await import('./x.js')` becomes
// its own file (dist/bundle/<its path>.js), loaded when it is today, and code
// they share goes to dist/bundle/chunks/. The small pure-JavaScript packages
// every start loads (STARTUP_PACKAGES) are bundled too; the others load from
// node_modules as before (WebAssembly files, workers, optional heavy parts),
// and the package declares and ships the same dependencies either way.
//
// The input is tsc's output (so the bundle runs exactly the JavaScript the
// tests of single modules import), with its source maps chained into the
// bundle's. A module that finds files next to itself (`new URL('./x',
// import.meta.url)`: the supervisor script, the image decoder's worker, the
// web page, package.json) is given the URL of its own file in dist/, so those
// paths mean what they meant before bundling.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const out = path.join(dist, 'bundle');
const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));

/** Loaded before the first frame on every start; plain JavaScript with no files of their own. */
const STARTUP_PACKAGES = ['commander', 'smol-toml', 'get-east-asian-width', 'eventsource-parser'];
const external = Object.keys(pkg.dependencies)
  .filter((name) => !STARTUP_PACKAGES.includes(name))
  .flatMap((name) => [name, `${name}/*`]);

/** `import.meta.url` of dist/<rel>, computed from wherever the bundled code runs. */
function moduleUrlOf(rel) {
  // Every bundle file lies under dist/bundle/; the last "/bundle/" in its URL is that folder.
  const distUrl = `import.meta.url.slice(0, import.meta.url.lastIndexOf("/bundle/") + 1)`;
  return `new URL(${JSON.stringify(rel)}, ${distUrl}).href`;
}

/**
 * Our modules do nothing when imported but define things (no module is
 * imported for its side effects), so one whose exports go unused is left out:
 * main.js imports tui/index.js for one function, not the whole TUI.
 * @type {import('esbuild').Plugin}
 */
const noSideEffects = {
  name: 'no-side-effects',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, async (args) => {
      if (args.pluginData === 'resolving') return undefined;
      const r = await b.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'resolving',
      });
      if (r.errors.length > 0 || !r.path.startsWith(dist + path.sep)) return r;
      return { ...r, sideEffects: false };
    });
  },
};

/** `Promise.all([import('./a.js'), import('./b.js'), ...])`: modules that always load together. */
const IMPORT_GROUP = /Promise\.all\(\[\s*((?:import\('\.{1,2}\/[^']+'\),?\s*){2,})\]\)/g;

/**
 * Rewrites what the bundle must see differently in one of tsc's files:
 * - its imports of built-ins become values (see builtinImportsAsValues);
 * - `import.meta.url` becomes the URL of that file in dist/ (see above);
 * - the dynamic imports of one `Promise.all` become one import of a module
 *   re-exporting them all. esbuild splits code shared by lazy parts into a
 *   chunk per combination of importers; the TUI's start (main.js) loads eleven
 *   lazy parts at once, which made ~35 chunks to load one by one. As one group
 *   they load as a few files, and still only when the TUI starts.
 * @type {import('esbuild').Plugin}
 */
const rewrite = {
  name: 'rewrite',
  setup(b) {
    const groups = new Map();
    b.onLoad({ filter: /\.js$/ }, async (args) => {
      if (!args.path.startsWith(dist + path.sep)) return undefined;
      let text = await readFile(args.path, 'utf8');
      const rel = path.relative(dist, args.path).split(path.sep).join('/');
      let changed = false;
      if (text.includes('import.meta.url')) {
        text = text.replaceAll('import.meta.url', moduleUrlOf(rel));
        changed = true;
      }
      text = text.replace(IMPORT_GROUP, (_all, list) => {
        const specs = [...list.matchAll(/import\('([^']+)'\)/g)].map((m) => m[1]);
        const name = `${rel.replace(/\.js$/, '')}-group-${groups.size + 1}`;
        groups.set(name, { specs, resolveDir: path.dirname(args.path) });
        changed = true;
        const picks = specs.map((_, i) => `g.m${i}`).join(', ');
        return `import(${JSON.stringify(`group:${name}`)}).then((g) => [${picks}])`;
      });
      const values = builtinImportsAsValues(text);
      if (values !== text) {
        text = values;
        changed = true;
      }
      if (!changed) return undefined;
      return { contents: text, loader: 'js', resolveDir: path.dirname(args.path) };
    });
    b.onResolve({ filter: /^group:/ }, (args) => ({
      path: args.path.slice(6),
      namespace: 'group',
    }));
    b.onLoad({ filter: /.*/, namespace: 'group' }, (args) => {
      const g = groups.get(args.path);
      return {
        contents: g.specs
          .map((spec, i) => `export * as m${i} from ${JSON.stringify(spec)};`)
          .join('\n'),
        loader: 'js',
        resolveDir: g.resolveDir,
      };
    });
  },
};

/** Built-ins the start-up path must not load (eslint.config.js lists the same for src/). */
const LAZY_BUILTINS = new Set([
  'node:child_process',
  'node:crypto',
  'node:http',
  'node:https',
  'node:readline',
  'node:worker_threads',
  'node:zlib',
]);

/** `import CLAUSE from 'node:ID';` as tsc and the start-up packages write it (one per statement). */
const BUILTIN_IMPORT = /^import\s+([^;'"]+?)\s+from\s+['"](node:[\w/]+)['"];?[ \t]*$/gm;

/**
 * Static imports of Node's built-ins become values taken with
 * `process.getBuiltinModule`. Why: an ES import of a built-in builds its
 * module facade, which reads every export, lazy getters included: `node:fs`
 * then loads fs/promises and the Utf8Stream code, `node:http` loads undici
 * (~20 ms); the CommonJS object getBuiltinModule returns reads nothing. The
 * values are the same objects (the program never relies on the live bindings
 * of a built-in's exports). A heavy built-in a bundled package imports
 * (commander's child_process, for subcommands run as programs, which this
 * program has none of) becomes an object that takes it on first use.
 */
function builtinImportsAsValues(text) {
  return text.replace(BUILTIN_IMPORT, (all, clause, id) => {
    const take = `globalThis.process.getBuiltinModule(${JSON.stringify(id)})`;
    const c = clause.trim();
    let m;
    if ((m = /^\*\s+as\s+(\w+)$/.exec(c)) !== null) return `const ${m[1]} = ${take};`;
    if (/^\w+$/.test(c))
      return LAZY_BUILTINS.has(id)
        ? `const ${c} = new Proxy({}, { get: (_t, key) => ${take}[key] });`
        : `const ${c} = ${take};`;
    if ((m = /^(?:(\w+)\s*,\s*)?\{([^}]*)\}$/.exec(c)) !== null) {
      const names = m[2]
        .split(',')
        .map((n) => n.trim())
        .filter((n) => n !== '')
        .map((n) => n.replace(/^(\w+)\s+as\s+(\w+)$/, '$1: $2'));
      const lines = [];
      if (m[1] !== undefined) lines.push(`const ${m[1]} = ${take};`);
      if (names.length > 0) lines.push(`const { ${names.join(', ')} } = ${m[1] ?? take};`);
      return lines.join(' ');
    }
    return all;
  });
}

/**
 * The start-up packages' imports of built-ins, as in our files (see builtinImportsAsValues).
 * @type {import('esbuild').Plugin}
 */
const packageBuiltins = {
  name: 'package-builtins',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/].*\.m?js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const contents = builtinImportsAsValues(text);
      if (contents === text) return undefined;
      return { contents, loader: 'js', resolveDir: path.dirname(args.path) };
    });
  },
};

await rm(out, { recursive: true, force: true });
await build({
  entryPoints: [path.join(dist, 'main.js')],
  outdir: out,
  outbase: dist,
  entryNames: '[dir]/[name]',
  chunkNames: 'chunks/[name]-[hash]',
  // .mjs: Node knows an ES module by the name, without looking for package.json's "type".
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  external,
  // commander is CommonJS: its require() of Node's built-ins needs a real require.
  banner: {
    js: "const require = globalThis.process.getBuiltinModule('node:module').createRequire(import.meta.url);",
  },
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [noSideEffects, rewrite, packageBuiltins],
});
