// Agent mode's tool items: finding and changing a call's card in the chat,
// reading the calls a reply made, and storing a round once it has settled.
// Shared by the loop (agent.ts) and the approval dialog (agent-approval.ts).
import { type McpTool, offerTools, ruleFor } from '../../domain/agent/index.js';
import type { ToolSpec } from '../../domain/chat.js';
import { type AgentState, type ToolMessage, type ToolRecord, isSettled } from '../types/agent.js';
export { isSettled, recordFromJson, toolCallsOf } from '../types/agent.js';
import { type Result, none } from '../types/result.js';
import type { ChatItem, State } from '../types/state.js';

/** Arguments as the card and the dialog show them: JSON pretty-printed, or the text as written. */
export function prettyArgs(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text === '' ? '{}' : text), null, 2);
  } catch {
    return text;
  }
}

export function agentOf(s: State): AgentState {
  if (s.agent === undefined) throw new Error('agent mode is off');
  return s.agent;
}

export function findItem(s: State, id: string): ChatItem | undefined {
  return s.chat.items.find((i) => i.id === id);
}

/** The state with tool item `id`'s record changed (and the text for the model, when given). */
export function setRecord(
  s: State,
  id: string,
  f: (r: ToolRecord) => ToolRecord,
  content?: string,
): State {
  const items = s.chat.items.map((i) =>
    i.id === id && i.tool !== undefined
      ? { ...i, tool: f(i.tool), ...(content !== undefined ? { content } : {}) }
      : i,
  );
  return { ...s, chat: { ...s.chat, items } };
}

export function allTools(a: AgentState): McpTool[] {
  return a.servers.flatMap((x) => (x.phase === 'connected' ? x.tools : []));
}

/** The tool a record names, if its server still offers it. */
export function toolOf(a: AgentState, r: ToolRecord): McpTool | undefined {
  return allTools(a).find((t) => t.server === r.server && t.name === r.tool);
}

/** Once no call of the round waits or runs: store the round's tool messages. */
export function roundProgress(s: State, _now: string): Result {
  const round = s.agent?.round;
  if (round === undefined || round.saving === true) return none(s);
  const items = round.items.map((id) => findItem(s, id));
  if (!items.every((i) => i?.tool !== undefined && isSettled(i.tool.state))) return none(s);
  const reply = findItem(s, round.replyItemId);
  const messages: ToolMessage[] = items.flatMap((i) =>
    i?.tool === undefined
      ? []
      : [{ itemId: i.id, content: i.content, name: i.tool.name, record: i.tool }],
  );
  const next: State = { ...s, agent: { ...agentOf(s), round: { ...round, saving: true } } };
  return [
    next,
    [
      {
        type: 'saveToolMessages',
        sessionId: s.chat.sessionId,
        parentStoreId: reply?.storeId,
        replyItemId: round.replyItemId,
        messages,
      },
    ],
  ];
}

/** The tools of connected servers, less those a deny rule blocks (the model need not see them). */
export function offeredTools(a: AgentState): McpTool[] {
  const out: McpTool[] = [];
  for (const server of a.servers) {
    if (server.phase !== 'connected') continue;
    for (const t of server.tools)
      if (ruleFor(a.rules, t.server, t.name).rule !== 'deny') out.push(t);
  }
  return out;
}

/** The `tools` of a request: undefined when agent mode is off or no tool is on offer. */
export function offerOf(s: State): readonly ToolSpec[] | undefined {
  if (s.agent === undefined) return undefined;
  const specs = offerTools(offeredTools(s.agent)).specs;
  return specs.length > 0 ? specs : undefined;
}
