// Agent mode's services for the TUI (part of the composition root). With agent
// mode off this module is never loaded (main.ts imports it only when it is
// on), so neither the MCP SDK nor any server process starts. With it on, the
// port exists at once, and the SDK is loaded and the servers connected in the
// background, so start-up does not wait for either. Their stderr, log
// notifications and state changes go to the log (and so to the logs tab).
// The runtime takes `clients` and `rules` as AppPorts.agent and starts the
// clients once the first frame is out (AppLoop.start).
import type { Effective } from './config/effective.js';
import { mcpServerSpecs } from './config/mcp.js';
import type {
  AgentEvent,
  McpClients,
  McpServerSpec,
  McpServerState,
  RuleWriter,
} from './domain/agent/types.js';
import type { Logger } from './domain/log.js';

export interface AgentPorts {
  readonly clients: McpClients;
  /** "Always allow": writes [agent.rules] in the config file. */
  readonly rules: RuleWriter;
  close(): Promise<void>;
}

export interface AgentPortsInput {
  readonly effective: Effective;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** The config file read, or the one a rule would be written to. */
  readonly configFile: string;
  readonly logger: Logger;
  readonly version: string;
}

/**
 * McpClients that load the SDK on start(): until it has loaded, every server
 * reads "connecting" and calls wait for it.
 */
class LazyClients implements McpClients {
  private real: McpClients | undefined;
  private loading: Promise<McpClients> | undefined;
  private readonly listeners = new Set<(e: AgentEvent) => void>();
  /** Closed before (or while) the SDK loaded: nothing may start afterwards. */
  private closed = false;

  constructor(
    private readonly specs: readonly McpServerSpec[],
    private readonly version: string,
    private readonly onLoadError: (e: unknown) => void,
  ) {}

  private load(): Promise<McpClients> {
    this.loading ??= import('./services/agent/index.js').then((m) => {
      const real = m.createMcpClients(this.specs, { clientVersion: this.version });
      real.subscribe((e) => {
        for (const l of this.listeners) l(e);
      });
      this.real = real;
      return real;
    });
    return this.loading;
  }

  start(): void {
    if (this.closed) return;
    this.load().then(
      (real) => {
        // The app may have quit while the SDK loaded (Ctrl+C on the first frame).
        if (!this.closed) real.start();
      },
      (e: unknown) => {
        this.onLoadError(e);
      },
    );
  }

  servers(): readonly McpServerState[] {
    return (
      this.real?.servers() ??
      this.specs.map((s) => ({
        name: s.name,
        transport: s.kind,
        phase: 'connecting' as const,
        tools: [],
        attempts: 0,
      }))
    );
  }

  tools(): ReturnType<McpClients['tools']> {
    return this.real?.tools() ?? [];
  }

  subscribe(listener: (event: AgentEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async settled(timeoutMs?: number): Promise<void> {
    await (await this.load()).settled(timeoutMs);
  }

  async callTool(...args: Parameters<McpClients['callTool']>): ReturnType<McpClients['callTool']> {
    return (await this.load()).callTool(...args);
  }

  reconnect(server: string): void {
    this.real?.reconnect(server);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    if (this.loading) await (await this.loading.catch(() => undefined))?.close();
  }
}

/** Throws ConfigError when a server names an unset ${VAR}; loads nothing and starts nothing. */
export function prepareAgent(input: AgentPortsInput): AgentPorts {
  const specs = mcpServerSpecs(input.effective.config, {
    env: input.env,
    source: input.configFile,
    cwd: input.cwd,
  });
  const log = input.logger.child({ component: 'mcp' });
  const clients = new LazyClients(specs, input.version, (e) => {
    log.error('cannot load the MCP client', { error: e instanceof Error ? e.message : String(e) });
  });
  clients.subscribe((e) => {
    switch (e.type) {
      case 'mcp.log':
        log[e.level](e.line, { server: e.server });
        break;
      case 'mcp.state': {
        const s = e.server;
        if (s.phase === 'connected')
          log.info('server connected', {
            server: s.name,
            transport: s.transport,
            tools: s.tools.length,
            pid: s.pid,
          });
        else if (s.phase === 'failed')
          log.warn('server failed', {
            server: s.name,
            error: s.lastError,
            attempts: s.attempts,
            retryAt: s.retryAt,
          });
        break;
      }
      case 'mcp.tools':
        log.debug('tools', { server: e.server, tools: e.tools.map((t) => t.name) });
        break;
    }
  });
  log.info('agent mode on', { servers: specs.map((s) => s.name) });
  return {
    clients,
    rules: {
      setRule: async (key, rule) => {
        const { configRuleWriter } = await import('./services/agent/rule-writer.js');
        return configRuleWriter(input.configFile).setRule(key, rule);
      },
    },
    close: () => clients.close(),
  };
}
