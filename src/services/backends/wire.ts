// Our request and result types <-> the JSON of the OpenAI-compatible routes
// (mistral.rs 0.8.1 shapes: shared/reference/mistralrs-http-api.md).
import type { BackendModel, ModelStatusReport, SystemInfo } from '../../domain/backend.js';
import type { ChatMessage, ChatRequest, ContentPart } from '../../domain/chat.js';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function partToWire(p: ContentPart): Json {
  switch (p.type) {
    case 'text':
      return { type: 'text', text: p.text };
    case 'image':
      return { type: 'image_url', image_url: { url: `data:${p.mime};base64,${p.base64}` } };
    case 'audio':
      return { type: 'audio_url', audio_url: { url: `data:${p.mime};base64,${p.base64}` } };
  }
}

/**
 * A message's content on the wire: a list of only text parts goes as one
 * string. Text models' chat templates join strings (mistral.rs 0.9.2 refuses a
 * list with SmolLM2's template: "tried to use + operator on unsupported types
 * string and sequence"; 0.8.1 flattened it itself), and the text is the same.
 */
function contentToWire(content: ChatMessage['content']): string | Json[] {
  if (typeof content === 'string') return content;
  const texts = content.flatMap((p) => (p.type === 'text' ? [p.text] : []));
  return texts.length === content.length ? texts.join('\n\n') : content.map(partToWire);
}

function messageToWire(m: ChatMessage): Json {
  const out: Json = { role: m.role, content: contentToWire(m.content) };
  if (m.toolCalls !== undefined && m.toolCalls.length > 0) {
    out.tool_calls = m.toolCalls.map((c) => ({
      id: c.id,
      type: 'function',
      function: { name: c.name, arguments: c.arguments },
    }));
  }
  if (m.toolCallId !== undefined) out.tool_call_id = m.toolCallId;
  return out;
}

/** The body of POST /v1/chat/completions, always streaming. */
export function chatBody(req: ChatRequest, kind: 'mistralrs' | 'openai'): Json {
  const body: Json = {
    model: req.model,
    messages: req.messages.map(messageToWire),
    stream: true,
    // Other OpenAI-compatible servers send usage only when asked; mistral.rs
    // ignores unknown fields and always sends it.
    stream_options: { include_usage: true },
  };
  const s = req.sampling ?? {};
  const fields: [string, unknown][] = [
    ['max_tokens', s.maxTokens],
    ['temperature', s.temperature],
    ['top_p', s.topP],
    ['min_p', s.minP],
    ['top_k', s.topK],
    ['stop', s.stop !== undefined && s.stop.length > 0 ? [...s.stop] : undefined],
    ['presence_penalty', s.presencePenalty],
    ['frequency_penalty', s.frequencyPenalty],
    ['repetition_penalty', s.repetitionPenalty],
    ['seed', s.seed],
  ];
  for (const [k, v] of fields) if (v !== undefined) body[k] = v;
  if (req.tools !== undefined && req.tools.length > 0) {
    body.tools = req.tools.map((t) => ({
      type: 'function',
      function: {
        name: t.name,
        ...(t.description !== undefined ? { description: t.description } : {}),
        parameters: t.parameters,
      },
    }));
    if (req.toolChoice !== undefined) {
      body.tool_choice = ['auto', 'none', 'required'].includes(req.toolChoice)
        ? req.toolChoice
        : { type: 'function', function: { name: req.toolChoice } };
    }
  }
  if (req.webSearch !== undefined) {
    const w: Json = {};
    if (req.webSearch.searchContextSize !== undefined)
      w.search_context_size = req.webSearch.searchContextSize;
    if (req.webSearch.userLocation !== undefined)
      w.user_location = { type: 'approximate', approximate: { city: req.webSearch.userLocation } };
    body.web_search_options = w;
  }
  if (req.enableThinking !== undefined && kind === 'mistralrs') {
    body.enable_thinking = req.enableThinking;
  }
  return body;
}

export function parseModelList(doc: unknown): BackendModel[] | undefined {
  if (!isObj(doc) || !Array.isArray(doc.data)) return undefined;
  const out: BackendModel[] = [];
  for (const item of doc.data as unknown[]) {
    if (!isObj(item) || typeof item.id !== 'string') continue;
    const status = str(item.status);
    const tools = typeof item.tools_available === 'boolean' ? item.tools_available : undefined;
    const mcp = num(item.mcp_tools_count);
    out.push({
      id: item.id,
      ...(status !== undefined ? { status } : {}),
      ...(tools !== undefined ? { toolsAvailable: tools } : {}),
      ...(mcp !== undefined ? { mcpToolsCount: mcp } : {}),
    });
  }
  return out;
}

export function parseStatusReport(doc: unknown, modelId: string): ModelStatusReport | undefined {
  if (!isObj(doc) || typeof doc.status !== 'string') return undefined;
  const error = str(doc.error);
  return {
    modelId: str(doc.model_id) ?? modelId,
    status: doc.status,
    ...(error !== undefined ? { error } : {}),
  };
}

export function parseSystemInfo(doc: unknown): SystemInfo | undefined {
  if (!isObj(doc)) return undefined;
  const cpu = isObj(doc.cpu) ? doc.cpu : {};
  const mem = isObj(doc.memory) ? doc.memory : {};
  const devices = Array.isArray(doc.devices) ? (doc.devices as unknown[]) : [];
  const info: { -readonly [K in keyof SystemInfo]: SystemInfo[K] } = {
    devices: devices.filter(isObj).map((d) => {
      const ordinal = num(d.ordinal);
      const total = num(d.total_memory_bytes);
      const avail = num(d.available_memory_bytes);
      return {
        kind: str(d.kind) ?? 'unknown',
        name: str(d.name) ?? 'unknown',
        ...(ordinal !== undefined ? { ordinal } : {}),
        ...(total !== undefined ? { totalMemoryBytes: total } : {}),
        ...(avail !== undefined ? { availableMemoryBytes: avail } : {}),
      };
    }),
  };
  const os = str(doc.os);
  if (os !== undefined) info.os = os;
  const brand = str(cpu.brand);
  if (brand !== undefined) info.cpuBrand = brand;
  const cores = num(cpu.logical_cores);
  if (cores !== undefined) info.logicalCores = cores;
  const total = num(mem.total_bytes);
  if (total !== undefined) info.memoryTotalBytes = total;
  const avail = num(mem.available_bytes);
  if (avail !== undefined) info.memoryAvailableBytes = avail;
  // mistral.rs 0.9 states its version here; 0.8.1 does not.
  const version = isObj(doc.build) ? str(doc.build.version) : undefined;
  if (version !== undefined) info.serverVersion = version;
  return info;
}

/** `audio/wav; rate=44100; channels=1` -> its parts. */
export function parseAudioType(contentType: string | undefined): {
  mime: string;
  sampleRate?: number;
  channels?: number;
} {
  const [mime = 'application/octet-stream', ...params] = (contentType ?? '')
    .split(';')
    .map((s) => s.trim());
  const out: { mime: string; sampleRate?: number; channels?: number } = {
    mime: mime === '' ? 'application/octet-stream' : mime,
  };
  for (const p of params) {
    const [k, v] = p.split('=');
    const n = Number(v);
    if (!Number.isFinite(n)) continue;
    if (k === 'rate') out.sampleRate = n;
    if (k === 'channels') out.channels = n;
  }
  return out;
}
