// MCP wire shapes (as the SDK parses them) to the domain's plain types.
import type {
  Json,
  JsonObject,
  McpTool,
  ToolAnnotations,
  ToolContent,
  ToolResult,
} from '../../domain/agent/types.js';

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);

function bytes(base64: unknown): Uint8Array {
  return typeof base64 === 'string'
    ? new Uint8Array(Buffer.from(base64, 'base64'))
    : new Uint8Array();
}

export function toolFromWire(server: string, raw: unknown): McpTool | undefined {
  if (!isRecord(raw) || typeof raw.name !== 'string') return undefined;
  const annotations: ToolAnnotations | undefined = isRecord(raw.annotations)
    ? Object.fromEntries(
        Object.entries({
          title: str(raw.annotations.title),
          readOnlyHint: bool(raw.annotations.readOnlyHint),
          destructiveHint: bool(raw.annotations.destructiveHint),
          idempotentHint: bool(raw.annotations.idempotentHint),
          openWorldHint: bool(raw.annotations.openWorldHint),
        }).filter(([, v]) => v !== undefined),
      )
    : undefined;
  const title = str(raw.title);
  const description = str(raw.description);
  return {
    server,
    name: raw.name,
    ...(title !== undefined ? { title } : {}),
    ...(description !== undefined ? { description } : {}),
    inputSchema: (isRecord(raw.inputSchema) ? raw.inputSchema : { type: 'object' }) as JsonObject,
    ...(annotations !== undefined ? { annotations } : {}),
  };
}

export function contentFromWire(raw: unknown): ToolContent {
  if (!isRecord(raw)) return { type: 'text', text: String(raw) };
  switch (raw.type) {
    case 'text':
      return { type: 'text', text: str(raw.text) ?? '' };
    case 'image':
    case 'audio':
      return {
        type: raw.type,
        mime: str(raw.mimeType) ?? 'application/octet-stream',
        data: bytes(raw.data),
      };
    case 'resource': {
      const r = isRecord(raw.resource) ? raw.resource : {};
      const mime = str(r.mimeType);
      const text = str(r.text);
      return {
        type: 'resource',
        uri: str(r.uri) ?? '',
        ...(mime !== undefined ? { mime } : {}),
        ...(text !== undefined ? { text } : {}),
        ...(r.blob !== undefined ? { data: bytes(r.blob) } : {}),
      };
    }
    case 'resource_link': {
      const mime = str(raw.mimeType);
      const description = str(raw.description);
      return {
        type: 'resource_link',
        uri: str(raw.uri) ?? '',
        name: str(raw.name) ?? str(raw.uri) ?? '',
        ...(mime !== undefined ? { mime } : {}),
        ...(description !== undefined ? { description } : {}),
      };
    }
    default:
      return { type: 'text', text: `[content of type ${JSON.stringify(raw.type)} not shown]` };
  }
}

export function resultFromWire(raw: unknown): ToolResult {
  if (!isRecord(raw)) return { content: [], isError: false };
  // Servers of the 2024-10-07 protocol answer with `toolResult` instead of content.
  const content = Array.isArray(raw.content)
    ? raw.content.map(contentFromWire)
    : 'toolResult' in raw
      ? [{ type: 'text' as const, text: JSON.stringify(raw.toolResult) }]
      : [];
  return {
    content,
    isError: raw.isError === true,
    ...(raw.structuredContent !== undefined ? { structured: raw.structuredContent as Json } : {}),
  };
}
