// Input events produced by the decoder. A key names what was pressed, not the
// bytes: printable keys carry their character in `key` and `text`, special keys
// a lower-case name ('enter', 'up', 'f5', 'pageup', ...).

export interface Modifiers {
  readonly ctrl: boolean;
  readonly alt: boolean;
  readonly shift: boolean;
  /** Super/Cmd, only reported through CSI-u / the kitty protocol. */
  readonly meta: boolean;
}

export interface KeyEvent extends Modifiers {
  readonly type: 'key';
  readonly key: string;
  /** Text the key inserts, when it inserts any. */
  readonly text?: string;
  /** Kitty protocol event type; legacy encodings only report presses. */
  readonly kind: 'press' | 'repeat' | 'release';
}

export type MouseButton = 'left' | 'middle' | 'right' | 'none';
export type MouseAction =
  'press' | 'release' | 'drag' | 'move' | 'wheelUp' | 'wheelDown' | 'wheelLeft' | 'wheelRight';

export interface MouseEvent extends Modifiers {
  readonly type: 'mouse';
  readonly action: MouseAction;
  readonly button: MouseButton;
  /** 0-based cell column and row. */
  readonly x: number;
  readonly y: number;
}

export interface PasteEvent {
  readonly type: 'paste';
  readonly text: string;
}

export interface FocusEvent {
  readonly type: 'focus';
  readonly focused: boolean;
}

/** The terminal answered a kitty keyboard query (`CSI ? u`) with its flags. */
export interface KittySupportEvent {
  readonly type: 'kitty';
  readonly flags: number;
}

/** A primary device attributes reply (`CSI ? ... c`): ends capability probes. */
export interface DeviceAttributesEvent {
  readonly type: 'deviceAttributes';
}

/** A well-formed sequence the decoder does not interpret (kept for debugging). */
export interface UnknownEvent {
  readonly type: 'unknown';
  readonly sequence: string;
}

export type InputEvent =
  | KeyEvent
  | MouseEvent
  | PasteEvent
  | FocusEvent
  | KittySupportEvent
  | DeviceAttributesEvent
  | UnknownEvent;

export const NO_MODS: Modifiers = { ctrl: false, alt: false, shift: false, meta: false };

export function key(name: string, mods: Partial<Modifiers> = {}, text?: string): KeyEvent {
  const k: KeyEvent = { type: 'key', key: name, ...NO_MODS, ...mods, kind: 'press' };
  return text === undefined ? k : { ...k, text };
}

/** xterm's modifier parameter (1 + bits) to flags. */
export function modsFromParam(p: number): Modifiers {
  const bits = Math.max(0, p - 1);
  return {
    shift: (bits & 1) !== 0,
    alt: (bits & 2) !== 0,
    ctrl: (bits & 4) !== 0,
    meta: (bits & 8) !== 0,
  };
}
