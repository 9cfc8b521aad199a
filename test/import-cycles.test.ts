// No import cycles in src/ (type-only imports count): a cycle is two modules
// that each need the other, which the layers of src/README.md rule out.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ImportGraph, importCycles, importGraph } from './import-cycles.js';

/** Cycles tolerated in src/: none. */
const KNOWN: readonly (readonly string[])[] = [];

const graphOf = (edges: Record<string, string[]>): ImportGraph => new Map(Object.entries(edges));

describe('the cycle finder', () => {
  it('finds a cycle of two, a longer one and a file importing itself, and nothing in a DAG', () => {
    expect(importCycles(graphOf({ a: ['b'], b: ['c'], c: [] }))).toEqual([]);
    expect(importCycles(graphOf({ a: ['b', 'c'], b: ['c'], c: [], d: ['a'] }))).toEqual([]);
    expect(importCycles(graphOf({ a: ['b'], b: ['a'] }))).toEqual([['a', 'b']]);
    expect(importCycles(graphOf({ a: ['b'], b: ['c'], c: ['a'], d: ['a'] }))).toEqual([
      ['a', 'b', 'c'],
    ]);
    expect(importCycles(graphOf({ a: ['a'], b: [] }))).toEqual([['a']]);
    // Two separate cycles joined by a one-way edge stay two.
    expect(
      importCycles(graphOf({ a: ['b'], b: ['a', 'c'], c: ['d'], d: ['c'], e: ['d'] })),
    ).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('reads type-only imports, re-exports and dynamic imports of a tree of files', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mrt-cycles-'));
    mkdirSync(path.join(dir, 'sub'));
    const write = (name: string, text: string) => {
      writeFileSync(path.join(dir, name), text);
    };
    write('a.ts', "import type { B } from './sub/b.js';\nexport type A = B;\n");
    write('sub/b.ts', "export type { C as B } from '../c.js';\n");
    write('c.ts', "export type C = number;\nexport const d = () => import('./d.js');\n");
    write('d.ts', "import { readFileSync } from 'node:fs';\nexport { d } from './c.js';\n");
    write(
      'e.ts',
      "// import './a.js' in a comment is no import\nexport const e = 'import \"./a.js\"';\n",
    );
    const g = importGraph(dir);
    const at = (f: string) => path.join(dir, f);
    expect(g.get(at('a.ts'))).toEqual([at('sub/b.ts')]);
    expect(g.get(at('e.ts'))).toEqual([]);
    expect(importCycles(g)).toEqual([[at('c.ts'), at('d.ts')]]);
  });
});

describe('src/', () => {
  it('has no import cycles but the known ones', () => {
    const src = path.resolve('src');
    const found = importCycles(importGraph(src)).map((c) =>
      c.map((f) => path.relative(src, f).split(path.sep).join('/')),
    );
    expect(found).toEqual(KNOWN);
  });
});
