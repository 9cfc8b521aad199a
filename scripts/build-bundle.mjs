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
const LAZY_BUILTINS =
  /^import (\w+) from '(node:(?:child_process|crypto|http|https|readline|worker_threads|zlib))';$/gm;

/**
 * A bundled package's default import of a heavy built-in (commander's
 * `import childProcess from 'node:child_process'`, for subcommands run as
 * programs, which this program has none of) loads it on every start; the
 * binding becomes an object that takes the module on first use instead.
 * @type {import('esbuild').Plugin}
 */
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/].*\.m?js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!LAZY_BUILTINS.test(text)) return undefined;
      LAZY_BUILTINS.lastIndex = 0;
      const contents = text.replace(
        LAZY_BUILTINS,
        (_all, name, id) =>
          `const ${name} = new Proxy({}, { get: (_t, key) => globalThis.process.getBuiltinModule(${JSON.stringify(id)})[key] });`,
      );
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
    js: "import { createRequire as __bundleCreateRequire } from 'node:module';\nconst require = __bundleCreateRequire(import.meta.url);",
  },
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [noSideEffects, rewrite, lazyBuiltins],
});
