// The GitHub Actions workflow (issue 21 item 17) checks "Linux, macOS,
// Windows" somewhere instead of assuming it: three systems, Node 22 and 24,
// the unit and pty tests everywhere, the real-server tests where
// scripts/mistralrs-server.sh can build mistral.rs (Linux), a printed reason
// where it cannot. GitHub runs the file; this test keeps it consistent with
// the repository (scripts and npm scripts it names exist, Node versions meet
// package.json's engines).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const FILE = path.join(ROOT, '.github', 'workflows', 'ci.yml');
const text = existsSync(FILE) ? readFileSync(FILE, 'utf8') : '';
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
  scripts: Record<string, string>;
};

/** The steps of a job, each as its lines (a step starts at "- " under "steps:"). */
function steps(job: string): string[] {
  const start = text.indexOf(`\n  ${job}:\n`);
  if (start < 0) return [];
  const next = text.slice(start + 1).search(/\n {2}[a-z][\w-]*:\n/);
  const body = next < 0 ? text.slice(start) : text.slice(start, start + 1 + next);
  return body.split(/\n {6}- /).slice(1);
}

describe('the CI workflow', () => {
  it('exists and runs on push and pull requests', () => {
    expect(text).not.toBe('');
    expect(text).toMatch(/^on:\n {2}push:\n {2}pull_request:/m);
  });

  it('tests on Linux, macOS and Windows with Node 22 and 24, all of them meeting engines', () => {
    expect(text).toMatch(/^ {8}os: \[ubuntu-latest, macos-latest, windows-latest\]$/m);
    const nodes = /^ {8}node: \[([\d, ]+)\]$/m.exec(text)?.[1]?.split(', ').map(Number);
    expect(nodes).toEqual([22, 24]);
    // engines ">=22.16": a bare major installs that line's newest release.
    const [major = 0] = pkg.engines.node.replace('>=', '').split('.').map(Number);
    for (const n of nodes ?? []) expect(n).toBeGreaterThanOrEqual(major);
  });

  it('builds and runs every test file (unit and pty) in every test job', () => {
    const test = steps('test');
    expect(test.some((s) => s.includes('run: npm ci'))).toBe(true);
    expect(test.some((s) => s.includes('run: npm run build'))).toBe(true);
    const run = test.find((s) => s.includes('npx vitest run'));
    expect(run).toBeDefined();
    expect(run).not.toMatch(/if:/);
    // No file filter: vitest.config.ts's include decides, as with `npm test`.
    expect(run).toMatch(/run: npx vitest run\s*$/);
  });

  it('installs the real server on Linux only, and says what is skipped elsewhere', () => {
    const test = steps('test');
    const deps = test.find((s) => s.includes('scripts/ci-deps.sh') && s.includes('run:'));
    expect(deps).toMatch(/if: runner\.os == 'Linux'/);
    const elsewhere = test.find((s) => s.includes("if: runner.os != 'Linux'"));
    expect(elsewhere).toMatch(/::notice title=real-server tests skipped/);
    // CI=true makes a missing part a failure (test/fixtures/backends/real-server.ts).
    expect(elsewhere).toContain('echo "CI=false" >> "$GITHUB_ENV"');
  });

  it('names only scripts and npm scripts that exist', () => {
    for (const m of text.matchAll(/bash (scripts\/[\w./-]+\.sh)/g)) {
      expect(existsSync(path.join(ROOT, m[1] ?? ''))).toBe(true);
    }
    const used = [...text.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1] ?? '');
    expect(used.length).toBeGreaterThan(0);
    for (const s of used) expect(Object.keys(pkg.scripts)).toContain(s);
  });
});
