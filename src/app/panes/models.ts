// The models tab's reducer: the inventory (models on disk) merged with the
// models the backend reports, grouped by source and kind, filtered by text,
// kind and format; and the actions on the selected model — use it for this
// chat, load/unload/reload it on the server, launch a server for it, run it
// embedded. The work itself is done by runtime/models-effects.ts.
import { type BackendModel, MODEL_ALIAS } from '../../domain/backend.js';
import {
  MODEL_FORMATS,
  MODEL_KINDS,
  type ModelDescription,
  type ModelFormat,
  type ModelKind,
  type ModelSource,
  diskModelFor,
  modelName,
} from '../../domain/model.js';
import type { Action } from '../types/actions.js';
import { type DialogValue, confirmDialog, pickDialog, promptDialog } from './dialog.js';
import type { Effect } from '../types/effects.js';
import { notify } from './notify.js';
import { type Handlers, type Result, none } from '../types/result.js';
import { type ModelWork, type ModelsState, type State, sidebarShown } from '../types/state.js';
import { BUSY } from './chat.js';
import { chatCommands } from './chat-commands.js';
import { chatModel } from './chat-model.js';

/** One row of the browser: a model on disk, on the server, or both. */
export interface ModelEntry {
  /** Stable across reloads: "disk:<inventory id>" or "server:<server id>". */
  readonly key: string;
  readonly name: string;
  readonly group: string;
  readonly kind?: ModelKind;
  readonly format?: ModelFormat;
  readonly sizeBytes?: number;
  /** Set when the model is on disk. */
  readonly model?: ModelDescription;
  /** The id the backend knows it by, when the backend lists it. */
  readonly serverId?: string;
  readonly serverStatus?: string;
  /** Work in flight on it (shown instead of the server status). */
  readonly work?: ModelWork;
}

const SOURCE_LABEL: Readonly<Record<ModelSource | 'server', string>> = {
  server: 'Server only',
  'inventory-file': 'Inventory file',
  'hf-cache': 'HF cache',
  directory: 'Folders',
  'dot-models': '.models',
};
const SOURCE_ORDER: readonly (ModelSource | 'server')[] = [
  'server',
  'inventory-file',
  'dot-models',
  'directory',
  'hf-cache',
];

/** mistral.rs lists "default" as an alias of the model it started with. */
const ALIAS = MODEL_ALIAS;

function matchesFilter(e: ModelEntry, ms: ModelsState): boolean {
  // A model only the server lists has no known kind or format: the kind and
  // format filters keep it in view rather than hide what the server serves.
  if (ms.kind !== undefined && e.kind !== undefined && e.kind !== ms.kind) return false;
  if (ms.format !== undefined && e.format !== undefined && e.format !== ms.format) return false;
  const f = ms.filter.trim().toLowerCase();
  if (f === '') return true;
  const hay = [
    e.name,
    e.model?.id,
    e.model?.name,
    e.serverId,
    e.model?.architecture,
    e.model?.quantization,
    e.kind,
    e.format,
  ]
    .filter((x): x is string => typeof x === 'string')
    .join(' ')
    .toLowerCase();
  return f.split(/\s+/).every((w) => hay.includes(w));
}

/** The merged list by its inputs: moving the selection or filtering does not rebuild it. */
const cache = new WeakMap<
  readonly ModelDescription[],
  { server: ModelsState['server']; work: ModelsState['work']; out: readonly ModelEntry[] }
>();

/** Every model, merged and grouped (source, then kind, then name), before filtering. */
export function allEntries(ms: ModelsState): readonly ModelEntry[] {
  const hit = cache.get(ms.inventory);
  if (hit?.server === ms.server && hit.work === ms.work) return hit.out;
  const server = ms.server.filter((m) => m.id !== ALIAS || ms.server.length === 1);
  const claimed = new Set<string>();
  // Each server model goes to the one model on disk it names (domain/model.ts).
  const onDisk = new Map<ModelDescription, BackendModel>();
  for (const x of server) {
    const d = diskModelFor(ms.inventory, x.id);
    if (d !== undefined && !onDisk.has(d)) onDisk.set(d, x);
  }
  const disk: ModelEntry[] = ms.inventory.map((m) => {
    const on = onDisk.get(m);
    if (on !== undefined) claimed.add(on.id);
    const key = `disk:${m.id}`;
    const work = ms.work[key];
    return {
      key,
      // Named by its id everywhere (list, toasts, `models`, `serve`); the
      // name a GGUF gives itself is in the details.
      name: m.id,
      group: `${SOURCE_LABEL[m.source]} · ${m.kind}`,
      kind: m.kind,
      format: m.format,
      sizeBytes: m.sizeBytes,
      model: m,
      ...(on !== undefined ? { serverId: on.id } : {}),
      ...(on?.status !== undefined ? { serverStatus: on.status } : {}),
      ...(work !== undefined ? { work } : {}),
    };
  });
  const only: ModelEntry[] = server
    .filter((m) => !claimed.has(m.id))
    .map((m) => {
      const key = `server:${m.id}`;
      const work = ms.work[key];
      return {
        key,
        name: m.id,
        group: SOURCE_LABEL.server,
        serverId: m.id,
        ...(m.status !== undefined ? { serverStatus: m.status } : {}),
        ...(work !== undefined ? { work } : {}),
      };
    });
  const rank = (e: ModelEntry): number =>
    SOURCE_ORDER.indexOf(e.model?.source ?? 'server') * 10 +
    (e.kind === undefined ? 0 : MODEL_KINDS.indexOf(e.kind));
  const out = [...only, ...disk].sort(
    (a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name) || a.key.localeCompare(b.key),
  );
  cache.set(ms.inventory, { server: ms.server, work: ms.work, out });
  return out;
}

