// The models tab's reducer: merging disk and server, grouping, filters,
// selection, and the actions on the selected model (the effects they ask for
// and the notices when they cannot be done).
import { describe, expect, it } from 'vitest';
import type { State } from '../types/state.js';
import { press, testState } from '../testing.js';
import { update } from '../update.js';
import { DARK_THEME } from '../../tui/index.js';
import { statusMark } from '../view/models-view.js';
import { allEntries, modelsBusy, selectedEntry, serverPollMs, visibleEntries } from './models.js';
import { testModel as model } from './models-testing.js';

const T = '2026-01-02T03:04:05.000Z';

const INVENTORY = [
  model('smol', { dir: '/models/smol' }),
  model('llava', { kind: 'vision', format: 'safetensors', source: 'hf-cache' }),
  model('qwen', { arch: 'qwen2' }),
];

function withModels(s: State = testState()): State {
  let next = update(s, { type: 'inventoryLoaded', models: INVENTORY }, T)[0];
  next = update(
    next,
    {
      type: 'serverModelsLoaded',
      models: [
        { id: 'default' },
        { id: '/models/smol', status: 'loaded' },
        { id: 'remote-only', status: 'unloaded' },
      ],
    },
    T,
  )[0];
  return { ...next, focus: 'sidebar', sidebarTab: 'models' };
}

function keys(s: State, ...specs: string[]): [State, unknown[]] {
  let cur = s;
  const fx: unknown[] = [];
  for (const k of specs) {
    const [n, e] = update(cur, press(k), T);
    cur = n;
    fx.push(...e);
  }
  return [cur, fx];
}

