// docs/keybindings.md is generated from the keymap table and must be current.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS, keybindingsMarkdown } from '../../src/app/index.js';
import { ROOT } from '../helpers.js';

describe('docs/keybindings.md', () => {
  it('matches the keymap table', () => {
    const doc = readFileSync(path.join(ROOT, 'docs', 'keybindings.md'), 'utf8');
    expect(doc, 'stale: run `npm run docs`').toBe(keybindingsMarkdown());
  });

  it('lists every command id', () => {
    const doc = keybindingsMarkdown();
    for (const c of COMMANDS) expect(doc).toContain(`\`${c.id}\``);
  });
});