const shownCache = new WeakMap<
  readonly ModelEntry[],
  Pick<ModelsState, 'filter' | 'kind' | 'format'> & { out: readonly ModelEntry[] }
>();

/** The models shown: all of them through the filters, in list order. */
export function visibleEntries(s: State): readonly ModelEntry[] {
  const all = allEntries(s.models);
  const ms = s.models;
  if (ms.filter === '' && ms.kind === undefined && ms.format === undefined) return all;
  const hit = shownCache.get(all);
  if (hit?.filter === ms.filter && hit.kind === ms.kind && hit.format === ms.format) return hit.out;
  const out = all.filter((e) => matchesFilter(e, ms));
  shownCache.set(all, { filter: ms.filter, kind: ms.kind, format: ms.format, out });
  return out;
}

export function selectedIndex(s: State): number {
  const list = visibleEntries(s);
  const i =
    s.models.selectedKey === undefined ? -1 : list.findIndex((e) => e.key === s.models.selectedKey);
  return Math.max(0, i);
}

export function selectedEntry(s: State): ModelEntry | undefined {
  return visibleEntries(s)[selectedIndex(s)];
}

/** What a row's status column says: work in flight first, then the server's word. */
export function statusOf(e: ModelEntry): string | undefined {
  return e.work ?? e.serverStatus ?? (e.serverId !== undefined ? 'served' : undefined);
}

function withModels(s: State, patch: Partial<ModelsState>): State {
  return { ...s, models: { ...s.models, ...patch } };
}

export function selectIndex(s: State, index: number): State {
  const list = visibleEntries(s);
  const e = list[Math.max(0, Math.min(list.length - 1, index))];
  return e === undefined || e.key === s.models.selectedKey
    ? s
    : withModels(s, { selectedKey: e.key });
}

export function move(s: State, delta: number): State {
  return selectIndex(s, selectedIndex(s) + delta);
}

function cycle<T>(all: readonly T[], cur: T | undefined): T | undefined {
  // all, then each value in turn, then all again
  if (cur === undefined) return all[0];
  const i = all.indexOf(cur);
  return i + 1 < all.length ? all[i + 1] : undefined;
}

function setFilters(s: State, patch: Partial<ModelsState>): State {
  const next = withModels(s, patch);
  const shown = visibleEntries(next);
  // Keep the selection on the same model when it is still shown.
  const keep = shown.some((e) => e.key === s.models.selectedKey);
  return keep || shown[0] === undefined ? next : withModels(next, { selectedKey: shown[0].key });
}

function cycleKind(s: State): Result {
  const kind = cycle(MODEL_KINDS, s.models.kind);
  // The tab's head line shows the filters in use (no toast needed).
  return none(setFilters(s, kind === undefined ? { kind: undefined } : { kind }));
}

function cycleFormat(s: State): Result {
  const format = cycle(MODEL_FORMATS, s.models.format);
  return none(setFilters(s, format === undefined ? { format: undefined } : { format }));
}

function openFilter(s: State): Result {
  const d = promptDialog(
    'Filter models',
    { type: 'filterModels' },
    {
      value: s.models.filter,
      help: 'Words to match in name, id, architecture or quantization; empty shows all',
      placeholder: 'e.g. smol q4',
    },
  );
  return none({ ...s, overlay: { kind: 'dialog', dialog: d } });
}

