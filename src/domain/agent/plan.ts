// What to do with one tool call the model made, before anything runs: find the
// tool behind the function name, parse and check the arguments, and decide by
// the rules (and the user's "allow for this session" choices). Pure, so the
// app's reducer can show the call card and open the dialog from it.
import type { ToolCall } from '../chat.js';
import { parseArguments } from './json-schema.js';
import type { ToolNames } from './naming.js';
import { ruleKey } from './naming.js';
import { hintLabels, ruleFor, type Rules } from './rules.js';
import type { Json, McpTool } from './types.js';

export type CallPlan =
  /** The model named a function that is not on offer; the model is told so. */
  | { readonly kind: 'unknown'; readonly call: ToolCall; readonly message: string }
  /** The arguments are not JSON or break the schema; the user may edit them (or the model is told). */
  | {
      readonly kind: 'invalid';
      readonly call: ToolCall;
      readonly tool: McpTool;
      readonly problems: readonly string[];
    }
  | {
      readonly kind: 'run' | 'ask' | 'deny';
      readonly call: ToolCall;
      readonly tool: McpTool;
      readonly args: Readonly<Record<string, Json>>;
      /** The rule key that decided ("default" for none, "session" for an allow-for-this-session). */
      readonly source: string;
      /** "read-only", "destructive", ... for the card. */
      readonly hints: readonly string[];
    };

export interface PlanContext {
  readonly names: ToolNames;
  readonly tools: readonly McpTool[];
  readonly rules: Rules;
  /** Rule keys (SERVER__TOOL) the user allowed for this session. */
  readonly sessionAllowed: ReadonlySet<string>;
}

export function planCall(call: ToolCall, ctx: PlanContext): CallPlan {
  const ref = ctx.names.resolve(call.name);
  const tool = ref && ctx.tools.find((t) => t.server === ref.server && t.name === ref.tool);
  if (!tool)
    return {
      kind: 'unknown',
      call,
      message: `There is no tool named "${call.name}"; use one of the tools offered.`,
    };
  const parsed = parseArguments(call.arguments, tool.inputSchema);
  if (!parsed.ok) return { kind: 'invalid', call, tool, problems: parsed.problems };
  const decision = ruleFor(ctx.rules, tool.server, tool.name);
  const hints = hintLabels(tool);
  const base = { call, tool, args: parsed.value, hints };
  if (decision.rule === 'deny') return { kind: 'deny', source: decision.source, ...base };
  if (decision.rule === 'allow') return { kind: 'run', source: decision.source, ...base };
  if (ctx.sessionAllowed.has(ruleKey(tool.server, tool.name)))
    return { kind: 'run', source: 'session', ...base };
  return { kind: 'ask', source: decision.source, ...base };
}

/** The `tool` message content for a call whose arguments the model got wrong. */
export function invalidForModel(problems: readonly string[]): string {
  return `The arguments do not match the tool's input schema; the call was not run:\n${problems.map((p) => `- ${p}`).join('\n')}`;
}
