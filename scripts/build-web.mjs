// Builds the web host's page assets into dist/web: the page's script with
// xterm.js and its addons in one file, and xterm.js's stylesheet. Everything
// the page loads is served by mistralrs-tui itself (no CDN; works offline).
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist', 'web');
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [path.join(root, 'web', 'client.ts')],
  outfile: path.join(out, 'app.js'),
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2022',
  legalComments: 'linked',
  logLevel: 'warning',
});
const require = createRequire(import.meta.url);
copyFileSync(require.resolve('@xterm/xterm/css/xterm.css'), path.join(out, 'xterm.css'));
