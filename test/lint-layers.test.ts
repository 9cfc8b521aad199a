// The lint rules of eslint/layers.js: the layers of src/ and the floors of
// src/app (types -> geometry -> panes -> view -> root), type-only imports
// included.
import path from 'node:path';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, it } from 'vitest';
import layers, { APP_FLOORS } from '../eslint/layers.js';

RuleTester.describe = describe;
RuleTester.it = it;

const tester = new RuleTester({
  languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
});

/** The message data of a floor imported from below it. */
const upward = (from: string, to: string) => ({ from, to, floors: APP_FLOORS.join(', ') });

/** A file under src/ (the rules resolve paths against the working directory, the repo root). */
const src = (p: string) => path.resolve('src', p);

describe('app-floors', () => {
  tester.run('app-floors', layers.rules['app-floors'], {
    valid: [
      { filename: src('app/view/chat-view.ts'), code: "import { x } from '../panes/chat.js';" },
      { filename: src('app/view/chat-view.ts'), code: "import { x } from './onboarding.js';" },
      { filename: src('app/panes/chat.ts'), code: "import { x } from '../geometry/layout.js';" },
      {
        filename: src('app/geometry/layout.ts'),
        code: "import type { S } from '../types/state.js';",
      },
      { filename: src('app/types/state.ts'), code: "import type { D } from './dialog.js';" },
      { filename: src('app/update.ts'), code: "import { draw } from './view/draw.js';" },
      // Other layers and packages are import-direction's business.
      { filename: src('app/types/state.ts'), code: "import { T } from '../../tui/index.js';" },
      { filename: src('app/types/state.ts'), code: "import { z } from 'zod';" },
      // Tests drive the whole app.
      { filename: src('app/panes/chat.test.ts'), code: "import { update } from '../update.js';" },
    ],
    invalid: [
      {
        filename: src('app/panes/chat-select.ts'),
        code: "import { inspectorMaxScroll } from '../view/inspector-view.js';",
        errors: [{ messageId: 'upward', data: upward('panes', 'view') }],
      },
      {
        filename: src('app/geometry/layout.ts'),
        code: "import { modelsRowAt } from '../view/models-view.js';",
        errors: [{ messageId: 'upward' }],
      },
      {
        filename: src('app/geometry/layout.ts'),
        code: "import { visibleEntries } from '../panes/models.js';",
        errors: [{ messageId: 'upward', data: upward('geometry', 'panes') }],
      },
      {
        // A type-only import counts.
        filename: src('app/types/state.ts'),
        code: "import type { ChatRowMap } from '../geometry/chat-rows.js';",
        errors: [{ messageId: 'upward', data: upward('types', 'geometry') }],
      },
      {
        filename: src('app/types/actions.ts'),
        code: "export type { HitTarget } from '../geometry/layout.js';",
        errors: [{ messageId: 'upward' }],
      },
      {
        filename: src('app/panes/slash.ts'),
        code: "const u = await import('../update.js');",
        errors: [{ messageId: 'upward', data: upward('panes', 'root') }],
      },
      {
        filename: src('app/dialogs/dialog.ts'),
        code: 'export const x = 1;',
        errors: [{ messageId: 'unknown' }],
      },
    ],
  });
});

describe('import-direction', () => {
  tester.run('import-direction', layers.rules['import-direction'], {
    valid: [
      { filename: src('app/panes/chat.ts'), code: "import { x } from '../../domain/chat.js';" },
      { filename: src('cli/format.ts'), code: "import { s } from '../tui/text/sanitize.js';" },
    ],
    invalid: [
      {
        filename: src('app/panes/chat.ts'),
        code: "import type { Store } from '../../services/store/index.js';",
        errors: [{ messageId: 'forbidden' }],
      },
      {
        filename: src('tui/buffer.ts'),
        code: "import { S } from '../app/index.js';",
        errors: [{ messageId: 'forbidden' }],
      },
    ],
  });
});