describe('models tab', () => {
  it('merges disk and server: a served model shows its server id and status; the alias is hidden; server-only models come first', () => {
    const s = withModels();
    const all = allEntries(s.models);
    expect(all.map((e) => [e.name, e.group, e.serverStatus])).toEqual([
      ['remote-only', 'Server only', 'unloaded'],
      ['qwen', 'Folders · text', undefined],
      ['smol', 'Folders · text', 'loaded'],
      ['llava', 'HF cache · vision', undefined],
    ]);
    expect(all.find((e) => e.name === 'smol')?.serverId).toBe('/models/smol');
  });

  it('moves the selection and keeps it on the same model when the list reloads', () => {
    const [s] = keys(withModels(), 'j', 'j');
    expect(selectedEntry(s)?.name).toBe('smol');
    const reloaded = update(
      s,
      { type: 'inventoryLoaded', models: [model('aaa'), ...INVENTORY] },
      T,
    )[0];
    expect(selectedEntry(reloaded)?.name).toBe('smol');
    const [top] = keys(reloaded, 'g');
    expect(selectedEntry(top)?.name).toBe('remote-only');
  });

  it('filters by text through the dialog, by kind and format with keys; Esc clears them all', () => {
    let [s] = keys(withModels(), '/');
    expect(s.overlay?.kind).toBe('dialog');
    [s] = keys(s, 'q', 'w', 'e', 'n', 'enter');
    expect(visibleEntries(s).map((e) => e.name)).toEqual(['qwen']);
    expect(selectedEntry(s)?.name).toBe('qwen');
    [s] = keys(s, 'esc');
    expect(visibleEntries(s)).toHaveLength(4);
    // A model only the server lists has no known kind or format: the kind and
    // format filters keep it in view (issue 21, item 14d: they hid it).
    [s] = keys(s, 't');
    expect(s.models.kind).toBe('text');
    expect(visibleEntries(s).map((e) => e.name)).toEqual(['remote-only', 'qwen', 'smol']);
    [s] = keys(s, 't');
    expect(visibleEntries(s).map((e) => e.name)).toEqual(['remote-only', 'llava']);
    [s] = keys(s, 'esc', 'f', 'f');
    expect(s.models.format).toBe('safetensors');
    expect(visibleEntries(s).map((e) => e.name)).toEqual(['remote-only', 'llava']);
    // Esc stops a reply first.
    const streaming = { ...s, chat: { ...s.chat, streaming: { requestId: 'r', itemId: 'i' } } };
    const [, stop] = keys(streaming, 'esc');
    expect(stop).toContainEqual({ type: 'cancelChat', requestId: 'r' });
    // Esc with no filter left goes back to typing.
    [s] = keys(s, 'esc', 'esc');
    expect(s.focus).toBe('composer');
  });

  it('Enter uses the selected model for this chat (its server id) and remembers it', () => {
    const [s, fx] = keys(withModels(), 'j', 'j', 'enter');
    expect(s.backend.model).toBe('/models/smol');
    expect(fx).toContainEqual({
      type: 'saveSetting',
      key: 'chat.last_model',
      value: '/models/smol',
    });
    expect(s.toasts.at(-1)?.text).toBe('This chat now uses smol');
    // The next message goes to it.
    const [sent, sendFx] = update({ ...s, focus: 'composer' }, { type: 'paste', text: 'hi' }, T);
    const [, out] = update(sent, press('enter'), T);
    expect(sendFx).toEqual([]);
    expect(out).toContainEqual(
      expect.objectContaining({ type: 'sendChat', model: '/models/smol' }),
    );
  });

  it('using a model the server does not serve warns how to get it served', () => {
    const [s] = keys(withModels(), 'j', 'enter');
    expect(s.backend.model).toBe('qwen');
    expect(s.toasts.at(-1)?.level).toBe('warn');
    expect(s.toasts.at(-1)?.text).toContain('press s to launch');
  });

  it('with the embedded backend, another GGUF is used by its path (loaded on the next message)', () => {
    const base = withModels();
    const s = { ...base, backend: { ...base.backend, kind: 'embedded' } };
    const [next] = keys(s, 'j', 'enter');
    expect(next.backend.model).toBe('/models/qwen/qwen.gguf');
    expect(next.toasts.at(-1)?.level).toBe('info');
  });

  it('load/unload/reload ask the server for served models and explain why not otherwise', () => {
    const [s, fx] = keys(withModels(), 'j', 'j', 'u');
    expect(fx).toEqual([
      { type: 'modelOp', op: 'unload', key: 'disk:smol', modelId: '/models/smol' },
    ]);
    expect(selectedEntry(s)?.work).toBe('unloading');
    // Busy until the server answers.
    const [, again] = keys(s, 'l');
    expect(again).toEqual([]);
    const [done, follow] = update(
      s,
      { type: 'modelWorkDone', key: 'disk:smol', ok: true, text: '/models/smol: unloaded' },
      T,
    );
    expect(selectedEntry(done)?.work).toBeUndefined();
    expect(follow).toEqual([{ type: 'listServerModels' }]);

    const [notServed, none] = keys(withModels(), 'j', 'l');
    expect(none).toEqual([]);
    expect(notServed.toasts.at(-1)?.text).toContain('not one of the server');

    const openai = withModels();
    const [o, oFx] = keys({ ...openai, backend: { ...openai.backend, kind: 'openai' } }, 'l');
    expect(oFx).toEqual([]);
    expect(o.toasts.at(-1)?.text).toContain('The openai backend cannot load models');
  });

  it('s with mistralrs known missing says how to install it and looks again, without starting work', () => {
    const missing = update(
      withModels(),
      {
        type: 'launcherChecked',
        binary: {
          found: false,
          message:
            'mistralrs was not found on PATH — install it with `cargo install mistralrs-cli --locked`',
        },
      },
      T,
    )[0];
    const [s, fx] = keys(missing, 'j', 's');
    expect(fx).toEqual([{ type: 'checkLauncher' }]);
    expect(selectedEntry(s)?.work).toBeUndefined();
    expect(s.toasts.at(-1)).toMatchObject({ level: 'error' });
    expect(s.toasts.at(-1)?.text).toContain('Cannot launch qwen: mistralrs was not found on PATH');
    expect(s.toasts.at(-1)?.text).toContain('cargo install mistralrs-cli --locked');
    // Found again (installed meanwhile): the next press launches.
    const found = update(
      s,
      { type: 'launcherChecked', binary: { found: true, path: '/b/mistralrs' } },
      T,
    )[0];
    expect(keys(found, 's')[1]).toEqual([
      { type: 'launchServer', key: 'disk:qwen', name: 'qwen', launch: INVENTORY[2]?.launch },
    ]);
  });

  it('s launches a server for a model on disk; e runs a GGUF embedded and refuses safetensors', () => {
    const [s, fx] = keys(withModels(), 'j', 's');
    expect(fx).toEqual([
      { type: 'launchServer', key: 'disk:qwen', name: 'qwen', launch: INVENTORY[2]?.launch },
    ]);
    expect(selectedEntry(s)?.work).toBe('launching');
    const [, serverOnly] = keys(withModels(), 's');
    expect(serverOnly).toEqual([]);

    const [, embedFx] = keys(withModels(), 'j', 'e');
    expect(embedFx).toEqual([
      { type: 'runEmbedded', key: 'disk:qwen', path: '/models/qwen/qwen.gguf' },
    ]);
    const [st, stFx] = keys(withModels(), 'G', 'e');
    expect(stFx).toEqual([]);
    expect(st.toasts.at(-1)?.text).toContain('Only GGUF files run embedded');
  });

  it('a switched backend becomes the chat backend, is remembered, and its models are asked for', () => {
    const [s, fx] = update(
      withModels(),
      {
        type: 'backendSwitched',
        name: 'launched',
        kind: 'mistralrs',
        url: 'http://127.0.0.1:40000',
        model: '/models/qwen',
        launched: { modelId: '/models/qwen', url: 'http://127.0.0.1:40000' },
      },
      T,
    );
    expect(s.backend).toMatchObject({
      name: 'launched',
      url: 'http://127.0.0.1:40000',
      model: '/models/qwen',
      connection: 'ok',
    });
    expect(s.models.launched?.url).toBe('http://127.0.0.1:40000');
    expect(fx).toEqual(
      expect.arrayContaining([
        { type: 'checkHealth' },
        { type: 'listServerModels' },
        { type: 'saveSetting', key: 'chat.last_model', value: '/models/qwen' },
      ]),
    );
    const [gone] = update(s, { type: 'launchedExited', text: 'it died' }, T);
    expect(gone.models.launched).toBeUndefined();
    expect(gone.toasts.at(-1)?.level).toBe('error');
  });

  it('the last model is used at start when none was named, and dropped when the server lacks it', () => {
    const [s] = update(testState(), { type: 'settingsLoaded', lastModel: 'gone-model' }, T);
    expect(s.backend.model).toBe('gone-model');
    const [named] = update(
      { ...testState(), backend: { ...testState().backend, model: 'chosen' } },
      { type: 'settingsLoaded', lastModel: 'gone-model' },
      T,
    );
    expect(named.backend.model).toBe('chosen');
    const [checked] = update(
      s,
      {
        type: 'serverModelsLoaded',
        models: [{ id: 'default' }, { id: 'other', status: 'loaded' }],
      },
      T,
    );
    expect(checked.backend.model).toBe('default');
    expect(checked.toasts.at(-1)?.text).toContain('gone-model');
    const [kept] = update(
      s,
      { type: 'serverModelsLoaded', models: [{ id: 'gone-model', status: 'loaded' }] },
      T,
    );
    expect(kept.backend.model).toBe('gone-model');
  });

  it("the palette's model picker switches the chat to the picked model", () => {
    const s = { ...withModels(), focus: 'composer' as const };
    const [open] = update(s, { type: 'command', id: 'models.pick' }, T);
    expect(open.overlay?.kind).toBe('dialog');
    let cur = open;
    for (const k of ['s', 'm', 'o', 'l', 'enter']) cur = update(cur, press(k), T)[0];
    expect(cur.overlay).toBeUndefined();
    expect(cur.backend.model).toBe('/models/smol');
  });

  it('showing the models tab asks the server for fresh statuses', () => {
    const s = testState();
    const up = { ...s, backend: { ...s.backend, connection: 'ok' as const } };
    expect(update(up, { type: 'command', id: 'sidebar.models' }, T)[1]).toContainEqual({
      type: 'listServerModels',
    });
    const [shown] = update(up, { type: 'command', id: 'sidebar.models' }, T);
    expect(update(shown, press('j'), T)[1]).toEqual([]);
  });

  it('a server coming up is asked for its models', () => {
    const [, fx] = update(testState(), { type: 'health', ok: true }, T);
    expect(fx).toContainEqual({ type: 'listServerModels' });
    // The first answer asks even when down (the tab still shows this machine's free memory);
    // a server staying down is not asked again.
    const [down, downFx] = update(testState(), { type: 'health', ok: false }, T);
    expect(downFx).toContainEqual({ type: 'listServerModels' });
    expect(update(down, { type: 'health', ok: false }, T)[1]).toEqual([]);
  });
});

