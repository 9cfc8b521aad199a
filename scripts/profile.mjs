// `npm run profile -- startup` profiles a benchmark; `npm run profile -- ARGS...`
// runs the TUI with ARGS under --cpu-prof. Profiles go to profiles/ and the
// path is printed: open it in Chrome DevTools (Performance) or speedscope.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(new URL('..', import.meta.url).pathname);
const dir = path.join(root, 'profiles');
mkdirSync(dir, { recursive: true });
const args = process.argv.slice(2);
const bench = args[0] !== undefined && existsSync(path.join(root, 'bench', `${args[0]}.ts`));
const target = bench ? ['--no-warnings', 'bench/run.ts', ...args] : ['dist/cli.js', ...args];
const before = Date.now();
const result = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...target], {
  cwd: root,
  stdio: 'inherit',
});
const written = readdirSync(dir)
  .filter((f) => f.endsWith('.cpuprofile'))
  .map((f) => path.join(dir, f))
  .filter((f) => statSync(f).mtimeMs >= before - 1000);
if (written.length === 0) {
  console.error('no profile was written');
  process.exit(result.status ?? 1);
}
console.log(
  `\nCPU profile${written.length > 1 ? 's' : ''} (open in Chrome DevTools or speedscope):`,
);
for (const f of written) console.log(`  ${f}`);
process.exit(result.status ?? 0);
