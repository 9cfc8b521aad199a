// Which rule applies to a tool call. Keys of `[agent.rules]` are `SERVER__TOOL`
// with `*` matching any run of characters; values are allow / ask / deny.
// Precedence, safest first: a matching "deny" always wins; then a rule naming
// the tool exactly (so "always allow", written as an exact key, works under a
// broad `"*" = "ask"`); then, among globs, "ask" before "allow". With no
// matching rule the answer is "ask": no tool runs without someone saying so.
import { ruleKey } from './naming.js';
import type { McpTool, ToolAnnotations, ToolRule } from './types.js';

export type Rules = Readonly<Record<string, ToolRule>>;

export interface RuleDecision {
  readonly rule: ToolRule;
  /** The key that decided it, or "default" when none matched. */
  readonly source: string;
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 's');
}

export function globMatches(glob: string, text: string): boolean {
  return glob.includes('*') ? globToRegExp(glob).test(text) : glob === text;
}

const ORDER: Record<ToolRule, number> = { deny: 0, ask: 1, allow: 2 };

export function ruleFor(rules: Rules, server: string, tool: string): RuleDecision {
  const key = ruleKey(server, tool);
  const matching = Object.entries(rules).filter(([glob]) => globMatches(glob, key));
  const deny = matching.find(([, r]) => r === 'deny');
  if (deny) return { rule: 'deny', source: deny[0] };
  const exact = matching.find(([glob]) => glob === key);
  if (exact) return { rule: exact[1], source: exact[0] };
  const best = [...matching].sort(
    ([ga, a], [gb, b]) => ORDER[a] - ORDER[b] || gb.length - ga.length,
  )[0];
  return best ? { rule: best[1], source: best[0] } : { rule: 'ask', source: 'default' };
}

/** A rule key the config accepts: the characters of tool names plus `*`. */
export function ruleKeyProblem(key: string): string | undefined {
  if (key === '') return 'a rule key is empty.';
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(key)) return 'a rule key may not hold control characters.';
  if (!key.includes('__') && !key.includes('*'))
    return `"${key}" names no tool; write SERVER__TOOL (two underscores), with * as a wildcard, e.g. "files__read_*".`;
  return undefined;
}

/** The annotations as the MCP spec reads them, defaults filled in. */
export interface ToolHints {
  readonly readOnly: boolean;
  /** Meaningful only when not read-only (the spec's default is true). */
  readonly destructive: boolean;
  readonly idempotent: boolean;
  readonly openWorld: boolean;
}

export function toolHints(annotations: ToolAnnotations | undefined): ToolHints {
  const readOnly = annotations?.readOnlyHint === true;
  return {
    readOnly,
    destructive: !readOnly && annotations?.destructiveHint !== false,
    idempotent: annotations?.idempotentHint === true,
    openWorld: annotations?.openWorldHint !== false,
  };
}

/** Short words for a call card: "read-only", "destructive", "open world". */
export function hintLabels(tool: Pick<McpTool, 'annotations'>): string[] {
  if (tool.annotations === undefined) return [];
  const h = toolHints(tool.annotations);
  const out: string[] = [];
  if (h.readOnly) out.push('read-only');
  else if (h.destructive) out.push('destructive');
  if (h.idempotent) out.push('idempotent');
  if (h.openWorld) out.push('open world');
  return out;
}
