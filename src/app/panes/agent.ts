// Agent mode's loop in the app (issue 17). A reply that ends with tool calls
// starts a round: each call becomes a tool item (its card) and is planned
// (domain/agent/plan.ts): run by a rule, refused by one, or asked about in the
// approval dialog (agent-approval.ts). Calls run as `runTool` effects; when
// every call of the round has settled, the round's tool messages are stored
// and the model is asked again with them, until a reply makes no calls or
// agent.max_steps rounds are done (then the user is asked). Nothing runs
// without an allow rule or the user's yes.
import {
  deniedForModel,
  hintLabels,
  invalidForModel,
  nameTools,
  planCall,
  ruleFor,
} from '../../domain/agent/index.js';
import type { ToolCall } from '../../domain/chat.js';
import type { AgentAction, AgentState, ToolRecord } from '../types/agent.js';
import type { Effect } from '../types/effects.js';
import { type Result, none } from '../types/result.js';
import type { ChatItem, ChatState, State } from '../types/state.js';
import { confirmDialog } from './dialog.js';
import { notify } from './notify.js';
import { cancel, history, replyItem } from './chat.js';
import { finalRequest } from './chat-request.js';
import { chatModel } from './chat-model.js';
import { openApproval } from './agent-approval.js';
import {
  agentOf,
  allTools,
  findItem,
  prettyArgs,
  roundProgress,
  setRecord,
  toolCallsOf,
} from './agent-items.js';

export { offerOf, offeredTools, toolCallsOf, toolOf } from './agent-items.js';

/** A reply finished streaming: its tool calls, if any, start a round. */
export function afterReply(s: State, itemId: string, now: string): Result {
  const a = s.agent;
  if (a === undefined) return none(s);
  const step = (a.nextStep ?? 0) + 1;
  const { nextStep: _n, ...rest } = a;
  let next: State = { ...s, agent: rest };
  const reply = findItem(next, itemId);
  if (reply?.status !== 'complete') return none(next);
  const calls = toolCallsOf(reply);
  if (calls.length === 0) return none(next);
  const tools = allTools(rest);
  const names = nameTools(tools);
  const sessionAllowed = new Set(rest.sessionAllowed);
  const effects: Effect[] = [];
  const added: ChatItem[] = [];
  let seq = next.seq;
  for (const call of calls) {
    const id = `local-${seq++}`;
    const [record, content, run] = planned(
      call,
      { names, tools, rules: rest.rules, sessionAllowed },
      now,
    );
    added.push({
      id,
      role: 'tool',
      content,
      status: 'complete',
      createdAt: now,
      tool: record,
    });
    if (run !== undefined)
      effects.push({ type: 'runTool', itemId: id, ...run, limit: rest.resultLimit });
    if (record.state === 'denied') next = notify(next, 'info', `Denied by a rule: ${record.name}`);
    if (record.state === 'running') next = notify(next, 'info', `Tool started: ${record.name}`);
  }
  const chat: ChatState = { ...next.chat, items: [...next.chat.items, ...added], scroll: 0 };
  next = {
    ...next,
    seq,
    chat,
    agent: { ...rest, round: { replyItemId: itemId, items: added.map((i) => i.id), step } },
  };
  const asking = added.find((i) => i.tool?.state === 'asking');
  if (asking !== undefined) next = openApproval(next, asking.id);
  const [done, fx] = roundProgress(next, now);
  return [done, [...effects, ...fx]];
}

function planned(
  call: ToolCall,
  ctx: Parameters<typeof planCall>[1],
  now: string,
): [
  ToolRecord,
  string,
  { server: string; tool: string; args: Extract<Effect, { type: 'runTool' }>['args'] } | undefined,
] {
  const p = planCall(call, ctx);
  const base = { callId: call.id, name: call.name, arguments: call.arguments };
  switch (p.kind) {
    case 'unknown':
      return [{ ...base, state: 'failed', error: p.message }, p.message, undefined];
    case 'invalid': {
      const text = invalidForModel(p.problems);
      const where = { server: p.tool.server, tool: p.tool.name, hints: hintLabels(p.tool) };
      // A call the user would be asked about: they may fix the arguments first.
      if (ruleFor(ctx.rules, p.tool.server, p.tool.name).rule === 'ask')
        return [{ ...base, ...where, state: 'asking', problems: p.problems }, text, undefined];
      return [{ ...base, ...where, state: 'failed', error: text }, text, undefined];
    }
    default: {
      const record: ToolRecord = {
        ...base,
        arguments: prettyArgs(JSON.stringify(p.args)),
        server: p.tool.server,
        tool: p.tool.name,
        hints: p.hints,
        state: p.kind === 'run' ? 'running' : p.kind === 'deny' ? 'denied' : 'asking',
      };
      if (p.kind === 'ask') return [record, '', undefined];
      const decision = {
        by: p.source === 'session' ? ('session' as const) : ('rule' as const),
        choice: p.kind === 'run' ? ('run' as const) : ('deny' as const),
        rule: p.source,
        at: now,
      };
      if (p.kind === 'deny') return [{ ...record, decision }, deniedForModel('rule'), undefined];
      return [
        { ...record, decision, startedAt: now },
        '',
        { server: p.tool.server, tool: p.tool.name, args: p.args },
      ];
    }
  }
}

