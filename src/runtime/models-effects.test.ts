// The model browser's effect runner with small stand-ins for the ports (the
// real server, launcher and embedded engine are exercised by
// test/e2e/models.test.ts): what it reports back for each outcome.
import { describe, expect, it } from 'vitest';
import type { Action } from '../app/index.js';
import type { BackendModel, ChatBackend, ModelStatusReport } from '../domain/backend.js';
import type { Inventory } from '../domain/inventory.js';
import { silentLogger } from '../domain/log.js';
import type { InventoryEvent, LaunchSpec } from '../domain/model.js';
import { ModelsRunner, freeMemory } from './models-effects.js';
import type { LauncherEvent, ModelPorts } from '../domain/ports.js';

function backend(
  o: {
    name?: string;
    kind?: ChatBackend['kind'];
    models?: BackendModel[];
    manage?: boolean;
    load?: (id: string) => Promise<ModelStatusReport>;
  } = {},
): ChatBackend & { closed: boolean } {
  const b = {
    name: o.name ?? 'local',
    kind: o.kind ?? 'mistralrs',
    closed: false,
    capabilities: () =>
      Promise.resolve({
        modelManagement: o.manage ?? true,
        metrics: false,
        systemInfo: false,
        visionInput: false,
        audioInput: false,
        imageGeneration: false,
        speechGeneration: false,
        toolCalling: false,
        webSearch: false,
      }),
    health: () => Promise.resolve({ ok: true, ms: 1 }),
    listModels: () => Promise.resolve(o.models ?? []),
    streamChat: async function* () {
      // no replies in these tests
    },
    close: () => {
      b.closed = true;
      return Promise.resolve();
    },
    ...(o.load !== undefined
      ? { loadModel: o.load, unloadModel: o.load, reloadModel: o.load }
      : {}),
  };
  return b;
}

const SPEC: LaunchSpec = { serveKind: 'text', argv: ['serve', 'text', '-m', '/m'], portIndex: 1 };

function runner(ports: ModelPorts | undefined, current: ChatBackend = backend()) {
  const actions: Action[] = [];
  const host = {
    current,
    replaced: [] as ChatBackend[],
    dispatch: (a: Action) => actions.push(a),
    backend: () => host.current,
    replaceBackend: (b: ChatBackend) => {
      host.replaced.push(b);
      host.current = b;
    },
  };
  return { r: new ModelsRunner(ports, host, silentLogger), actions, host };
}

function ports(o: Partial<ModelPorts> = {}): ModelPorts {
  return {
    httpBackend: () => backend({ name: 'launched', models: [{ id: 'default' }, { id: '/m' }] }),
    embeddedBackend: () => backend({ name: 'embedded', kind: 'embedded' }),
    ...o,
  };
}

