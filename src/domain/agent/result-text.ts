// A tool result as the text of the `tool` message sent back to the model.
// Text parts are joined; an image or audio part is named (the multimodal issue
// will send images as attachments); an embedded resource contributes its text.
// Past the configured limit the text is cut, with a note that says so, so the
// model knows it did not see everything.
import type { ToolContent, ToolFailure, ToolResult } from './types.js';

function bytes(n: number): string {
  return n < 1024 ? `${n} bytes` : `${(n / 1024).toFixed(1)} KiB`;
}

export function contentText(part: ToolContent): string {
  switch (part.type) {
    case 'text':
      return part.text;
    case 'image':
      return `[image ${part.mime}, ${bytes(part.data.length)}]`;
    case 'audio':
      return `[audio ${part.mime}, ${bytes(part.data.length)}]`;
    case 'resource':
      if (part.text !== undefined) return `[resource ${part.uri}]\n${part.text}`;
      return `[resource ${part.uri}${part.mime ? ` ${part.mime}` : ''}${part.data ? `, ${bytes(part.data.length)}` : ''}]`;
    case 'resource_link':
      return `[link ${part.name}: ${part.uri}]`;
  }
}

export function truncateForModel(text: string, limit: number): string {
  if (text.length <= limit) return text;
  // Do not split a surrogate pair.
  let cut = limit;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return `${text.slice(0, cut)}\n[truncated: the tool returned ${text.length} characters; only the first ${cut} are shown]`;
}

/** The `tool` message content for a result, at most about `limit` characters plus the note. */
export function resultForModel(result: ToolResult, limit: number): string {
  let text = result.content.map(contentText).join('\n');
  if (text === '' && result.structured !== undefined) text = JSON.stringify(result.structured);
  if (result.isError) text = `Error from the tool: ${text === '' ? '(no details)' : text}`;
  return truncateForModel(text, limit);
}

/** The `tool` message content when the call failed or was refused. */
export function failureForModel(failure: ToolFailure): string {
  return `Error: ${failure.message}`;
}

/** The `tool` message content for a call the user or a rule refused. */
export function deniedForModel(by: 'rule' | 'user', reason?: string): string {
  const who = by === 'rule' ? "A rule in the user's configuration" : 'The user';
  const why = reason !== undefined && reason.trim() !== '' ? ` Reason: ${reason.trim()}` : '';
  return `${who} denied this tool call; it was not run.${why}`;
}
