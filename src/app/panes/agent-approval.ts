// The approval dialog of agent mode: a call a rule says "ask" about waits here
// with its complete arguments. Run once; allow the tool for this session;
// always allow (written to the config after a confirmation, which starts on
// Cancel for a tool not marked read-only); deny, with an optional reason the
// model is told; or edit the arguments first (checked against the tool's
// schema). With several calls waiting, all can be run or denied at once.
import {
  deniedForModel,
  parseArguments,
  ruleKey,
  type JsonObject,
} from '../../domain/agent/index.js';
import type { ToolDecision } from '../types/agent.js';
import type { Dialog, DialogValue, PickItem } from '../types/dialog.js';
import type { Effect } from '../types/effects.js';
import type { AgentPurpose } from '../types/purposes.js';
import { type Result, none } from '../types/result.js';
import type { State } from '../types/state.js';
import { confirmDialog, pickDialog, promptDialog, withError } from './dialog.js';
import { notify } from './notify.js';
import { agentOf, findItem, prettyArgs, roundProgress, setRecord, toolOf } from './agent-items.js';

/** Calls of the round still waiting for the user, in order. */
function waiting(s: State): string[] {
  const round = s.agent?.round;
  if (round === undefined) return [];
  return round.items.filter((id) => findItem(s, id)?.tool?.state === 'asking');
}

/** Opens the approval dialog for call `itemId`. */
export function openApproval(s: State, itemId: string): State {
  const r = findItem(s, itemId)?.tool;
  if (r === undefined) return s;
  if (r.problems !== undefined) return openInvalid(s, itemId);
  const others = waiting(s).length - 1;
  const hints = r.hints !== undefined && r.hints.length > 0 ? ` · ${r.hints.join(', ')}` : '';
  const items: PickItem[] = [
    { label: 'Run once', value: 'once' },
    {
      label: 'Allow for this session',
      detail: `${r.name} runs without asking until you quit`,
      value: 'session',
    },
    { label: 'Always allow', detail: 'written to [agent.rules] in the config', value: 'always' },
    { label: 'Deny', detail: 'with an optional reason for the model', value: 'deny' },
    { label: 'Edit the arguments, then run', value: 'edit' },
  ];
  if (others > 0)
    items.push(
      { label: `Run all ${others + 1} waiting calls once`, value: 'allOnce' },
      { label: `Deny all ${others + 1} waiting calls`, value: 'denyAll' },
    );
  const dialog = pickDialog(
    `Run ${r.server ?? '?'} · ${r.tool ?? r.name}?`,
    { type: 'toolApproval', itemId },
    items,
    {
      help: `The model asks to call ${r.name}${hints}. Arguments:`,
      body: r.arguments.split('\n'),
    },
  );
  return { ...s, overlay: { kind: 'dialog', dialog } };
}

/** A call whose arguments break the schema: fix them, tell the model, or deny. */
function openInvalid(s: State, itemId: string): State {
  const r = findItem(s, itemId)?.tool;
  if (r === undefined) return s;
  const items: PickItem[] = [
    { label: 'Edit the arguments, then run', value: 'edit' },
    { label: 'Tell the model its arguments are wrong', value: 'invalid' },
    { label: 'Deny', detail: 'with an optional reason for the model', value: 'deny' },
  ];
  const dialog = pickDialog(
    `Run ${r.server ?? '?'} · ${r.tool ?? r.name}?`,
    { type: 'toolApproval', itemId },
    items,
    {
      help: `The arguments of ${r.name} do not match its schema: ${(r.problems ?? []).join('; ')}. Arguments:`,
      body: r.arguments.split('\n'),
    },
  );
  return { ...s, overlay: { kind: 'dialog', dialog } };
}

/** The next waiting call's dialog, if any. */
function nextApproval(s: State): State {
  const next = waiting(s)[0];
  return next === undefined ? s : openApproval(s, next);
}

/** Starts call `itemId` as the user decided (with edited arguments, when given). */
function approve(
  s: State,
  itemId: string,
  choice: ToolDecision['choice'],
  now: string,
  args?: JsonObject,
): Result {
  const item = findItem(s, itemId);
  const r = item?.tool;
  if (r?.state !== 'asking' || r.server === undefined || r.tool === undefined) return none(s);
  // Arguments that break the schema run only once edited.
  if (r.problems !== undefined && args === undefined) return none(s);
  let parsed: JsonObject;
  try {
    parsed = args ?? (JSON.parse(r.arguments) as JsonObject);
  } catch {
    return none(s);
  }
  const next = setRecord(s, itemId, ({ problems: _p, ...x }) => ({
    ...x,
    state: 'running',
    ...(args !== undefined ? { arguments: JSON.stringify(args, null, 2) } : {}),
    decision: { by: 'user', choice, at: now },
    startedAt: now,
  }));
  return [
    notify(next, 'info', `Tool started: ${r.name}`),
    [
      {
        type: 'runTool',
        itemId,
        server: r.server,
        tool: r.tool,
        args: parsed,
        limit: agentOf(s).resultLimit,
      },
    ],
  ];
}

function deny(s: State, itemId: string, now: string, reason: string): State {
  const why = reason.trim();
  const next = setRecord(
    s,
    itemId,
    (x) =>
      x.state !== 'asking'
        ? x
        : {
            ...x,
            state: 'denied',
            decision: {
              by: 'user',
              choice: 'deny',
              at: now,
              ...(why !== '' ? { reason: why } : {}),
            },
          },
    deniedForModel('user', why),
  );
  return notify(next, 'info', `Denied: ${findItem(s, itemId)?.tool?.name ?? 'a tool call'}`);
}

