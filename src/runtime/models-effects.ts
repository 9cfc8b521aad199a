// Runs the model browser's effects: scanning the model folders (and
// watching them), asking the backend for its models and the free memory,
// load/unload/reload on the server, launching a mistral.rs server, and
// loading a GGUF in-process. The last two replace the app's backend at run
// time (the host swaps it and closes the old one).
import os from 'node:os';
import type { Action, Effect, FreeMemory } from '../app/index.js';
import type { ChatBackend, SystemInfo } from '../domain/backend.js';
import type { Logger } from '../domain/log.js';
import type { LauncherEvent, ModelPorts } from '../domain/ports.js';

export type ModelsEffect = Extract<
  Effect,
  {
    type:
      | 'scanModels'
      | 'checkLauncher'
      | 'listServerModels'
      | 'modelOp'
      | 'launchServer'
      | 'runEmbedded';
  }
>;

export interface ModelsHost {
  dispatch(a: Action): void;
  /** The backend the app talks to now. */
  backend(): ChatBackend;
  /** Makes `next` the app's backend; the old one is closed once its replies end. */
  replaceBackend(next: ChatBackend): void;
}

const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Progress toasts from a starting server: at most one per this many ms. */
const PROGRESS_EVERY_MS = 1500;

/** Free memory: the server's devices and RAM when it says, else this machine's RAM. */
export function freeMemory(info: SystemInfo | undefined): FreeMemory {
  if (info === undefined) return { ramFree: os.freemem(), ramTotal: os.totalmem(), from: 'local' };
  const gpus = info.devices.filter(
    (d) => d.kind.toLowerCase() !== 'cpu' && d.availableMemoryBytes !== undefined,
  );
  const sum = (xs: readonly (number | undefined)[]) => xs.reduce<number>((a, b) => a + (b ?? 0), 0);
  return {
    ...(gpus.length > 0
      ? {
          vramFree: sum(gpus.map((d) => d.availableMemoryBytes)),
          vramTotal: sum(gpus.map((d) => d.totalMemoryBytes)),
        }
      : {}),
    ...(info.memoryAvailableBytes !== undefined ? { ramFree: info.memoryAvailableBytes } : {}),
    ...(info.memoryTotalBytes !== undefined ? { ramTotal: info.memoryTotalBytes } : {}),
    from: 'server',
  };
}

