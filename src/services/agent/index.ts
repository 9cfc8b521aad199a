// Agent mode's services: MCP clients over the official SDK and the writer of
// "always allow" rules. Load with import() only when agent mode is on: this is
// the only module graph that reaches @modelcontextprotocol/sdk.
export { createMcpClients, DEFAULT_BACKOFF, type McpClientsOptions } from './clients.js';
export { configRuleWriter } from './rule-writer.js';