/** Effects of several steps, in order. */
function chain(s: State, steps: readonly ((s: State) => Result)[]): Result {
  let next = s;
  const fx: Effect[] = [];
  for (const step of steps) {
    const [after, e] = step(next);
    next = after;
    fx.push(...e);
  }
  return [next, fx];
}

/** After a decision: the next waiting call's dialog, or the round's end. */
function settle(r: Result, now: string): Result {
  const [s, fx] = r;
  const next = s.overlay === undefined ? nextApproval(s) : s;
  const [done, more] = roundProgress(next, now);
  return [done, [...fx, ...more]];
}

export function onAgentDialog(
  s: State,
  d: Dialog,
  p: AgentPurpose,
  value: DialogValue,
  now: string,
): Result {
  switch (p.type) {
    case 'toolApproval': {
      if (value.kind !== 'pick') return none(s);
      const r = findItem(s, p.itemId)?.tool;
      if (r === undefined) return none(s);
      switch (value.value) {
        case 'once':
          return settle(approve(s, p.itemId, 'once', now), now);
        case 'session': {
          const key = ruleKey(r.server ?? '', r.tool ?? '');
          const agent = agentOf(s);
          const allowed: State = {
            ...s,
            agent: { ...agent, sessionAllowed: [...agent.sessionAllowed, key] },
          };
          // Every waiting call of the same tool goes too: the user said so for the session.
          const same = waiting(allowed).filter((id) => {
            const t = findItem(allowed, id)?.tool;
            return t?.server === r.server && t?.tool === r.tool;
          });
          return settle(
            chain(
              allowed,
              same.map((id) => (x: State) => approve(x, id, 'session', now)),
            ),
            now,
          );
        }
        case 'always': {
          const tool = s.agent === undefined ? undefined : toolOf(s.agent, r);
          const readOnly = tool?.annotations?.readOnlyHint === true;
          const key = ruleKey(r.server ?? '', r.tool ?? '');
          const dialog = confirmDialog(
            'Always allow?',
            `Write ${key} = "allow" to [agent.rules] in the config file? ${r.name} will then run without asking, in this and later sessions.${readOnly ? '' : ' The server does not mark this tool read-only.'}`,
            { type: 'toolAlways', itemId: p.itemId },
            { confirmLabel: 'Always allow', danger: !readOnly },
          );
          return none({ ...s, overlay: { kind: 'dialog', dialog } });
        }
        case 'deny':
        case 'denyAll': {
          const ids = value.value === 'deny' ? [p.itemId] : waiting(s);
          const dialog = promptDialog(
            'Deny: why? (optional)',
            { type: 'toolDenyReason', itemIds: ids },
            {
              help: 'The reason goes back to the model. Enter denies; an empty reason is fine.',
              placeholder: 'e.g. use the read-only tool instead',
            },
          );
          return none({ ...s, overlay: { kind: 'dialog', dialog } });
        }
        case 'edit': {
          const dialog = promptDialog(
            `Edit the arguments of ${r.name}`,
            { type: 'toolEdit', itemId: p.itemId },
            {
              value: prettyArgs(r.arguments),
              multiline: true,
              help: "JSON, checked against the tool's input schema. Enter runs it; Alt+Enter adds a line.",
            },
          );
          return none({ ...s, overlay: { kind: 'dialog', dialog } });
        }
        case 'invalid': {
          // The text for the model was set when the call was planned.
          const next = setRecord(s, p.itemId, (x) => {
            const { problems, ...rest } = x;
            return {
              ...rest,
              state: 'failed',
              error: `The arguments do not match the schema: ${(problems ?? []).join('; ')}`,
              decision: { by: 'user', choice: 'deny', at: now },
            };
          });
          return settle(none(next), now);
        }
        case 'allOnce':
          return settle(
            chain(
              s,
              waiting(s).map((id) => (x: State) => approve(x, id, 'once', now)),
            ),
            now,
          );
        default:
          return none(s);
      }
    }
    case 'toolDenyReason': {
      if (value.kind !== 'text') return none(s);
      let next = s;
      for (const id of p.itemIds) next = deny(next, id, now, value.text);
      return settle(none(next), now);
    }
    case 'toolEdit': {
      if (value.kind !== 'text') return none(s);
      const r = findItem(s, p.itemId)?.tool;
      const tool = r === undefined || s.agent === undefined ? undefined : toolOf(s.agent, r);
      if (tool === undefined)
        return none(notify(s, 'error', 'The tool is no longer offered by its server'));
      const parsed = parseArguments(value.text, tool.inputSchema);
      if (!parsed.ok)
        return none({
          ...s,
          overlay: { kind: 'dialog', dialog: withError(d, parsed.problems.join('; ')) },
        });
      return settle(approve(s, p.itemId, 'edit', now, parsed.value), now);
    }
    case 'toolAlways': {
      const r = findItem(s, p.itemId)?.tool;
      if (r === undefined) return none(s);
      const key = ruleKey(r.server ?? '', r.tool ?? '');
      const [next, fx] = approve(s, p.itemId, 'always', now);
      return settle([next, [...fx, { type: 'writeRule', key }]], now);
    }
    case 'agentContinue':
      return none(s);
  }
}

/** Esc in one of the dialogs: back to the approval (from its follow-ups), or the round stops. */
export function onAgentDialogCancelled(s: State, p: AgentPurpose): State | 'stop' {
  switch (p.type) {
    case 'toolDenyReason':
      return p.itemIds[0] === undefined ? s : openApproval(s, p.itemIds[0]);
    case 'toolEdit':
    case 'toolAlways':
      return openApproval(s, p.itemId);
    case 'toolApproval':
    case 'agentContinue':
      return 'stop';
  }
}