/** The round's messages are stored: ask the model again, or stop (Esc, or max_steps: ask first). */
function onSaved(s: State, a: Extract<AgentAction, { kind: 'saved' }>, now: string): Result {
  const items = s.chat.items.map((i) =>
    a.storeIds[i.id] !== undefined ? { ...i, storeId: a.storeIds[i.id] } : i,
  );
  let next: State = { ...s, chat: { ...s.chat, items } };
  const agent = agentOf(next);
  const round = agent.round;
  if (round?.replyItemId !== a.replyItemId) return none(next);
  if (round.stopped === true) {
    const { round: _r, ...rest } = agent;
    return none({ ...next, agent: rest });
  }
  if (round.step >= agent.maxSteps) {
    next = {
      ...next,
      overlay: {
        kind: 'dialog',
        dialog: confirmDialog(
          'Go on?',
          `The model has called tools ${round.step} times in a row (agent.max_steps = ${agent.maxSteps}). Ask it to go on with the results?`,
          { type: 'agentContinue' },
          { confirmLabel: 'Go on' },
        ),
      },
    };
    return none(next);
  }
  return continueTurn(next, now);
}

/** Asks the model again with the round's results (a reply with no user message before it). */
export function continueTurn(s: State, now: string): Result {
  const agent = agentOf(s);
  const round = agent.round;
  if (round === undefined) return none(s);
  const { round: _r, ...rest } = agent;
  const seq = s.seq;
  const replyId = `local-${seq}`;
  const requestId = `request-${seq + 1}`;
  const model = chatModel(s);
  const last = [...s.chat.items].reverse().find((i) => i.storeId !== undefined);
  const chat: ChatState = {
    ...s.chat,
    items: [...s.chat.items, replyItem(replyId, model, now)],
    scroll: 0,
    streaming: { requestId, itemId: replyId },
  };
  const [next, request] = finalRequest(
    { ...s, seq: seq + 2, chat, agent: { ...rest, nextStep: round.step } },
    {
      requestId,
      sessionId: s.chat.sessionId,
      title: s.chat.title ?? 'Tools',
      model,
      messages: history(s.chat.items),
      parentStoreId: last?.storeId,
      userItemId: replyId,
      assistantItemId: replyId,
      continuation: true,
    },
  );
  return [next, [request]];
}

/** The max_steps question: go on, or stop here. */
export function onContinue(s: State, yes: boolean, now: string): Result {
  if (yes) return continueTurn(s, now);
  const agent = agentOf(s);
  const { round: _r, ...rest } = agent;
  return none({ ...s, agent: rest });
}

/** Esc while tools wait or run: running calls are cancelled, waiting ones denied; no further request. */
export function stopRound(s: State, now: string): Result | undefined {
  const round = s.agent?.round;
  if (round === undefined) return undefined;
  let next: State = s;
  const running: string[] = [];
  for (const id of round.items) {
    const r = findItem(next, id)?.tool;
    if (r?.state === 'asking')
      next = setRecord(
        next,
        id,
        (x) => ({
          ...x,
          state: 'cancelled',
          decision: { by: 'user', choice: 'deny', at: now, reason: 'stopped with Esc' },
        }),
        deniedForModel('user', 'stopped with Esc'),
      );
    if (r?.state === 'running') running.push(id);
  }
  const { overlay: _o, ...noOverlay } = next;
  next = {
    ...(next.overlay?.kind === 'dialog' && isAgentDialog(next.overlay.dialog.purpose.type)
      ? noOverlay
      : next),
    agent: { ...agentOf(next), round: { ...round, stopped: true } },
  };
  next = notify(
    next,
    'warn',
    running.length > 0 ? 'Stopping the running tools' : 'Tool calls stopped',
  );
  const [done, fx] = roundProgress(next, now);
  return [
    done,
    [...(running.length > 0 ? [{ type: 'cancelTools' as const, itemIds: running }] : []), ...fx],
  ];
}