function clearFilters(s: State, now: string): Result {
  const ms = s.models;
  // Stopping a reply matters more than the filters (Esc stops it everywhere else).
  if (
    s.chat.streaming !== undefined ||
    (ms.filter === '' && ms.kind === undefined && ms.format === undefined)
  ) {
    const cancel = chatCommands['chat.cancel'];
    return cancel === undefined ? none(s) : cancel(s, now);
  }
  return none(setFilters(s, { filter: '', kind: undefined, format: undefined }));
}

function refresh(s: State): Result {
  return [s, [{ type: 'scanModels', refresh: false }, { type: 'listServerModels' }]];
}

/** The id to send chat requests with for this entry. */
function chatModelId(s: State, e: ModelEntry): string {
  // The embedded engine loads whichever GGUF a request names, by path.
  if (e.serverId === undefined && s.backend.kind === 'embedded' && e.format === 'gguf' && e.model)
    return e.model.path;
  return e.serverId ?? e.model?.id ?? e.name;
}

/** Switches the chat to a model (the next message goes to it) and remembers it. */
export function useModel(s: State, e: ModelEntry): Result {
  const id = chatModelId(s, e);
  const embeddedSwitch = id === e.model?.path && e.serverId === undefined;
  const { remembered: _r, ...models } = s.models;
  let next: State = { ...s, models, backend: { ...s.backend, model: id } };
  const where = s.backend.url ?? s.backend.name;
  if (embeddedSwitch) {
    next = notify(
      next,
      'info',
      `This chat now uses ${e.name} (loaded in-process on the next message)`,
    );
  } else if (e.serverId === undefined && s.models.serverLoaded && s.models.server.length > 0) {
    next = notify(
      next,
      'warn',
      `${e.name} is not served at ${where}: press s to launch a server for it${e.format === 'gguf' ? ' or e to run it embedded' : ''}`,
    );
  } else {
    next = notify(next, 'info', `This chat now uses ${e.name}`);
  }
  return [next, [{ type: 'saveSetting', key: 'chat.last_model', value: id }]];
}

function withEntry(s: State, f: (e: ModelEntry) => Result): Result {
  const e = selectedEntry(s);
  if (e === undefined) {
    const why = s.models.loaded ? 'No model selected' : 'The models are still being scanned';
    return none(notify(s, 'warn', why));
  }
  return f(e);
}

function busy(s: State, e: ModelEntry): Result {
  return none(notify(s, 'warn', `${e.name} is ${e.work ?? 'busy'}: wait for it to finish`));
}

function startWork(s: State, e: ModelEntry, work: ModelWork): State {
  return withModels(s, { work: { ...s.models.work, [e.key]: work } });
}

const OP_WORK = { load: 'loading', unload: 'unloading', reload: 'reloading' } as const;

function serverOp(s: State, op: 'load' | 'unload' | 'reload'): Result {
  return withEntry(s, (e) => {
    if (e.work !== undefined) return busy(s, e);
    const kind = s.backend.kind;
    if (kind !== 'mistralrs' && kind !== 'embedded')
      return none(
        notify(
          s,
          'warn',
          `The ${kind} backend cannot ${op} models (only mistral.rs can): press s to launch a mistral.rs server for ${e.name}`,
        ),
      );
    if (e.serverId === undefined)
      return none(
        notify(
          s,
          'warn',
          `${e.name} is not one of the server's models (mistral.rs manages only the models it started with): press s to launch a server for it`,
        ),
      );
    // Messages wait while the chat's model is unloaded: say so before, not after.
    if (op === 'unload' && e.serverId === chatModel(s)) {
      const d = confirmDialog(
        "Unload the chat's model",
        `This chat uses ${e.name}. Unload it from the server? Messages wait until l loads it again.`,
        { type: 'unloadModel', key: e.key },
        { confirmLabel: 'Unload' },
      );
      return none({ ...s, overlay: { kind: 'dialog', dialog: d } });
    }
    return runOp(s, e, op, e.serverId);
  });
}

function runOp(s: State, e: ModelEntry, op: 'load' | 'unload' | 'reload', modelId: string): Result {
  const next = notify(startWork(s, e, OP_WORK[op]), 'info', `${OP_WORK[op]} ${e.name}…`);
  return [next, [{ type: 'modelOp', op, key: e.key, modelId }]];
}

/** The answer to "unload the chat's model?": the model as it is now (it may have changed meanwhile). */
export function onUnloadConfirmed(s: State, key: string): Result {
  const e = allEntries(s.models).find((x) => x.key === key);
  if (e?.serverId === undefined) return none(s);
  if (e.work !== undefined) return busy(s, e);
  return runOp(s, e, 'unload', e.serverId);
}

