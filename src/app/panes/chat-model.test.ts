// Regression (issue 14.6): unloading the chat's model in the models tab and
// loading it again left every message failing with EnginePoisoned, because
// requests named "default". Here, through the reducers: requests name the
// model by id, unloading the chat's model asks first, a message to an
// unloaded model is held back in the composer, and a refused "default" makes
// the app ask the server which id to use.
// Issue 21, item 14c: the model is named by the id of the model on disk the
// server's folder id is, "smol", not by the folder as "…/smol".
import { describe, expect, it } from 'vitest';
import { Buffer, DARK_THEME, rect } from '../../tui/index.js';
import type { Effect } from '../types/effects.js';
import type { State } from '../types/state.js';
import { press, run, testState } from '../testing.js';
import { drawStatus } from '../view/panels.js';
import { testModel } from './models-testing.js';

const ID = '/models/smol';

const keys = (s: State, ...specs: string[]) => run(s, ...specs.map(press));

function status(s: State): string {
  const buf = Buffer.sized(s.width, 1);
  drawStatus(buf, rect(0, 0, s.width, 1), s, DARK_THEME);
  return buf.rowText(0).trimEnd();
}

/** A mistral.rs server serving one model (the alias first, as the real one lists it). */
function served(status = 'loaded', s: State = testState(120, 30)): State {
  return run(
    s,
    { type: 'inventoryLoaded', models: [testModel('smol', { dir: ID })] },
    { type: 'serverModelsLoaded', models: [{ id: 'default' }, { id: ID, status }] },
  )[0];
}

/** The models tab focused on the chat's model. */
function onModelsTab(s: State): State {
  return { ...s, focus: 'sidebar', sidebarTab: 'models' };
}

function typed(s: State, text: string): State {
  return run({ ...s, focus: 'composer' }, { type: 'paste', text })[0];
}

const sent = (fx: Effect[]) => fx.filter((e) => e.type === 'sendChat');

/** The model the next message goes to. */
function sendsTo(s: State): string | undefined {
  const [, fx] = keys(typed(s, 'hi'), 'enter');
  const e = sent(fx)[0];
  return e?.type === 'sendChat' ? e.model : undefined;
}

