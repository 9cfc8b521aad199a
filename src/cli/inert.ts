// Text from outside the program — a model's reply, a stored session, a model
// file's metadata, a server's error message — made inert before it reaches a
// terminal, exactly as the TUI makes it inert for a cell (tui/text/sanitize:
// ESC shows as "^[", so an OSC 52 clipboard write shows as "^[]52;c;...", a C1
// control as "^[" and its 7-bit form, a bidi override as a tag like "<RLO>"),
// except that line breaks and tabs stay: a terminal handles them harmlessly and
// a reader of command output needs them. Whether a stream gets this treatment
// (a terminal) or the bytes unchanged (a pipe, `ask --raw`) is the caller's call.
//
// tui/text/sanitize.ts is imported across layers on purpose: it is a pure
// function with no imports, and one definition of "inert" keeps the TUI and the
// CLI from drifting apart (eslint/layers.js lists it in SHARED_FILES).
import { sanitize } from '../tui/text/sanitize.js';

/** `text` with nothing a terminal would interpret except line breaks and tabs. */
export function inert(text: string): string {
  // A lone \r would return the cursor and let the rest of a line overwrite what
  // came before it; it is dropped, as the TUI's wrap drops it (\r\n becomes \n).
  const lines = text.includes('\r') ? text.replace(/\r/g, '') : text;
  if (!lines.includes('\n')) return sanitize(lines, { tab: '\t' });
  return lines
    .split('\n')
    .map((l) => sanitize(l, { tab: '\t' }))
    .join('\n');
}

/**
 * `inert` for text that arrives in pieces (a streamed reply). Every control
 * character is replaced on its own, never as part of a recognised sequence, so
 * an escape sequence split across deltas comes out exactly as it would whole:
 * its ESC is already "^[" and the rest is plain text. The one thing held back is
 * a high surrogate at the end of a delta, which waits for its low half.
 */
export class InertStream {
  private held = '';

  /** The inert form of `delta`, less a trailing high surrogate kept for the next call. */
  write(delta: string): string {
    let text = this.held + delta;
    this.held = '';
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.held = text.slice(-1);
      text = text.slice(0, -1);
    }
    return inert(text);
  }

  /** What is still held back, made inert (a surrogate that never got its pair becomes U+FFFD). */
  end(): string {
    const text = this.held;
    this.held = '';
    return text === '' ? '' : inert(text);
  }
}

// JSON.stringify escapes C0 controls but writes DEL, C1 controls (which a
// terminal may read as CSI, OSC, DCS...) and bidi controls as they are.
// Escaping them as \uXXXX gives the same JSON value, so it is done always.
const JSON_UNSAFE = /[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `JSON.stringify(value, null, space)` with nothing left in it that a terminal would act on. */
export function jsonText(value: unknown, space?: number): string {
  return JSON.stringify(value, null, space).replace(
    JSON_UNSAFE,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
