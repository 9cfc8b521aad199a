// Builds the model browser's ports for the TUI (domain/ports.ts ModelPorts):
// the inventory (scanned and watched by the runtime), the launcher (found
// and loaded only when a server is first launched) and the backends a launch
// or an embedded run switches to. Part of the composition root.
import type { AppPaths } from './config/paths.js';
import type { Effective } from './config/effective.js';
import type { BackendProfile } from './config/schema.js';
import type { ChatBackend } from './domain/backend.js';
import type { Logger } from './domain/log.js';
import type { SessionStore } from './domain/store.js';
import type { LauncherEvent, LauncherPort, ModelPorts } from './domain/ports.js';
import type { ServerLauncher } from './services/launcher/launcher.js';
import { createBackend } from './services/backends/index.js';
import type { InventoryService } from './services/inventory/index.js';

export interface ModelPortsInput {
  readonly effective: Effective;
  readonly paths: AppPaths;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly home: string;
  readonly cwd: string;
  readonly store?: SessionStore;
  readonly logger: Logger;
}

export interface OwnedModelPorts {
  readonly ports: ModelPorts;
  /** Stops the launched server, the folder watchers and every backend made here. */
  close(): Promise<void>;
}

function launcherPort(i: ModelPortsInput): LauncherPort & { stop(): Promise<void> } {
  const l = i.effective.config.launcher;
  let launcher: ServerLauncher | undefined;
  let off: (() => void) | undefined;
  let binary: string | undefined;
  return {
    async find() {
      const { findMistralrs } = await import('./services/launcher/find-binary.js');
      const found = findMistralrs(l.binary, i.env);
      if (found.found) binary = found.path;
      if (found.found) return { found: true, path: found.path };
      const set = l.binary !== undefined && l.binary !== '';
      return { found: false, message: found.message, ...(set ? { configured: l.binary } : {}) };
    },
    async start(spec, onEvent: (e: LauncherEvent) => void) {
      if (binary === undefined) throw new Error('find the mistralrs binary first');
      if (launcher === undefined) {
        const { ServerLauncher } = await import('./services/launcher/launcher.js');
        launcher = new ServerLauncher({
          binary,
          host: l.host,
          portMin: l.port_min,
          portMax: l.port_max,
          startupTimeoutMs: l.startup_timeout_s * 1000,
          stopGraceMs: l.stop_grace_ms,
          ui: l.ui,
          logger: i.logger,
        });
      }
      // Stop the old server (its exit is expected) before listening for the new one.
      await launcher.stop();
      off?.();
      off = launcher.on(onEvent);
      const server = await launcher.start(spec);
      return { url: server.url };
    },
    async stop() {
      off?.();
      off = undefined;
      await launcher?.stop();
    },
  };
}

export function createModelPorts(i: ModelPortsInput): OwnedModelPorts {
  let inventory: Promise<InventoryService> | undefined;
  const loadInventory = (): Promise<InventoryService> => {
    inventory ??= import('./services/inventory/index.js').then(
      ({ createInventory, scanConfigFrom }) =>
        createInventory(
          scanConfigFrom({
            config: i.effective.config,
            paths: i.paths,
            env: i.env,
            home: i.home,
            cwd: i.cwd,
          }),
          i.store !== undefined ? { store: i.store, paths: i.paths } : { paths: i.paths },
        ),
    );
    return inventory;
  };
  const launcher = launcherPort(i);
  const made: ChatBackend[] = [];
  // The configured profile's timeouts and threads; no API key (our own server needs none).
  const base: BackendProfile = {
    ...i.effective.backend,
    api_key: undefined,
    api_key_env: undefined,
  };
  const make = (name: string, profile: BackendProfile): ChatBackend => {
    const b = createBackend(name, profile, { env: {}, logger: i.logger });
    made.push(b);
    return b;
  };
  return {
    ports: {
      inventory: loadInventory,
      launcher,
      httpBackend: (url) => make('launched', { ...base, kind: 'mistralrs', url, model: 'default' }),
      embeddedBackend: (modelPath) =>
        make('embedded', { ...base, kind: 'embedded', model: modelPath }),
    },
    async close() {
      await launcher.stop().catch(() => undefined);
      if (inventory !== undefined) await (await inventory).close().catch(() => undefined);
      for (const b of made) await b.close?.().catch(() => undefined);
    },
  };
}