export function isAgentDialog(type: string): boolean {
  return ['toolApproval', 'toolDenyReason', 'toolEdit', 'toolAlways', 'agentContinue'].includes(
    type,
  );
}

/** The servers' changes as notifications: connected, failed, closed. */
function serverNotices(
  s: State,
  before: AgentState['servers'],
  after: AgentState['servers'],
): State {
  let next = s;
  for (const x of after) {
    const old = before.find((b) => b.name === x.name);
    if (old?.phase === x.phase) continue;
    if (x.phase === 'connected')
      next = notify(next, 'info', `MCP server ${x.name} connected: ${x.tools.length} tools`);
    else if (x.phase === 'failed')
      next = notify(
        next,
        old?.phase === 'connected' ? 'error' : 'warn',
        `MCP server ${x.name} ${old?.phase === 'connected' ? 'disconnected' : 'failed'}: ${x.lastError ?? 'no reason given'}`,
      );
    else if (x.phase === 'closed' && old?.phase === 'connected')
      next = notify(next, 'warn', `MCP server ${x.name} closed`);
  }
  return next;
}

export function onAgentAction(s: State, a: AgentAction, now: string): Result {
  const agent = s.agent;
  if (agent === undefined) return none(s);
  switch (a.kind) {
    case 'servers':
      return none(
        serverNotices({ ...s, agent: { ...agent, servers: a.servers } }, agent.servers, a.servers),
      );
    case 'progress':
      return none(
        setRecord(s, a.itemId, (r) => (r.state === 'running' ? { ...r, progress: a.progress } : r)),
      );
    case 'finished': {
      let next = setRecord(
        s,
        a.itemId,
        (x) => {
          const { progress: _p, ...rest } = x;
          return {
            ...rest,
            state: a.state,
            endedAt: a.at,
            ...(a.result !== undefined ? { result: a.result } : {}),
            ...(a.error !== undefined ? { error: a.error } : {}),
          };
        },
        a.content,
      );
      const r = findItem(next, a.itemId)?.tool;
      if (r === undefined) return none(next);
      next =
        r.state === 'done'
          ? notify(
              next,
              r.result?.isError === true ? 'warn' : 'info',
              `Tool finished: ${r.name}${r.result?.isError === true ? ' (it reported an error)' : ''}`,
            )
          : notify(next, 'error', `Tool failed: ${r.name}: ${r.error ?? r.state}`);
      return roundProgress(next, now);
    }
    case 'saved':
      return onSaved(s, a, now);
    case 'ruleWritten':
      if (a.error !== undefined)
        return none(notify(s, 'error', `The rule was not written: ${a.error}`));
      return none(
        notify(
          { ...s, agent: { ...agent, rules: { ...agent.rules, [a.key]: 'allow' } } },
          'info',
          `Always allowed ${a.key} (written to ${a.file ?? 'the config'})`,
        ),
      );
  }
}

/** Esc: stops the reply being generated, or a round of tool calls, or goes back to typing. */
export function cancelOrStop(s: State, now: string): Result {
  return (s.chat.streaming === undefined ? stopRound(s, now) : undefined) ?? cancel(s);
}

/**
 * The chat was left (another session, a new chat) while a round waited or
 * ran: its calls are cancelled and the round is dropped, so nothing waits for
 * cards no longer on screen. The reply keeps its calls in the store.
 */
export function dropLeftRound(s: State): Result | undefined {
  const round = s.agent?.round;
  if (round === undefined || s.chat.items.some((i) => i.id === round.replyItemId)) return undefined;
  const { round: _r, nextStep: _n, ...rest } = agentOf(s);
  const { overlay: _o, ...noOverlay } = s;
  const base =
    s.overlay?.kind === 'dialog' && isAgentDialog(s.overlay.dialog.purpose.type) ? noOverlay : s;
  return [
    notify({ ...base, agent: rest }, 'warn', 'Tool calls stopped: their chat was left'),
    [{ type: 'cancelTools', itemIds: round.items }],
  ];
}
