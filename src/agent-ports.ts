// Agent mode's services for the TUI (part of the composition root). With agent
// mode off this module is never loaded (main.ts imports it only when it is
// on), so neither the MCP SDK nor any server process starts. With it on, the
// servers connect in the background — start-up does not wait — and their
// stderr, log notifications and state changes go to the log (and so to the
// logs tab). The app half of issue 17 takes `clients` and `rules` as ports.
import type { Effective } from './config/effective.js';
import { mcpServerSpecs } from './config/mcp.js';
import type { McpClients, RuleWriter } from './domain/agent/types.js';
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

/** Throws ConfigError when a server names an unset ${VAR}. */
export async function startAgent(input: AgentPortsInput): Promise<AgentPorts> {
  const specs = mcpServerSpecs(input.effective.config, {
    env: input.env,
    source: input.configFile,
    cwd: input.cwd,
  });
  const { createMcpClients, configRuleWriter } = await import('./services/agent/index.js');
  const clients = createMcpClients(specs, { clientVersion: input.version });
  const log = input.logger.child({ component: 'mcp' });
  const off = clients.subscribe((e) => {
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
  clients.start();
  return {
    clients,
    rules: configRuleWriter(input.configFile),
    close: async () => {
      off();
      await clients.close();
    },
  };
}