function launch(s: State): Result {
  return withEntry(s, (e) => {
    if (e.work !== undefined) return busy(s, e);
    if (e.model === undefined)
      return none(
        notify(s, 'warn', `${e.name} is not on this disk: only discovered models can be launched`),
      );
    // Known missing: say how to install it rather than start work that cannot
    // succeed; look again, so a binary installed meanwhile serves the next press.
    const bin = s.models.binary;
    if (bin?.found === false)
      return [
        notify(s, 'error', `Cannot launch ${e.name}: ${bin.message}`),
        [{ type: 'checkLauncher' }],
      ];
    const before = s.models.launched;
    const next = notify(
      startWork(s, e, 'launching'),
      'info',
      `Starting mistral.rs for ${e.name}…${before !== undefined ? ` (the server at ${before.url} stops)` : ''} — output in the logs tab`,
    );
    return [next, [{ type: 'launchServer', key: e.key, name: e.name, launch: e.model.launch }]];
  });
}

function embedded(s: State): Result {
  return withEntry(s, (e) => {
    if (e.work !== undefined) return busy(s, e);
    if (e.model === undefined || e.format !== 'gguf')
      return none(
        notify(
          s,
          'warn',
          `Only GGUF files run embedded; ${e.name} is ${e.model === undefined ? 'not on this disk' : (e.format ?? 'not GGUF')}: press s to launch a mistral.rs server instead`,
        ),
      );
    if (s.chat.streaming !== undefined) return none(notify(s, 'warn', BUSY));
    const next = notify(
      startWork(s, e, 'embedding'),
      'info',
      `Loading ${e.name} in-process (node-llama-cpp)…`,
    );
    return [next, [{ type: 'runEmbedded', key: e.key, path: e.model.path }]];
  });
}

function pickModel(s: State): Result {
  const items = allEntries(s.models).map((e) => ({
    label: e.name,
    detail: [statusOf(e), e.format, e.model?.quantization].filter(Boolean).join(' · '),
    aside: e.group,
    value: e.key,
  }));
  const d = pickDialog("Switch the chat's model", { type: 'pickModel' }, items, {
    emptyText: s.models.loaded ? 'No models found.' : 'Still scanning the model folders…',
  });
  return none({ ...s, overlay: { kind: 'dialog', dialog: d } });
}

/** The answer of a dialog the models tab opened. */
export function onDialog(
  s: State,
  purpose: 'filterModels' | 'pickModel',
  value: DialogValue,
  _now: string,
): Result {
  if (purpose === 'filterModels') {
    if (value.kind !== 'text') return none(s);
    return none(setFilters(s, { filter: value.text.replace(/\s+/g, ' ').trim() }));
  }
  if (value.kind !== 'pick') return none(s);
  const e = allEntries(s.models).find((x) => x.key === value.value);
  return e === undefined ? none(s) : useModel(withModels(s, { selectedKey: e.key }), e);
}

export const modelsCommands: Handlers = {
  'models.up': (s) => none(move(s, -1)),
  'models.down': (s) => none(move(s, 1)),
  'models.top': (s) => none(selectIndex(s, 0)),
  'models.bottom': (s) => none(selectIndex(s, visibleEntries(s).length - 1)),
  'models.use': (s) => withEntry(s, (e) => useModel(s, e)),
  'models.filter': openFilter,
  'models.clear_filter': clearFilters,
  'models.kind': cycleKind,
  'models.format': cycleFormat,
  'models.load': (s) => serverOp(s, 'load'),
  'models.unload': (s) => serverOp(s, 'unload'),
  'models.reload': (s) => serverOp(s, 'reload'),
  'models.launch': launch,
  'models.embedded': embedded,
  'models.details': (s) => none(withModels(s, { details: !s.models.details })),
  'models.refresh': refresh,
  'models.pick': pickModel,
};

export const modelsMouse = {
  wheel: (s: State, rows: number): State => move(s, -rows),
  click: (s: State, index: number): Result => none(selectIndex(s, index)),
};

// --- results reported by the runtime ---------------------------------------

type ModelsAction = Extract<
  Action,
  {
    type:
      | 'inventoryLoaded'
      | 'launcherChecked'
      | 'serverModelsLoaded'
      | 'modelWorkDone'
      | 'backendSwitched'
      | 'launchedExited';
  }
>;

const tabShown = (s: State): boolean => s.sidebarTab === 'models' && sidebarShown(s);

/** Server statuses that are on their way to another (mistral.rs: "reloading"). */
const PASSING = new Set(['reloading', 'loading', 'unloading']);

