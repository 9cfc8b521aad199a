// Benchmark dispatcher: `npm run bench -- NAME [NAME...]` runs bench/NAME.ts
// (each exports a default async function), or every benchmark when none is named.
// Benchmarks import the built code from dist/, so `npm run bench` builds first.
import { readdirSync } from 'node:fs';

const here = new URL('.', import.meta.url);
const available = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_') && !f.startsWith('gen-'))
  .map((f) => f.slice(0, -3))
  .sort();

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length > 0) {
  console.error(`unknown benchmark: ${unknown.join(', ')}. Available: ${available.join(', ')}`);
  process.exit(2);
}
for (const name of wanted.length > 0 ? wanted : available) {
  console.log(`\n== ${name} ==`);
  const mod = (await import(new URL(`${name}.ts`, here).href)) as { default: () => Promise<void> };
  await mod.default();
}
