// The composer's effects against the real SQLite store: chat settings merged
// into a session's settings (other keys kept, cleared ones dropped), the
// template manager's create/update/delete with the list reported back, a
// duplicate name reported as a notice, and slash commands run as commands.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Action } from '../../src/app/index.js';
import { silentLogger } from '../../src/domain/log.js';
import type { SessionStore } from '../../src/domain/store.js';
import { ComposerEffects, mergeSettings } from '../../src/runtime/composer-effects.js';
import type { AppPorts } from '../../src/domain/ports.js';
import { openStore } from '../../src/services/store/index.js';

const stores: SessionStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

async function setUp(withStore = true) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mrt-composer-'));
  const store = await openStore({ kind: 'sqlite', path: path.join(dir, 's.db') });
  stores.push(store);
  const actions: Action[] = [];
  const ports = { store: withStore ? store : undefined, logger: silentLogger } as AppPorts;
  const fx = new ComposerEffects(
    () => ports,
    (a) => actions.push(a),
  );
  return { store, actions, fx };
}

describe('composer effects', () => {
  it('merges chat settings into the session: other keys stay, null drops a key', async () => {
    const { store, fx } = await setUp();
    const s = await store.createSession({
      title: 't',
      settings: { theirs: 1, temperature: 0.5, system_prompt: 'old' },
    });
    await fx.exec({
      type: 'saveSessionSettings',
      sessionId: s.id,
      settings: { preset: 'precise', temperature: null, system_prompt: 'new', top_p: 0.9 },
    });
    expect((await store.getSession(s.id))?.settings).toEqual({
      theirs: 1,
      preset: 'precise',
      system_prompt: 'new',
      top_p: 0.9,
    });
    expect(mergeSettings({ a: 1 }, { a: null, b: 'x' })).toEqual({ b: 'x' });
  });

  it('creates, updates and deletes templates, reporting the list each time', async () => {
    const { store, actions, fx } = await setUp();
    await fx.exec({ type: 'saveTemplate', name: 'greet', body: 'Hi {{name}}' });
    const created = actions.at(-1);
    expect(created?.type === 'templatesLoaded' && created.templates).toEqual([
      expect.objectContaining({ name: 'greet', body: 'Hi {{name}}' }),
    ]);
    expect(actions.some((a) => a.type === 'notice' && a.text.includes('"greet" saved'))).toBe(true);
    const id = (await store.listTemplates())[0]?.id ?? '';
    await fx.exec({ type: 'saveTemplate', id, name: 'greet', body: 'Hello', description: 'd' });
    expect((await store.getTemplate(id))?.body).toBe('Hello');
    await fx.exec({ type: 'loadTemplates', insert: 'greet' });
    expect(actions.at(-1)).toMatchObject({ type: 'templatesLoaded', insert: 'greet' });
    await fx.exec({ type: 'deleteTemplate', id, name: 'greet' });
    expect(await store.listTemplates()).toEqual([]);
    expect(actions.at(-1)).toEqual({ type: 'templatesLoaded', templates: [] });
  });

  it('a duplicate template name is an error notice, not a crash', async () => {
    const { actions, fx } = await setUp();
    await fx.exec({ type: 'saveTemplate', name: 'same', body: 'a' });
    await fx.exec({ type: 'saveTemplate', name: 'same', body: 'b' });
    expect(actions.at(-1)).toMatchObject({
      type: 'notice',
      level: 'error',
      text: expect.stringContaining('Saving the template "same" failed') as unknown,
    });
  });

  it('runs a slash command as a command; without a store it says nothing can be saved', async () => {
    const { actions, fx } = await setUp(false);
    await fx.exec({ type: 'runCommand', id: 'app.theme' });
    expect(actions.at(-1)).toEqual({ type: 'command', id: 'app.theme' });
    await fx.exec({ type: 'loadTemplates', open: true });
    expect(actions.at(-1)).toMatchObject({ type: 'notice', level: 'error' });
  });
});
