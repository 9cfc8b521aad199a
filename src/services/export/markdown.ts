// Markdown export: a transcript for people. Title, model, dates, sampling and
// the system prompt up top, then each message under a heading with its role,
// the model that wrote it (replies) and time, its reasoning folded away, its
// metrics in one line and links to its attachments.
import type { Attachment, JsonObject, Message, SessionBundle } from '../../domain/session.js';
import { attachmentFilePath } from './attachment-files.js';

const ROLE_NAMES: Record<Message['role'], string> = {
  system: 'System',
  user: 'User',
  assistant: 'Assistant',
  tool: 'Tool',
};

/** "2026-01-02 03:04:05 UTC" from an ISO time. */
export function humanTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function humanBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u += 1;
  }
  return u === 0 ? `${n} B` : `${v.toFixed(v < 10 ? 1 : 0)} ${units[u] ?? 'B'}`;
}

function metricsLine(m: Message): string {
  const parts: string[] = [];
  if (m.tokenCount !== null) parts.push(`${m.tokenCount} tokens`);
  else if (m.completionTokens !== null) parts.push(`${m.completionTokens} tokens`);
  if (m.promptTokens !== null) parts.push(`prompt ${m.promptTokens}`);
  if (m.ttftMs !== null) parts.push(`TTFT ${Math.round(m.ttftMs)} ms`);
  if (m.tokensPerSec !== null) parts.push(`${m.tokensPerSec.toFixed(1)} tok/s`);
  if (m.latencyMs !== null) parts.push(`${(m.latencyMs / 1000).toFixed(2)} s`);
  if (m.status !== 'complete') parts.push(`status: ${m.status}`);
  if (m.error !== null) parts.push(`error: ${m.error.replace(/\s+/g, ' ')}`);
  return parts.length > 0 ? `_${parts.join(' · ')}_` : '';
}

/**
 * One attachment: a relative link into the `attachments/` folder written
 * beside the .md (attachment-files.ts), a picture inline; `missing` when the
 * export had no bytes for it (its file is not in the folder).
 */
function attachmentLine(a: Attachment, missing: boolean): string {
  const name = (a.name !== '' ? a.name : attachmentFilePath(a).split('/').pop()) ?? a.sha256;
  const label = name.replace(/[[\]]/g, '\\$&');
  const target = attachmentFilePath(a).split('/').map(encodeURIComponent).join('/');
  const link = a.mime.startsWith('image/') ? `![${label}](${target})` : `[${label}](${target})`;
  const origin = a.origin !== 'attached' ? `, ${a.origin}` : '';
  return `- ${link} (${a.mime}, ${humanBytes(a.sizeBytes)}${origin}, sha256 ${a.sha256.slice(0, 12)}…${missing ? ', file missing' : ''})`;
}

/** A fence longer than any backtick run in `text`, so the text cannot close it. */
function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
}

// --- the chat's settings: sampling and system prompt --------------------------
// Stored by the app in the session's settings (app/panes/session-settings.ts,
// snake_case keys); anything else a session keeps there is left out.

const SAMPLING_KEYS: readonly (readonly [string, string])[] = [
  ['temperature', 'temperature'],
  ['top_p', 'top-p'],
  ['max_tokens', 'max tokens'],
];

/** "preset balanced · temperature 0.7 · top-p 0.95", or null when nothing is stored. */
function samplingText(settings: JsonObject): string | null {
  const parts: string[] = [];
  const preset = settings.preset;
  if (typeof preset === 'string' && preset !== '') parts.push(`preset ${preset}`);
  for (const [key, label] of SAMPLING_KEYS) {
    const v = settings[key];
    if (typeof v === 'number') parts.push(`${label} ${v}`);
  }
  if (parts.length === 0) return null;
  // The "default" preset with nothing set leaves every value to the server.
  if (parts.length === 1 && preset === 'default') return 'server defaults (preset default)';
  return parts.join(' · ');
}