describe('models effects', () => {
  it('free memory: the server GPUs and RAM when it says, else this machine', () => {
    expect(
      freeMemory({
        devices: [
          { kind: 'cuda', name: 'H100', availableMemoryBytes: 70, totalMemoryBytes: 80 },
          { kind: 'cpu', name: 'cpu', availableMemoryBytes: 5 },
        ],
        memoryAvailableBytes: 10,
      }),
    ).toEqual({ vramFree: 70, vramTotal: 80, ramFree: 10, from: 'server' });
    expect(freeMemory(undefined)).toMatchObject({ from: 'local' });
    expect(freeMemory(undefined).ramFree).toBeGreaterThan(0);
  });

  it('scans the inventory once, then follows its updates; a scan with unreadable files says so', async () => {
    let listener: ((e: InventoryEvent) => void) | undefined;
    let watched = 0;
    const inv: Inventory = {
      scan: () =>
        Promise.resolve({
          models: [],
          warnings: [{ path: '/m/bad.gguf', message: 'not a GGUF file' }],
          folders: [{ path: '/home/u/.models', kind: 'home-models', exists: false }],
          stats: { durationMs: 1, bytesRead: 0, parsed: 0, cached: 0 },
          finishedAt: '',
        }),
      list: () => [],
      get: () => undefined,
      checksum: () => Promise.reject(new Error('unused')),
      watch: () => {
        watched++;
      },
      subscribe: (l) => {
        listener = l;
        return () => undefined;
      },
      close: () => Promise.resolve(),
    };
    const { r, actions } = runner(ports({ inventory: () => Promise.resolve(inv) }));
    await r.exec({ type: 'scanModels', refresh: false });
    await r.exec({ type: 'scanModels', refresh: true });
    expect(watched).toBe(1);
    expect(actions[0]).toEqual({
      type: 'inventoryLoaded',
      models: [],
      folders: [{ path: '/home/u/.models', kind: 'home-models', exists: false }],
      problem: '1 file could not be read (mistralrs-tui models says why)',
    });
    listener?.({ type: 'inventory.error', message: 'rescan failed: EACCES' });
    expect(actions.at(-1)).toEqual({
      type: 'notice',
      level: 'warn',
      text: 'rescan failed: EACCES',
    });

    const off = runner(ports({ inventory: () => Promise.reject(new Error('boom')) }));
    await off.r.exec({ type: 'scanModels', refresh: false });
    expect(off.actions).toEqual([
      { type: 'inventoryLoaded', models: [], problem: 'Model discovery could not start: boom' },
    ]);
  });

  it('lists the server models with the memory, or says why it could not', async () => {
    const { r, actions } = runner(undefined, backend({ models: [{ id: 'a', status: 'loaded' }] }));
    await r.exec({ type: 'listServerModels' });
    expect(actions[0]).toMatchObject({
      type: 'serverModelsLoaded',
      models: [{ id: 'a', status: 'loaded' }],
    });
    const broken = backend();
    broken.listModels = () => Promise.reject(new Error('connection refused'));
    const b = runner(undefined, broken);
    await b.r.exec({ type: 'listServerModels' });
    expect(b.actions[0]).toMatchObject({
      type: 'serverModelsLoaded',
      models: [],
      problem: 'local did not list its models: connection refused',
    });
  });

  it('load/unload report the outcome; a backend without model management says so', async () => {
    const ok = runner(
      undefined,
      backend({ load: (id) => Promise.resolve({ modelId: id, status: 'loaded' }) }),
    );
    await ok.r.exec({ type: 'modelOp', op: 'load', key: 'k', modelId: 'm' });
    // With the status the server answered: the app holds messages back from it.
    expect(ok.actions).toEqual([
      {
        type: 'modelWorkDone',
        key: 'k',
        ok: true,
        text: 'm: loaded',
        model: { id: 'm', status: 'loaded' },
      },
    ]);

    const none = runner(undefined, backend({ kind: 'openai', name: 'vllm' }));
    await none.r.exec({ type: 'modelOp', op: 'unload', key: 'k', modelId: 'm' });
    expect(none.actions[0]).toMatchObject({ ok: false });
    expect((none.actions[0] as { text: string }).text).toContain('cannot unload models');

    const old = runner(
      undefined,
      backend({ manage: false, load: (id) => Promise.resolve({ modelId: id, status: 'loaded' }) }),
    );
    await old.r.exec({ type: 'modelOp', op: 'reload', key: 'k', modelId: 'm' });
    expect((old.actions[0] as { text: string }).text).toContain('does not report model status');
  });

  it('launch: a missing binary is the install hint; a started server becomes the backend', async () => {
    const missing = runner(
      ports({
        launcher: {
          find: () => Promise.resolve({ found: false, message: 'mistralrs was not found on PATH' }),
          start: () => Promise.reject(new Error('not reached')),
          stop: () => Promise.resolve(),
        },
      }),
    );
    await missing.r.exec({ type: 'launchServer', key: 'k', name: 'smol', launch: SPEC });
    expect(missing.actions).toEqual([
      {
        type: 'launcherChecked',
        binary: { found: false, message: 'mistralrs was not found on PATH' },
      },
      { type: 'modelWorkDone', key: 'k', ok: false, text: 'mistralrs was not found on PATH' },
    ]);

    const started = runner(
      ports({
        launcher: {
          find: () => Promise.resolve({ found: true, path: '/bin/mistralrs' }),
          start: (_spec, on: (e: LauncherEvent) => void) => {
            on({ type: 'starting', argv: ['serve', '-p', '41234'], port: 41234 });
            on({ type: 'line', stream: 'stderr', text: 'loading' });
            on({ type: 'queue', running: 1, waiting: 2 });
            return Promise.resolve({ url: 'http://127.0.0.1:41234' });
          },
          stop: () => Promise.resolve(),
        },
      }),
    );
    await started.r.exec({ type: 'launchServer', key: 'k', name: 'smol', launch: SPEC });
    expect(started.host.replaced.map((b) => b.name)).toEqual(['launched']);
    expect(started.actions).toEqual([
      { type: 'launcherChecked', binary: { found: true, path: '/bin/mistralrs' } },
      { type: 'serverLine', stream: 'stdout', text: '$ mistralrs serve -p 41234' },
      { type: 'serverLine', stream: 'stderr', text: 'loading' },
      { type: 'serverQueue', running: 1, waiting: 2 },
      {
        type: 'backendSwitched',
        name: 'launched',
        kind: 'mistralrs',
        url: 'http://127.0.0.1:41234',
        model: '/m',
        launched: { modelId: '/m', url: 'http://127.0.0.1:41234' },
      },
      expect.objectContaining({ type: 'modelWorkDone', key: 'k', ok: true }),
    ]);
  });

  it('a scan (and checkLauncher) first reports whether the mistralrs binary is there', async () => {
    let found = false;
    const { r, actions } = runner(
      ports({
        launcher: {
          find: () =>
            Promise.resolve(
              found
                ? { found: true, path: '/bin/mistralrs' }
                : { found: false, message: 'mistralrs was not found on PATH' },
            ),
          start: () => Promise.reject(new Error('not reached')),
          stop: () => Promise.resolve(),
        },
      }),
    );
    await r.exec({ type: 'scanModels', refresh: false });
    expect(actions).toEqual([
      {
        type: 'launcherChecked',
        binary: { found: false, message: 'mistralrs was not found on PATH' },
      },
      { type: 'inventoryLoaded', models: [], problem: 'Model discovery is off.' },
    ]);
    found = true;
    await r.exec({ type: 'checkLauncher' });
    expect(actions.at(-1)).toEqual({
      type: 'launcherChecked',
      binary: { found: true, path: '/bin/mistralrs' },
    });
  });

  it('embedded: a load failure keeps the old backend and closes the new one', async () => {
    const failing = backend({
      kind: 'embedded',
      load: () => Promise.reject(new Error('the embedded backend needs node-llama-cpp')),
    });
    const { r, actions, host } = runner(ports({ embeddedBackend: () => failing }));
    await r.exec({ type: 'runEmbedded', key: 'k', path: '/m/x.gguf' });
    expect(host.replaced).toEqual([]);
    expect(failing.closed).toBe(true);
    expect(actions).toEqual([
      {
        type: 'modelWorkDone',
        key: 'k',
        ok: false,
        text: 'Running /m/x.gguf embedded failed: the embedded backend needs node-llama-cpp',
      },
    ]);
  });
});
