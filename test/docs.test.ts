// Documents generated from code must be current: run `npm run docs` to refresh.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withCliReference } from '../src/cli/reference.js';
import { configReference } from '../src/config/reference.js';
import { ROOT } from './helpers.js';

const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

describe('generated documentation', () => {
  it('docs/configuration.md matches the config schema', () => {
    expect(read('docs/configuration.md'), 'stale: run `npm run docs`').toBe(configReference());
  });

  it("README's command-line reference matches --help", () => {
    const readme = read('README.md');
    expect(readme, 'stale: run `npm run docs`').toBe(withCliReference(readme));
  });

  it('README gives the two set-up commands', () => {
    const readme = read('README.md');
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm install && npm test');
  });
});
