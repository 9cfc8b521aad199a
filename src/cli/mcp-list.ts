// `mistralrs-tui mcp list [--json]`: connects to every configured MCP server
// (once, no retries), prints its state and tools with the rule that applies to
// each, and disconnects. Exit 0 when every enabled server connected, else 1.
// Server text (names, descriptions, errors) is inert on a terminal.
import type { Effective } from '../config/effective.js';
import { mcpServerSpecs } from '../config/mcp.js';
import { hintLabels, ruleFor } from '../domain/agent/rules.js';
import { nameTools } from '../domain/agent/naming.js';
import type { McpServerState } from '../domain/agent/types.js';
import { jsonText } from './inert.js';
import { bold, dim, green, red, shown, yellow, type Out } from './output.js';

export interface McpListContext {
  readonly out: Out;
  readonly err: Out;
  readonly effective: Effective;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly configFile: string;
  readonly version: string;
}

function firstLine(text: string | undefined, max: number): string {
  const line = (text ?? '').split('\n')[0]?.trim() ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export async function runMcpList(ctx: McpListContext, json: boolean): Promise<number> {
  const { out, effective } = ctx;
  const config = effective.config;
  const specs = mcpServerSpecs(config, { env: ctx.env, source: ctx.configFile, cwd: ctx.cwd });
  const disabled = Object.entries(config.mcp.servers)
    .filter(([, s]) => !s.enabled)
    .map(([n]) => n);
  let states: readonly McpServerState[] = [];
  if (specs.length > 0) {
    const { createMcpClients } = await import('../services/agent/index.js');
    const clients = createMcpClients(specs, {
      clientVersion: ctx.version,
      backoff: { maxRetries: 0 },
    });
    clients.start();
    await clients.settled(Math.max(...specs.map((s) => s.timeoutMs), 30_000));
    states = clients.servers();
    await clients.close();
  }
  const names = nameTools(states.flatMap((s) => s.tools));
  const rules = config.agent.rules;
  const ok = states.every((s) => s.phase === 'connected');
  if (json) {
    out.write(
      `${jsonText(
        {
          agent: { enabled: config.agent.enabled },
          servers: [
            ...states.map((s) => ({
              name: s.name,
              transport: s.transport,
              state: s.phase,
              ...(s.lastError !== undefined ? { error: s.lastError } : {}),
              ...(s.serverInfo ? { server: s.serverInfo } : {}),
              tools: s.tools.map((t) => {
                const rule = ruleFor(rules, s.name, t.name);
                return {
                  name: t.name,
                  function: names.nameOf(s.name, t.name),
                  ...(t.description !== undefined ? { description: t.description } : {}),
                  ...(t.annotations ? { annotations: t.annotations } : {}),
                  rule: rule.rule,
                  ruleSource: rule.source,
                  inputSchema: t.inputSchema,
                };
              }),
            })),
            ...disabled.map((name) => ({ name, state: 'disabled', tools: [] })),
          ],
        },
        2,
      )}\n`,
    );
    return ok ? 0 : 1;
  }
  if (states.length === 0 && disabled.length === 0) {
    out.write(
      'No MCP servers are configured.\nAdd [mcp.servers.NAME] tables to the config, or import them: mistralrs-tui mcp import FILE\n',
    );
    return 0;
  }
  for (const s of states) {
    const phase =
      s.phase === 'connected'
        ? green(out, 'connected')
        : red(out, s.phase === 'failed' ? 'failed' : s.phase);
    const info = s.serverInfo
      ? dim(out, ` ${shown(out, `${s.serverInfo.name} ${s.serverInfo.version}`)}`)
      : '';
    const count =
      s.phase === 'connected' ? `  ${s.tools.length} tool${s.tools.length === 1 ? '' : 's'}` : '';
    out.write(`${bold(out, shown(out, s.name))}  ${phase}  ${s.transport}${count}${info}\n`);
    if (s.lastError !== undefined)
      out.write(`  ${red(out, 'error:')} ${shown(out, s.lastError)}\n`);
    const width = Math.max(0, ...s.tools.map((t) => t.name.length));
    for (const t of s.tools) {
      const rule = ruleFor(rules, s.name, t.name);
      const ruleText =
        rule.rule === 'allow'
          ? green(out, 'allow')
          : rule.rule === 'deny'
            ? red(out, 'deny')
            : yellow(out, 'ask');
      const hints = hintLabels(t);
      out.write(
        `  ${shown(out, t.name.padEnd(width))}  ${ruleText}${rule.source === 'default' ? '' : dim(out, ` (${shown(out, rule.source)})`)}  ${shown(out, firstLine(t.description, 70))}${hints.length > 0 ? dim(out, ` [${hints.join(', ')}]`) : ''}\n`,
      );
    }
  }
  for (const name of disabled)
    out.write(`${bold(out, shown(out, name))}  ${dim(out, 'disabled')}\n`);
  if (!config.agent.enabled)
    out.write(
      dim(
        out,
        '\nAgent mode is off: turn it on with --agent, or [agent] enabled = true in the config.\n',
      ),
    );
  return ok ? 0 : 1;
}
