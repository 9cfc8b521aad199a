// Regenerates the documents derived from code (run by `npm run docs`, after a
// build): docs/configuration.md from the config schema, and the command-line
// reference in README.md from --help, docs/keybindings.md from the keymap. Tests
// fail when any of them is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { withCliReference } from '../dist/cli/reference.js';
import { keybindingsMarkdown } from '../dist/app/index.js';
import { configReference } from '../dist/config/reference.js';

const root = new URL('..', import.meta.url);
writeFileSync(new URL('docs/configuration.md', root), configReference());
writeFileSync(new URL('docs/keybindings.md', root), keybindingsMarkdown());
const readme = new URL('README.md', root);
writeFileSync(readme, withCliReference(readFileSync(readme, 'utf8')));
console.log(
  'wrote docs/configuration.md, docs/keybindings.md and the command-line reference in README.md',
);