/** Whether a model in the tab is busy: work of this app in flight, or the server says so. */
export function modelsBusy(s: State): boolean {
  return (
    Object.keys(s.models.work).length > 0 ||
    s.models.server.some((m) => m.status !== undefined && PASSING.has(m.status))
  );
}

/**
 * How often the server's list is asked again while the models tab is on
 * screen, so that its statuses follow the server (a model loaded, unloaded or
 * reloaded elsewhere, or by this app) without a key: often while a model is
 * busy, less otherwise. Undefined when the tab is hidden or no server answers.
 */
export function serverPollMs(s: State): number | undefined {
  if (!tabShown(s) || s.backend.connection !== 'ok') return undefined;
  return modelsBusy(s) ? 1000 : 3000;
}

/** A server-list refresh when the models tab comes into view (the statuses may have changed). */
export function onShown(prev: State, next: State): Effect[] {
  return tabShown(next) && !tabShown(prev) && next.backend.connection === 'ok'
    ? [{ type: 'listServerModels' }]
    : [];
}

/** The remembered model at start, when neither --model nor the config named one. */
export function applyLastModel(s: State, id: string): State {
  if (s.backend.model !== ALIAS || id === '' || id === ALIAS) return s;
  return { ...s, backend: { ...s.backend, model: id }, models: { ...s.models, remembered: id } };
}

function serverLoaded(s: State, a: Extract<Action, { type: 'serverModelsLoaded' }>): State {
  let next = withModels(s, {
    server: a.models,
    serverLoaded: true,
    ...(a.memory !== undefined ? { memory: a.memory } : {}),
  });
  const { serverProblem: _p, ...rest } = next.models;
  next = {
    ...next,
    models: a.problem !== undefined ? { ...rest, serverProblem: a.problem } : rest,
  };
  // A remembered model this server does not serve would fail every message.
  const r = s.models.remembered;
  if (r !== undefined && s.backend.model === r && a.problem === undefined && a.models.length > 0) {
    if (!a.models.some((m) => m.id === r)) {
      const { remembered: _r, ...models } = next.models;
      next = notify(
        { ...next, models, backend: { ...next.backend, model: ALIAS } },
        'warn',
        `The last model used (${modelName(s.models.inventory, r)}) is not served at ${s.backend.url ?? s.backend.name}: using the server's default`,
      );
    }
  }
  return next;
}

export function onModelsAction(s: State, a: ModelsAction): Result {
  switch (a.type) {
    case 'inventoryLoaded': {
      const { inventoryProblem: _p, ...rest } = s.models;
      return none({
        ...s,
        models: {
          ...rest,
          inventory: a.models,
          loaded: true,
          ...(a.folders !== undefined ? { folders: a.folders } : {}),
          ...(a.problem !== undefined ? { inventoryProblem: a.problem } : {}),
        },
      });
    }
    case 'launcherChecked':
      return none(withModels(s, { binary: a.binary }));
    case 'serverModelsLoaded':
      // A list that failed while the server counted as up: ask /health again
      // (the dot must not say "connected" to a server that stopped answering).
      return [
        serverLoaded(s, a),
        a.problem !== undefined && s.backend.connection === 'ok' ? [{ type: 'checkHealth' }] : [],
      ];
    case 'modelWorkDone': {
      const { [a.key]: _done, ...work } = s.models.work;
      // The server's answer is its status now: messages are held back (or let
      // through) from this moment, not from the next list.
      const m = a.model;
      const server =
        m === undefined
          ? s.models.server
          : s.models.server.map((x) => (x.id === m.id ? { ...x, status: m.status } : x));
      const next = notify(withModels(s, { work, server }), a.ok ? 'info' : 'error', a.text);
      return [next, [{ type: 'listServerModels' }]];
    }
    case 'backendSwitched': {
      const { remembered: _r, launched: _l, ...models } = s.models;
      const next: State = {
        ...s,
        backend: {
          name: a.name,
          kind: a.kind,
          ...(a.url !== undefined ? { url: a.url } : {}),
          model: a.model,
          connection: 'ok',
        },
        models: {
          ...models,
          server: [],
          serverLoaded: false,
          ...(a.launched !== undefined ? { launched: a.launched } : {}),
        },
      };
      const effects: Effect[] = [
        { type: 'checkHealth' },
        { type: 'listServerModels' },
        { type: 'saveSetting', key: 'chat.last_model', value: a.model },
      ];
      return [next, effects];
    }
    case 'launchedExited': {
      const { launched: _l, ...models } = s.models;
      return [notify({ ...s, models }, 'error', a.text), [{ type: 'checkHealth' }]];
    }
  }
}
