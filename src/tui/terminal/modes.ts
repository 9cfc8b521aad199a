// Terminal mode sequences entered when a full-screen program starts and left,
// in reverse order, on every way out.
export const ALT_SCREEN_ON = '\x1b[?1049h';
export const ALT_SCREEN_OFF = '\x1b[?1049l';
export const CURSOR_HIDE = '\x1b[?25l';
export const CURSOR_SHOW = '\x1b[?25h';
export const PASTE_ON = '\x1b[?2004h';
export const PASTE_OFF = '\x1b[?2004l';
export const FOCUS_ON = '\x1b[?1004h';
export const FOCUS_OFF = '\x1b[?1004l';
// Press/release, drag (button-event tracking) and SGR coordinates.
export const MOUSE_ON = '\x1b[?1000h\x1b[?1002h\x1b[?1006h';
export const MOUSE_OFF = '\x1b[?1006l\x1b[?1002l\x1b[?1000l';
/** Asks for kitty keyboard flags, then primary device attributes (always answered). */
export const KITTY_QUERY = '\x1b[?u\x1b[c';
/** Push "disambiguate escape codes" (flag 1) / pop it again. */
export const KITTY_PUSH = '\x1b[>1u';
export const KITTY_POP = '\x1b[<u';
export const RESET_SGR = '\x1b[0m';

export function enterSequence(mouse: boolean): string {
  return ALT_SCREEN_ON + CURSOR_HIDE + PASTE_ON + FOCUS_ON + (mouse ? MOUSE_ON : '');
}

export function leaveSequence(mouse: boolean, kitty: boolean): string {
  return (
    (kitty ? KITTY_POP : '') +
    (mouse ? MOUSE_OFF : '') +
    RESET_SGR +
    FOCUS_OFF +
    PASTE_OFF +
    CURSOR_SHOW +
    ALT_SCREEN_OFF
  );
}

/** Why this output cannot host a full-screen UI, or undefined when it can. */
export function unusableReason(
  isTTY: boolean,
  env: Record<string, string | undefined>,
): string | undefined {
  if (!isTTY) return 'standard output is not a terminal; the full-screen UI needs one.';
  if (env.TERM === 'dumb')
    return 'TERM=dumb cannot show a full-screen UI; use a terminal that supports cursor movement.';
  return undefined;
}
