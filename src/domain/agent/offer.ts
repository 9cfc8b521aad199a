// What the model is offered: one function per tool, named `SERVER__TOOL`,
// with the tool's input schema as its parameters.
import type { ToolSpec } from '../chat.js';
import { nameTools, type ToolNames } from './naming.js';
import type { JsonObject, McpTool } from './types.js';

/** Descriptions past this are cut: some servers put whole manuals there. */
export const MAX_DESCRIPTION = 1024;

/**
 * The parameters schema as OpenAI-style servers want it: an object schema with
 * `properties`. Tools without arguments often send `{ "type": "object" }` only,
 * which some chat templates reject.
 */
export function parametersOf(schema: JsonObject): Readonly<Record<string, unknown>> {
  const out: Record<string, unknown> = { ...schema };
  if (out.type === undefined) out.type = 'object';
  if (out.type === 'object' && out.properties === undefined) out.properties = {};
  // "$schema" means nothing to the model and some servers refuse unknown keywords.
  delete out.$schema;
  return out;
}

function describe(tool: McpTool): string | undefined {
  const text = tool.description ?? tool.annotations?.title ?? tool.title;
  if (text === undefined || text === '') return undefined;
  return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION - 1)}…` : text;
}

export interface ToolOffer {
  /** For ChatRequest.tools. */
  readonly specs: readonly ToolSpec[];
  /** Maps a function name from the model's tool call back to the server and tool. */
  readonly names: ToolNames;
}

/** The offer for a set of tools (those a "deny" rule blocks can be left out by the caller). */
export function offerTools(tools: readonly McpTool[]): ToolOffer {
  const names = nameTools(tools);
  const specs: ToolSpec[] = [];
  for (const tool of tools) {
    const name = names.nameOf(tool.server, tool.name);
    if (name === undefined) continue;
    const description = describe(tool);
    specs.push({
      name,
      ...(description !== undefined ? { description } : {}),
      parameters: parametersOf(tool.inputSchema),
    });
  }
  return { specs, names };
}