/** The chat's system prompt as stored, or null when none applies. */
function systemPromptText(settings: JsonObject): string | null {
  const p = settings.system_prompt;
  return typeof p === 'string' && p.trim() !== '' ? p : null;
}

/** The system prompt under its own heading, fenced so that it reads as written. */
function systemPromptSection(prompt: string): string[] {
  const f = fence(prompt);
  return ['## System prompt', '', `${f}text`, prompt, f, ''];
}

export function sessionToMarkdown({
  session: s,
  messages,
  attachments,
  blobs,
}: SessionBundle): string {
  const line = (a: Attachment): string =>
    attachmentLine(a, blobs !== undefined && !blobs.has(a.sha256));
  const out: string[] = [];
  out.push(`# ${s.title !== '' ? s.title : 'Untitled session'}`, '');
  const facts: string[] = [`- **Session:** \`${s.id}\``];
  if (s.modelId !== null)
    facts.push(`- **Model:** ${s.modelId}${s.backend !== null ? ` (${s.backend})` : ''}`);
  facts.push(
    `- **Started:** ${humanTime(s.startedAt)}`,
    `- **Updated:** ${humanTime(s.updatedAt)}`,
  );
  const sampling = samplingText(s.settings);
  if (sampling !== null) facts.push(`- **Sampling:** ${sampling}`);
  if (s.tags.length > 0) facts.push(`- **Tags:** ${s.tags.join(', ')}`);
  facts.push(`- **Messages:** ${messages.length} · **Tokens:** ${s.tokenCount}`);
  if (s.parentSessionId !== null) {
    facts.push(
      `- **Forked from:** session \`${s.parentSessionId}\`${s.forkedFromMessageId !== null ? ` at message \`${s.forkedFromMessageId}\`` : ''}`,
    );
  }
  if (s.archived) facts.push('- **Archived**');
  out.push(...facts, '');
  const prompt = systemPromptText(s.settings);
  if (prompt !== null) out.push(...systemPromptSection(prompt));

  const index = new Map(messages.map((m, i) => [m.id, i + 1]));
  const byMessage = new Map<string, Attachment[]>();
  for (const a of attachments) {
    const key = a.messageId ?? '';
    byMessage.set(key, [...(byMessage.get(key) ?? []), a]);
  }
  messages.forEach((m, i) => {
    const n = i + 1;
    const who = [ROLE_NAMES[m.role], m.name, m.role === 'assistant' ? m.modelId : null]
      .filter((x) => x !== null && x !== '')
      .join(' · ');
    out.push('---', '', `### ${n}. ${who} — ${humanTime(m.createdAt)}`, '');
    const previous = messages[i - 1];
    if (m.parentId !== null && m.parentId !== previous?.id) {
      out.push(
        `_↳ in reply to message ${index.get(m.parentId) ?? m.parentId} (another branch)_`,
        '',
      );
    }
    if (m.reasoning !== null && m.reasoning !== '') {
      out.push('<details><summary>Reasoning</summary>', '', m.reasoning, '', '</details>', '');
    }
    if (m.content !== '') out.push(m.content, '');
    if (m.toolCalls !== null) {
      const json = JSON.stringify(m.toolCalls, null, 2);
      const f = fence(json);
      // A tool message (agent mode) holds its call's record: arguments, decision, result.
      const label = m.role === 'tool' ? 'Tool call (agent mode):' : 'Tool calls:';
      out.push(label, '', `${f}json`, json, f, '');
    }
    const metrics = metricsLine(m);
    if (metrics !== '') out.push(metrics, '');
    const atts = byMessage.get(m.id) ?? [];
    if (atts.length > 0) out.push('Attachments:', '', ...atts.map(line), '');
  });
  const loose = byMessage.get('') ?? [];
  if (loose.length > 0) out.push('---', '', '## Attachments', '', ...loose.map(line), '');
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
