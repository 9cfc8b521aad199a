// Makes untrusted text inert before it reaches a cell. Model output, file
// names and log lines may hold escape sequences that would move the cursor,
// retitle the window, write the clipboard (OSC 52), open links (OSC 8) or
// switch modes; here every C0/C1 control becomes visible caret notation
// (ESC -> "^[", so "\x1b]52;c;..." shows as "^[]52;c;..."), bidi overrides
// and isolates become visible tags (they could reorder what the user reads),
// and lone surrogates become U+FFFD. The only escapes the program writes are
// the emitter's.
//
// The CLI's output uses this file too (src/cli/inert.ts, allowed by
// SHARED_FILES in eslint/layers.js), so it must stay free of imports.

// C0, DEL, C1, ALM, LRM/RLM, LS/PS, bidi embeddings/overrides and isolates, surrogates.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex -- as above
const UNSAFE_G = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const BIDI_NAMES: Readonly<Record<number, string>> = {
  0x061c: 'ALM',
  0x200e: 'LRM',
  0x200f: 'RLM',
  0x202a: 'LRE',
  0x202b: 'RLE',
  0x202c: 'PDF',
  0x202d: 'LRO',
  0x202e: 'RLO',
  0x2066: 'LRI',
  0x2067: 'RLI',
  0x2068: 'FSI',
  0x2069: 'PDI',
};

function visible(ch: string, tab: string): string {
  const cp = ch.charCodeAt(0);
  if (cp === 0x09) return tab;
  if (cp < 0x20) return `^${String.fromCharCode(cp + 0x40)}`;
  if (cp === 0x7f) return '^?';
  // A C1 control is the 8-bit form of ESC followed by (cp - 0x40).
  if (cp <= 0x9f) return `^[${String.fromCharCode(cp - 0x40)}`;
  if (cp === 0x2028 || cp === 0x2029) return ' ';
  return `<${BIDI_NAMES[cp] ?? 'U+' + cp.toString(16).toUpperCase()}>`;
}

export interface SanitizeOptions {
  /** What a tab becomes; callers that expand tabs themselves pass '\t'. Default: a space. */
  readonly tab?: string;
}

/** `s` with nothing left that a terminal would interpret. Returns `s` itself when already safe. */
export function sanitize(s: string, opts?: SanitizeOptions): string {
  let out = s;
  if (UNSAFE.test(out)) {
    const tab = opts?.tab ?? ' ';
    out = out.replace(UNSAFE_G, (ch) => visible(ch, tab));
  }
  if (!out.isWellFormed()) out = out.toWellFormed();
  return out;
}

/** True when `s` needs no change. */
export function isSafe(s: string): boolean {
  return !UNSAFE.test(s) && s.isWellFormed();
}

/**
 * A URL that may go into an OSC 8 hyperlink: printable ASCII only (no ESC, BEL
 * or ST that could end the sequence early) and a known scheme. Otherwise undefined.
 */
export function safeLinkTarget(url: string): string | undefined {
  if (url.length > 2048 || !/^[\x21-\x7e]+$/.test(url)) return undefined;
  if (!/^(https?|file|mailto):/i.test(url)) return undefined;
  return url;
}
