// Enforces the import direction of architecture §3: each folder under src/ is a
// layer that may import only the layers listed for it (rule import-direction),
// and inside src/app each folder is a floor that may import only its own floor
// and those below it (rule app-floors). Relative specifiers are resolved
// against the importing file, so the rules cannot be dodged by path tricks.
import path from 'node:path';

/** Which layers each layer may import (its own layer is always allowed). */
export const LAYER_RULES = {
  tui: [],
  domain: [],
  config: ['domain'],
  app: ['tui', 'domain'],
  services: ['domain', 'config'],
  runtime: ['app', 'tui', 'domain', 'config'],
  cli: ['config', 'domain', 'services'],
  main: ['cli', 'config', 'runtime', 'app', 'tui', 'domain', 'services'],
  entry: ['main'],
};

/**
 * Single files of another layer that a layer may import all the same: pure
 * functions with no imports of their own, where one definition must serve both
 * (docs/decisions.md says why each is here). Paths under src/, no extension.
 */
export const SHARED_FILES = {
  // What "inert for a terminal" means: the TUI's cells and the CLI's output agree.
  cli: ['tui/text/sanitize'],
  // What an image file is and its pixel size, read from its header: the
  // attachment chips (services/media) and the picture widgets agree.
  services: ['tui/graphics/format'],
};

function sharedWith(from, target) {
  const rel = path
    .relative(path.resolve('src'), target)
    .split(path.sep)
    .join('/')
    .replace(/\.[cm]?[jt]s$/, '');
  return (SHARED_FILES[from] ?? []).includes(rel);
}

/** The layer of a file under src/, or undefined for files outside src/. */
export function layerOf(file) {
  const rel = path.relative(path.resolve('src'), path.resolve(file));
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const parts = rel.split(path.sep);
  if (parts.length === 1) {
    if (parts[0] === 'main.ts') return 'main';
    if (parts[0] === 'cli.ts') return 'entry';
    return 'main';
  }
  return parts[0];
}

/**
 * The ESLint visitors that hand every module specifier of a file to `check`:
 * imports (type-only included), re-exports and `import()` with a literal.
 */
function importVisitors(check) {
  return {
    ImportDeclaration: (node) => check(node.source, node.source.value),
    ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
    ExportAllDeclaration: (node) => check(node.source, node.source.value),
    ImportExpression: (node) =>
      node.source.type === 'Literal' && check(node.source, node.source.value),
  };
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep imports flowing in the direction of architecture §3' },
    messages: {
      forbidden:
        'Layer "{{from}}" may not import layer "{{to}}" (allowed: {{allowed}}). See docs/architecture notes in src/README.md.',
    },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const from = layerOf(file);
    if (from === undefined) return {};
    const allowed = LAYER_RULES[from] ?? [];
    function check(node, spec) {
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = path.resolve(path.dirname(file), spec);
      const to = layerOf(target);
      if (to === undefined || to === from || allowed.includes(to)) return;
      if (sharedWith(from, target)) return;
      context.report({
        node,
        messageId: 'forbidden',
        data: { from, to, allowed: allowed.length > 0 ? allowed.join(', ') : 'none' },
      });
    }
    return importVisitors(check);
  },
};

/**
 * The floors of src/app, lowest first (src/README.md draws them): the plain
 * types (state, actions, effects, dialog shapes and purposes, the keymap);
 * geometry (layout rects, hit testing, measuring rows); panes (reducers and
 * selectors); view (drawing only); and the files directly in src/app (the
 * root reducer and what routes to the panes). A file may import its own floor
 * and those below it: a pane never imports a view, geometry neither, and the
 * types nothing but types.
 */
export const APP_FLOORS = ['types', 'geometry', 'panes', 'view', 'root'];

/** The floor of a file in src/app ('root' directly in it), '?' for another folder, undefined outside. */
export function appFloorOf(file) {
  const rel = path.relative(path.resolve('src', 'app'), path.resolve(file));
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const parts = rel.split(path.sep);
  if (parts.length === 1) return 'root';
  return APP_FLOORS.includes(parts[0]) && parts[0] !== 'root' ? parts[0] : '?';
}

const floors = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep imports inside src/app flowing down its floors' },
    messages: {
      upward:
        'Floor "{{from}}" of src/app may not import floor "{{to}}" (lowest first: {{floors}}; see src/README.md).',
      unknown:
        'src/app/{{folder}}/ is not a floor of src/app ({{floors}}): put the file on one (APP_FLOORS in eslint/layers.js).',
    },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const from = appFloorOf(file);
    // Tests drive the whole app (a pane's test runs the root reducer).
    if (from === undefined || /\.test\.[cm]?[jt]s$/.test(file)) return {};
    const all = APP_FLOORS.join(', ');
    if (from === '?') {
      const folder = path
        .relative(path.resolve('src', 'app'), path.resolve(file))
        .split(path.sep)[0];
      return {
        Program: (node) =>
          context.report({ node, messageId: 'unknown', data: { folder, floors: all } }),
      };
    }
    const rank = APP_FLOORS.indexOf(from);
    function check(node, spec) {
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const to = appFloorOf(path.resolve(path.dirname(file), spec));
      if (to === undefined || to === '?' || APP_FLOORS.indexOf(to) <= rank) return;
      context.report({ node, messageId: 'upward', data: { from, to, floors: all } });
    }
    return importVisitors(check);
  },
};

export default { rules: { 'import-direction': rule, 'app-floors': floors } };