describe('the models tab follows the server on its own (issue 21, item 14f)', () => {
  const up = (s: State): State => ({ ...s, backend: { ...s.backend, connection: 'ok' } });

  it('asks the server again while the tab is on screen, more often while a model is busy', () => {
    const s = up(withModels(testState(120, 40)));
    expect(modelsBusy(s)).toBe(false);
    expect(serverPollMs(s)).toBe(3000);
    const reloading = update(
      s,
      { type: 'serverModelsLoaded', models: [{ id: '/models/smol', status: 'reloading' }] },
      T,
    )[0];
    expect(modelsBusy(reloading)).toBe(true);
    expect(serverPollMs(reloading)).toBe(1000);
    const working = { ...s, models: { ...s.models, work: { 'disk:smol': 'loading' as const } } };
    expect(serverPollMs(working)).toBe(1000);
    // Not while another tab is shown, nor with no server answering.
    expect(serverPollMs({ ...s, sidebarTab: 'sessions' })).toBeUndefined();
    expect(serverPollMs({ ...s, backend: { ...s.backend, connection: 'down' } })).toBeUndefined();
  });

  it('a busy model turns a spinner instead of a static mark', () => {
    const s = up(withModels(testState(120, 40)));
    const e = allEntries(s.models).find((x) => x.name === 'smol');
    if (e === undefined) throw new Error('no smol');
    const busy = { ...e, work: 'loading' as const };
    const marks = new Set([0, 1, 2, 3].map((t) => statusMark(busy, DARK_THEME, t)[0]));
    expect(marks.size).toBe(4);
    const reloading = { ...e, serverStatus: 'reloading' };
    expect(statusMark(reloading, DARK_THEME, 0)[0]).not.toBe(
      statusMark(reloading, DARK_THEME, 1)[0],
    );
    expect(statusMark(e, DARK_THEME, 0)[0]).toBe('●');
  });
});
