// Tool names as the model sees them: `SERVER__TOOL`, within OpenAI's function
// name rules (letters, digits, "_" and "-", at most 64 characters). A name that
// does not fit, or that two tools would share after the unsafe characters are
// replaced, gets a stable 8-hex-digit suffix from a hash of the real names, so
// the same tool has the same name in every session and every restart.
import type { McpTool } from './types.js';

export const MAX_FUNCTION_NAME = 64;
export const SEPARATOR = '__';
const SUFFIX_LENGTH = 9; // "_" + 8 hex digits

/** FNV-1a over UTF-16 code units: tiny, pure and stable across platforms. */
export function stableHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

function safe(part: string): string {
  return part.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** The rule key of a tool: its real names joined, as written in `[agent.rules]`. */
export function ruleKey(server: string, tool: string): string {
  return `${server}${SEPARATOR}${tool}`;
}

/** The plain function name (before collisions are considered). */
export function functionName(server: string, tool: string): string {
  const plain = safe(ruleKey(server, tool));
  if (plain.length <= MAX_FUNCTION_NAME) return plain;
  return withSuffix(plain, server, tool);
}

function withSuffix(plain: string, server: string, tool: string): string {
  const suffix = `_${stableHash(`${server}\u0000${tool}`)}`;
  return plain.slice(0, MAX_FUNCTION_NAME - SUFFIX_LENGTH) + suffix;
}

export interface ToolRef {
  readonly server: string;
  readonly tool: string;
}

/** The names of a set of tools, both ways. */
export interface ToolNames {
  readonly byFunction: ReadonlyMap<string, ToolRef>;
  nameOf(server: string, tool: string): string | undefined;
  resolve(functionName: string): ToolRef | undefined;
}

/**
 * Names every tool. Tools whose plain names collide (e.g. "a.b" and "a_b" both
 * become "a_b") all take the hash suffix, so no name depends on list order.
 */
export function nameTools(tools: readonly Pick<McpTool, 'server' | 'name'>[]): ToolNames {
  const plain = tools.map((t) => functionName(t.server, t.name));
  const count = new Map<string, number>();
  for (const p of plain) count.set(p, (count.get(p) ?? 0) + 1);
  const byFunction = new Map<string, ToolRef>();
  const forward = new Map<string, string>();
  tools.forEach((t, i) => {
    let name = plain[i] ?? '';
    if ((count.get(name) ?? 0) > 1)
      name = withSuffix(safe(ruleKey(t.server, t.name)), t.server, t.name);
    // Two tools with the very same server and name (a server listing a tool twice): the first wins.
    if (byFunction.has(name)) return;
    byFunction.set(name, { server: t.server, tool: t.name });
    forward.set(ruleKey(t.server, t.name), name);
  });
  return {
    byFunction,
    nameOf: (server, tool) => forward.get(ruleKey(server, tool)),
    resolve: (fn) => byFunction.get(fn),
  };
}

/** Whether a string is a valid OpenAI function name. */
export function isFunctionName(name: string): boolean {
  return /^[A-Za-z0-9_-]{1,64}$/.test(name);
}
