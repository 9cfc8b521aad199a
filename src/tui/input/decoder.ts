// A pure decoder from terminal input bytes to events. It keeps whatever is
// incomplete (a UTF-8 sequence, an escape sequence, the rest of a bracketed
// paste) until the next read, so a sequence split at any byte decodes the same.
// A lone ESC cannot be told from the start of a sequence by bytes alone: the
// caller arms a short timer while `waiting` is true and calls `flush()` when it
// fires, which turns what is pending into plain keys.
import { interpretCsi, interpretSs3 } from './csi.js';
import { type InputEvent, type KeyEvent, key } from './events.js';

const ESC = '\x1b';
const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';
/** Longest escape sequence accepted before it is treated as garbage. */
const MAX_SEQUENCE = 256;
/** OSC/DCS replies can be long (e.g. a colour report); cap them anyway. */
const MAX_STRING = 65536;

interface Step {
  readonly events: InputEvent[];
  readonly next: number;
}

/** The key a single character (outside any escape sequence) stands for. */
export function charKey(ch: string, alt = false): KeyEvent {
  const cp = ch.codePointAt(0) ?? 0;
  // In raw mode Enter sends CR; LF is what Ctrl+J sends (a newline key in editors).
  if (ch === '\r') return key('enter', { alt });
  if (ch === '\t') return key('tab', { alt });
  if (cp === 0x7f) return key('backspace', { alt });
  if (cp === 0x08) return key('backspace', { alt, ctrl: true });
  if (cp === 0) return key(' ', { ctrl: true, alt });
  if (cp <= 0x1a) return key(String.fromCharCode(cp + 0x60), { ctrl: true, alt });
  if (cp < 0x20) return key(String.fromCharCode(cp + 0x40), { ctrl: true, alt });
  if (cp >= 0x80 && cp <= 0x9f) return key(`U+${cp.toString(16)}`, { alt });
  const shift = ch !== ch.toLowerCase() && ch === ch.toUpperCase();
  return alt ? key(ch, { alt, shift }) : key(ch, { shift }, ch);
}

export class InputDecoder {
  private buf = '';
  private paste: string[] | undefined;
  private readonly utf8 = new TextDecoder('utf-8', { fatal: false });

  /** True while input is held back that a timeout would resolve (a lone ESC). */
  get waiting(): boolean {
    return this.paste === undefined && this.buf.length > 0;
  }

  /** True inside a bracketed paste that has not ended yet. */
  get inPaste(): boolean {
    return this.paste !== undefined;
  }

  feed(data: Uint8Array | string): InputEvent[] {
    this.buf += typeof data === 'string' ? data : this.utf8.decode(data, { stream: true });
    return this.drain(false);
  }

  /** Resolves held-back input as plain keys (call when the ESC timeout fires). */
  flush(): InputEvent[] {
    return this.drain(true);
  }

  private drain(force: boolean): InputEvent[] {
    const out: InputEvent[] = [];
    const b = this.buf;
    let i = 0;
    while (i < b.length) {
      if (this.paste !== undefined) {
        const end = b.indexOf(PASTE_END, i);
        if (end < 0) {
          const keep = partialSuffix(b, PASTE_END);
          this.paste.push(b.slice(i, b.length - keep));
          i = b.length - keep;
          break;
        }
        this.paste.push(b.slice(i, end));
        out.push({ type: 'paste', text: this.paste.join('').replace(/\r\n?/g, '\n') });
        this.paste = undefined;
        i = end + PASTE_END.length;
        continue;
      }
      if (b.charCodeAt(i) === 0x1b) {
        const step = this.escape(b, i, force);
        if (step === undefined) break;
        for (const e of step.events) out.push(e);
        i = step.next;
        continue;
      }
      const cp = b.codePointAt(i) ?? 0;
      const ch = String.fromCodePoint(cp);
      out.push(charKey(ch));
      i += ch.length;
    }
    this.buf = b.slice(i);
    return out;
  }

  /** Decodes the escape sequence at `i`; undefined when more input is needed. */
  private escape(b: string, i: number, force: boolean): Step | undefined {
    if (i + 1 >= b.length) return force ? { events: [key('escape')], next: i + 1 } : undefined;
    const c1 = b.charAt(i + 1);
    if (c1 === '[') return this.csi(b, i, force);
    if (c1 === 'O') {
      if (i + 2 >= b.length) {
        return force ? { events: [key('O', { alt: true, shift: true })], next: i + 2 } : undefined;
      }
      return { events: [interpretSs3(b.charAt(i + 2))], next: i + 3 };
    }
    if (c1 === ']' || c1 === 'P' || c1 === '_' || c1 === '^') return stringSequence(b, i, force);
    if (c1 === ESC) return { events: [key('escape')], next: i + 1 };
    const cp = b.codePointAt(i + 1) ?? 0;
    const ch = String.fromCodePoint(cp);
    return { events: [charKey(ch, true)], next: i + 1 + ch.length };
  }

  private csi(b: string, i: number, force: boolean): Step | undefined {
    let j = i + 2;
    while (j < b.length && j - i < MAX_SEQUENCE) {
      const c = b.charCodeAt(j);
      if (c >= 0x40 && c <= 0x7e) {
        const seq = b.slice(i, j + 1);
        if (seq === PASTE_START) {
          this.paste = [];
          return { events: [], next: j + 1 };
        }
        return { events: [interpretCsi(seq)], next: j + 1 };
      }
      if (c < 0x20 || c > 0x3f) {
        // Not a CSI after all: report the prefix and go on with the odd byte.
        return { events: [{ type: 'unknown', sequence: b.slice(i, j) }], next: j };
      }
      j++;
    }
    if (j - i >= MAX_SEQUENCE)
      return { events: [{ type: 'unknown', sequence: b.slice(i, j) }], next: j };
    if (!force) return undefined;
    return { events: [key('[', { alt: true })], next: i + 2 };
  }
}

/** OSC, DCS, APC and PM strings end with BEL or ST (ESC \). */
function stringSequence(b: string, i: number, force: boolean): Step | undefined {
  for (let j = i + 2; j < b.length && j - i < MAX_STRING; j++) {
    const c = b.charCodeAt(j);
    if (c === 0x07)
      return { events: [{ type: 'unknown', sequence: b.slice(i, j + 1) }], next: j + 1 };
    if (c === 0x1b) {
      if (j + 1 >= b.length)
        return force
          ? { events: [{ type: 'unknown', sequence: b.slice(i) }], next: b.length }
          : undefined;
      const next = b.charAt(j + 1) === '\\' ? j + 2 : j;
      return { events: [{ type: 'unknown', sequence: b.slice(i, next) }], next };
    }
  }
  if (b.length - i >= MAX_STRING)
    return {
      events: [{ type: 'unknown', sequence: b.slice(i, i + MAX_STRING) }],
      next: i + MAX_STRING,
    };
  return force
    ? { events: [{ type: 'unknown', sequence: b.slice(i) }], next: b.length }
    : undefined;
}

/** Length of the longest proper prefix of `marker` that `s` ends with. */
function partialSuffix(s: string, marker: string): number {
  for (let k = Math.min(marker.length - 1, s.length); k > 0; k--) {
    if (s.endsWith(marker.slice(0, k))) return k;
  }
  return 0;
}