describe("the chat's model on a mistral.rs server", () => {
  it('a request names the model by id when the server lists one model besides "default"', () => {
    const s = served();
    // The choice stays "default" (a remembered model, another server still apply).
    expect(s.backend.model).toBe('default');
    expect(sendsTo(s)).toBe(ID);
    expect(status(s)).toContain('(mistralrs) · smol');
    // Several models: the list does not say which one "default" is.
    const two = run(s, {
      type: 'serverModelsLoaded',
      models: [{ id: 'default' }, { id: ID, status: 'loaded' }, { id: '/x', status: 'loaded' }],
    })[0];
    expect(sendsTo(two)).toBe('default');
    // 0.8.1 lists a model twice after a reload of a loaded model: still one model.
    const twice = run(s, {
      type: 'serverModelsLoaded',
      models: [{ id: 'default' }, { id: ID, status: 'reloading' }, { id: ID, status: 'loaded' }],
    })[0];
    expect(sendsTo(twice)).toBe(ID);
    // No list yet, or a server without the alias (an OpenAI-compatible one): as chosen.
    expect(sendsTo(testState())).toBe('default');
    const openai = run(testState(), {
      type: 'serverModelsLoaded',
      models: [{ id: 'llama' }],
    })[0];
    expect(sendsTo(openai)).toBe('default');
  });

  it('u on the model the chat uses asks first; Esc keeps it loaded, Enter unloads it', () => {
    const s = onModelsTab(served());
    const [asked, none] = keys(s, 'u');
    expect(none).toEqual([]);
    expect(asked.overlay).toMatchObject({
      kind: 'dialog',
      dialog: { kind: 'confirm', purpose: { type: 'unloadModel', key: 'disk:smol' } },
    });
    const [kept, keptFx] = keys(asked, 'esc');
    expect(kept.overlay).toBeUndefined();
    expect(keptFx).toEqual([]);
    const [unloading, fx] = keys(asked, 'enter');
    expect(unloading.overlay).toBeUndefined();
    expect(fx).toEqual([{ type: 'modelOp', op: 'unload', key: 'disk:smol', modelId: ID }]);
    // Another model than the chat's unloads at once.
    const other = { ...s, backend: { ...s.backend, model: 'other' } };
    expect(keys(other, 'u')[1]).toEqual([
      { type: 'modelOp', op: 'unload', key: 'disk:smol', modelId: ID },
    ]);
  });

  it('after the unload a message is held back in the composer; after l it goes by id', () => {
    const asked = keys(onModelsTab(served()), 'u', 'enter')[0];
    let [s] = run(asked, {
      type: 'modelWorkDone',
      key: 'disk:smol',
      ok: true,
      text: `${ID}: unloaded`,
      model: { id: ID, status: 'unloaded' },
    });
    expect(status(s)).toContain('· smol unloaded');
    s = typed(s, 'still there?');
    const [held, heldFx] = keys(s, 'enter');
    expect(sent(heldFx)).toEqual([]);
    // The server is asked again, in case the model was loaded from elsewhere.
    expect(heldFx).toContainEqual({ type: 'listServerModels' });
    expect(held.composer.editor.value).toBe('still there?');
    expect(held.chat.items).toEqual([]);
    expect(held.toasts.at(-1)).toMatchObject({
      level: 'warn',
      text: 'smol is unloaded — l loads it (models tab, Alt+2)',
    });

    const [loading, loadFx] = keys(onModelsTab(held), 'l');
    expect(loadFx).toEqual([{ type: 'modelOp', op: 'load', key: 'disk:smol', modelId: ID }]);
    const [loaded] = run(loading, {
      type: 'modelWorkDone',
      key: 'disk:smol',
      ok: true,
      text: `${ID}: loaded`,
      model: { id: ID, status: 'loaded' },
    });
    expect(status(loaded)).not.toContain('unloaded');
    const [, fx] = keys({ ...loaded, focus: 'composer' }, 'enter');
    expect(sent(fx)).toMatchObject([{ model: ID, messages: [{ content: 'still there?' }] }]);
  });

  it('Ctrl+R and a resent edit are held back too; the edit stays in its dialog', () => {
    let [s] = keys(typed(served(), 'hi'), 'enter');
    const req = s.chat.streaming?.requestId ?? '';
    s = run(
      s,
      { type: 'chatEvent', requestId: req, event: { type: 'content', text: 'hello' } },
      { type: 'streamEnded', requestId: req, figures: {} },
      { type: 'serverModelsLoaded', models: [{ id: 'default' }, { id: ID, status: 'unloaded' }] },
    )[0];
    const [retried, retryFx] = keys({ ...s, focus: 'chat' }, 'ctrl+r');
    expect(sent(retryFx)).toEqual([]);
    expect(retried.toasts.at(-1)?.text).toContain('is unloaded — l loads it');
    expect(retried.chat.items.map((i) => i.content)).toEqual(['hi', 'hello']);

    const [editing] = keys({ ...s, focus: 'chat' }, 'shift+up', 'shift+up', 'ctrl+e');
    expect(editing.overlay).toMatchObject({ dialog: { purpose: { type: 'editMessage' } } });
    const [held, heldFx] = run(editing, { type: 'paste', text: ' there' }, press('enter'));
    expect(sent(heldFx)).toEqual([]);
    expect(held.overlay).toMatchObject({
      dialog: { error: 'smol is unloaded — l loads it (models tab, Alt+2)' },
    });
  });

  it("the embedded backend's model, unloaded until the first message, is not held back", () => {
    const s = served('unloaded', {
      ...testState(120, 30),
      backend: { name: 'embedded', kind: 'embedded', model: '/m.gguf', connection: 'ok' },
    });
    const [, fx] = keys(typed(s, 'hi'), 'enter');
    expect(sent(fx)).toHaveLength(1);
  });

  it('a request refused with EnginePoisoned makes the app ask the server for its models', () => {
    const [s] = keys(typed(testState(), 'hi'), 'enter');
    const [, fx] = run(s, {
      type: 'chatEvent',
      requestId: s.chat.streaming?.requestId ?? '',
      event: {
        type: 'error',
        error: { code: 'engine_poisoned', status: 500, message: 'the server lost its model' },
      },
    });
    expect(fx).toContainEqual({ type: 'listServerModels' });
  });
});