export class ModelsRunner {
  private watching = false;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly ports: ModelPorts | undefined,
    private readonly host: ModelsHost,
    private readonly logger: Logger,
  ) {}

  async exec(e: ModelsEffect): Promise<void> {
    switch (e.type) {
      case 'scanModels':
        return this.scan(e.refresh);
      case 'checkLauncher':
        return this.checkLauncher();
      case 'listServerModels':
        return this.listServer();
      case 'modelOp':
        return this.modelOp(e);
      case 'launchServer':
        return this.launch(e);
      case 'runEmbedded':
        return this.embedded(e);
    }
  }

  /** Reports whether the mistralrs binary is there (the welcome says how to install it if not). */
  private async checkLauncher(): Promise<void> {
    const lp = this.ports?.launcher;
    if (lp === undefined) return;
    try {
      const bin = await lp.find();
      this.host.dispatch({
        type: 'launcherChecked',
        binary: bin.found ? { found: true, path: bin.path } : bin,
      });
    } catch (err) {
      this.logger.warn('looking for mistralrs failed', { error: errText(err) });
    }
  }

  private async scan(refresh: boolean): Promise<void> {
    // Cheap (a stat per PATH folder), and a rescan is when a user who just installed it looks.
    await this.checkLauncher();
    let inv;
    try {
      inv = await this.ports?.inventory?.();
    } catch (err) {
      this.host.dispatch({
        type: 'inventoryLoaded',
        models: [],
        problem: `Model discovery could not start: ${errText(err)}`,
      });
      return;
    }
    if (inv === undefined) {
      this.host.dispatch({
        type: 'inventoryLoaded',
        models: [],
        problem: 'Model discovery is off.',
      });
      return;
    }
    try {
      const r = await inv.scan({ refresh });
      const n = r.warnings.length;
      this.host.dispatch({
        type: 'inventoryLoaded',
        models: r.models,
        folders: r.folders,
        ...(n > 0
          ? {
              problem: `${n} ${n === 1 ? 'file' : 'files'} could not be read (mistralrs-tui models says why)`,
            }
          : {}),
      });
    } catch (err) {
      this.logger.warn('model scan failed', { error: errText(err) });
      this.host.dispatch({
        type: 'inventoryLoaded',
        models: inv.list(),
        problem: `Scanning the model folders failed: ${errText(err)}`,
      });
    }
    if (!this.watching) {
      this.watching = true;
      // Models added or removed while the app runs show up without a key press.
      this.unsubscribe = inv.subscribe((ev) => {
        if (ev.type === 'inventory.updated')
          this.host.dispatch({
            type: 'inventoryLoaded',
            models: ev.result.models,
            folders: ev.result.folders,
          });
        else if (ev.type === 'inventory.error')
          this.host.dispatch({ type: 'notice', level: 'warn', text: ev.message });
      });
      inv.watch();
    }
  }

  private async listServer(): Promise<void> {
    const b = this.host.backend();
    let info: SystemInfo | undefined;
    try {
      info = b.systemInfo === undefined ? undefined : await b.systemInfo();
    } catch {
      info = undefined;
    }
    const memory = freeMemory(info);
    try {
      const models = await b.listModels();
      this.host.dispatch({ type: 'serverModelsLoaded', models, memory });
    } catch (err) {
      this.host.dispatch({
        type: 'serverModelsLoaded',
        models: [],
        memory,
        problem: `${b.name} did not list its models: ${errText(err)}`,
      });
    }
  }

  private async modelOp(e: Extract<Effect, { type: 'modelOp' }>): Promise<void> {
    const b = this.host.backend();
    const done = (ok: boolean, text: string, status?: string) => {
      this.host.dispatch({
        type: 'modelWorkDone',
        key: e.key,
        ok,
        text,
        ...(status !== undefined ? { model: { id: e.modelId, status } } : {}),
      });
    };
    // Bound here: the backend's methods use `this`.
    const fn =
      e.op === 'load'
        ? b.loadModel?.bind(b)
        : e.op === 'unload'
          ? b.unloadModel?.bind(b)
          : b.reloadModel?.bind(b);
    if (fn === undefined) {
      done(false, `The ${b.kind} backend "${b.name}" cannot ${e.op} models (mistral.rs can)`);
      return;
    }
    try {
      if (b.kind === 'mistralrs') {
        const caps = await b.capabilities();
        if (!caps.modelManagement) {
          done(
            false,
            `${b.name} does not report model status, so it cannot ${e.op} models: is it mistral.rs 0.8 or newer?`,
          );
          return;
        }
      }
      const r = await fn(e.modelId);
      const want = e.op === 'unload' ? 'unloaded' : 'loaded';
      const ok = r.status === want;
      done(
        ok,
        `${e.modelId}: ${r.status}${r.error !== undefined ? ` — ${r.error}` : ''}`,
        r.status,
      );
    } catch (err) {
      done(false, `${e.op} ${e.modelId} failed: ${errText(err)}`);
    }
  }

  private async launch(e: Extract<Effect, { type: 'launchServer' }>): Promise<void> {
    const done = (ok: boolean, text: string) => {
      this.host.dispatch({ type: 'modelWorkDone', key: e.key, ok, text });
    };
    const lp = this.ports?.launcher;
    if (lp === undefined || this.ports === undefined) {
      done(false, 'Launching servers is not available in this run');
      return;
    }
    const bin = await lp.find();
    this.host.dispatch({
      type: 'launcherChecked',
      binary: bin.found ? { found: true, path: bin.path } : bin,
    });
    if (!bin.found) {
      done(false, bin.message);
      return;
    }
    const ready = { yes: false };
    let lastProgress = 0;
    const onEvent = (ev: LauncherEvent): void => {
      switch (ev.type) {
        case 'starting':
          // The logs tab shows the command line first, for copying or for a bug report.
          this.host.dispatch({
            type: 'serverLine',
            stream: 'stdout',
            text: `$ mistralrs ${ev.argv.join(' ')}`,
          });
          return;
        case 'line':
          this.host.dispatch({ type: 'serverLine', stream: ev.stream, text: ev.text });
          return;
        case 'queue':
          this.host.dispatch({ type: 'serverQueue', running: ev.running, waiting: ev.waiting });
          return;
        case 'progress': {
          const now = Date.now();
          if (ready.yes || now - lastProgress < PROGRESS_EVERY_MS) return;
          lastProgress = now;
          this.host.dispatch({ type: 'notice', level: 'info', text: `${e.name}: ${ev.message}` });
          return;
        }
        case 'exited':
          if (ready.yes && !ev.expected) {
            const last = ev.lastLines.at(-1);
            this.host.dispatch({
              type: 'launchedExited',
              text: `The mistral.rs server for ${e.name} exited (${ev.signal ?? `code ${String(ev.code)}`})${last !== undefined ? `: ${last}` : ''} — the logs tab has its output`,
            });
          }
          return;
        default:
          return;
      }
    };
    try {
      const started = Date.now();
      const server = await lp.start(e.launch, onEvent);
      ready.yes = true;
      const backend = this.ports.httpBackend(server.url);
      const models = await backend.listModels().catch(() => []);
      const model = models.find((m) => m.id !== 'default')?.id ?? 'default';
      this.host.replaceBackend(backend);
      this.host.dispatch({
        type: 'backendSwitched',
        name: 'launched',
        kind: backend.kind,
        url: server.url,
        model,
        launched: { modelId: model, url: server.url },
      });
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      done(true, `mistral.rs serves ${e.name} at ${server.url} (ready in ${secs} s)`);
    } catch (err) {
      this.logger.warn('launch failed', { model: e.name, error: errText(err) });
      done(false, `Launching ${e.name} failed: ${errText(err)}`);
    }
  }

  private async embedded(e: Extract<Effect, { type: 'runEmbedded' }>): Promise<void> {
    const done = (ok: boolean, text: string) => {
      this.host.dispatch({ type: 'modelWorkDone', key: e.key, ok, text });
    };
    if (this.ports === undefined) {
      done(false, 'The embedded backend is not available in this run');
      return;
    }
    const backend = this.ports.embeddedBackend(e.path);
    try {
      // node-llama-cpp reads the weights on its own threads: the UI stays live.
      const r = await backend.loadModel?.(e.path);
      if (r !== undefined && r.status !== 'loaded')
        throw new Error(`the model is ${r.status}${r.error !== undefined ? `: ${r.error}` : ''}`);
    } catch (err) {
      await backend.close?.().catch(() => undefined);
      done(false, `Running ${e.path} embedded failed: ${errText(err)}`);
      return;
    }
    this.host.replaceBackend(backend);
    this.host.dispatch({
      type: 'backendSwitched',
      name: 'embedded',
      kind: 'embedded',
      model: e.path,
    });
    done(true, `Running ${e.path} in-process`);
  }

  /** Stops watching the model folders. */
  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}

const MODEL_EFFECTS = new Set<string>([
  'scanModels',
  'checkLauncher',
  'listServerModels',
  'modelOp',
  'launchServer',
  'runEmbedded',
]);

export function isModelsEffect(e: Effect): e is ModelsEffect {
  return MODEL_EFFECTS.has(e.type);
}
