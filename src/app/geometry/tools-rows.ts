// The Tools tab's rows (issue 17): agent mode's MCP servers with their state,
// tool count and last error; each tool with its description, its input schema
// in short and the rule that applies; then the tools mistral.rs runs itself
// (its /v1/models `tools_available` and `mcp_tools_count`) and the chat's
// web-search switch. Measured here so the reducer can clamp the tab's scroll.
import { ruleFor, ruleKey, hintLabels } from '../../domain/agent/index.js';
import type { JsonObject, McpServerState } from '../../domain/agent/types.js';
import { type Line, type Theme, line, span, wrapLines } from '../../tui/index.js';
import type { State } from '../types/state.js';

const PHASE_MARK: Readonly<Record<McpServerState['phase'], string>> = {
  connected: '●',
  connecting: '◌',
  failed: '✗',
  closed: '○',
};

/** A schema's properties in short: `name: type` per line, `*` for required ones. */
export function schemaSummary(schema: JsonObject): string[] {
  const props = schema.properties;
  if (typeof props !== 'object' || props === null || Array.isArray(props))
    return ['(no arguments)'];
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  const out: string[] = [];
  for (const [name, v] of Object.entries(props)) {
    const o: Readonly<Record<string, unknown>> =
      typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonObject) : {};
    const t = Array.isArray(o.type)
      ? o.type.map(String).join('|')
      : typeof o.type === 'string'
        ? o.type
        : Array.isArray(o.enum)
          ? 'enum'
          : 'any';
    out.push(`${name}${required.has(name) ? '*' : ''}: ${t}`);
  }
  return out.length > 0 ? out : ['(no arguments)'];
}

/** Every row of the Tools tab at `width`. */
export function toolsRows(s: State, width: number, theme: Theme): Line[] {
  const w = Math.max(1, width);
  const out: Line[] = [];
  const push = (text: string, style = theme.text, indent = 0): void => {
    const pad = ' '.repeat(indent);
    for (const l of wrapLines([line(span(text, style))], Math.max(1, w - indent)))
      out.push(indent > 0 ? line(span(pad), ...l.spans) : l);
  };
  const a = s.agent;
  if (a === undefined) {
    push('Agent mode is off.', theme['text.strong']);
    push(
      'Start with --agent, or set [agent] enabled = true in the config, to let the model call MCP tools (each call approved by a rule or by you).',
      theme['text.dim'],
    );
  } else {
    const tools = a.servers.reduce((n, x) => n + (x.phase === 'connected' ? x.tools.length : 0), 0);
    push(`Agent mode on · ${a.servers.length} servers · ${tools} tools`, theme['text.strong']);
    if (a.servers.length === 0)
      push(
        'No [mcp.servers.NAME] in the config: `mistralrs-tui mcp import FILE` converts an mcpServers JSON.',
        theme['text.dim'],
      );
    // The servers at a glance first, then each one's tools.
    for (const x of a.servers) {
      const style =
        x.phase === 'connected'
          ? theme['status.ok']
          : x.phase === 'failed'
            ? theme['status.error']
            : theme['status.warn'];
      out.push(
        line(
          span(`${PHASE_MARK[x.phase]} `, style),
          span(x.name, theme['text.strong']),
          span(` ${x.transport} · ${x.phase} · ${x.tools.length} tools`, theme['text.dim']),
        ),
      );
      if (x.lastError !== undefined) push(`last error: ${x.lastError}`, theme['status.error'], 2);
    }
    if (a.servers.some((x) => x.phase !== 'connected'))
      push('r connects them again now', theme['text.dim']);
    for (const x of a.servers) {
      if (x.tools.length === 0) continue;
      out.push(line());
      push(`${x.name}: tools`, theme['text.strong']);
      for (const t of x.tools) {
        const r = ruleFor(a.rules, t.server, t.name);
        const session = r.rule === 'ask' && a.sessionAllowed.includes(ruleKey(t.server, t.name));
        const rule = session
          ? 'allow (this session)'
          : `${r.rule}${r.source === 'default' ? ' (default)' : ` (${r.source})`}`;
        const hints = hintLabels(t);
        out.push(
          line(
            span('  '),
            span(t.name, theme['text.accent']),
            span(
              ` ${rule}`,
              r.rule === 'deny'
                ? theme['status.error']
                : r.rule === 'allow' || session
                  ? theme['status.ok']
                  : theme['text.dim'],
            ),
          ),
        );
        if (hints.length > 0) push(hints.join(', '), theme['status.warn'], 4);
        if (t.description !== undefined && t.description !== '') push(t.description, theme.text, 4);
        for (const p of schemaSummary(t.inputSchema)) push(p, theme['text.dim'], 4);
      }
    }
  }
  out.push(line());
  push('Server-side tools (mistral.rs)', theme['text.strong']);
  const reporting = s.models.server.filter(
    (m) => m.toolsAvailable !== undefined || m.mcpToolsCount !== undefined,
  );
  if (reporting.length === 0)
    push(
      'The server reports none (mistralrs serve --mcp-config, --enable-search).',
      theme['text.dim'],
      2,
    );
  for (const m of reporting)
    push(
      `${m.id}: ${m.toolsAvailable === true ? 'tools available' : 'no tools'}${m.mcpToolsCount !== undefined ? ` · ${m.mcpToolsCount} MCP tools` : ''}`,
      theme.text,
      2,
    );
  push(
    `Web search for this chat: ${s.chat.webSearch === true ? 'on' : 'off'} (w switches)`,
    s.chat.webSearch === true ? theme['status.ok'] : theme['text.dim'],
    2,
  );
  return out;
}
