// Interpretation of complete CSI and SS3 sequences: cursor and function keys
// (legacy xterm forms with a modifier parameter), CSI-u / kitty keys, SGR
// mouse, focus reports and capability replies.
import {
  type InputEvent,
  type KeyEvent,
  type MouseAction,
  type MouseButton,
  key,
  modsFromParam,
} from './events.js';

const LETTER_KEYS: Readonly<Record<string, string>> = {
  A: 'up',
  B: 'down',
  C: 'right',
  D: 'left',
  H: 'home',
  F: 'end',
  E: 'begin',
  P: 'f1',
  Q: 'f2',
  R: 'f3',
  S: 'f4',
};

const TILDE_KEYS: Readonly<Record<number, string>> = {
  1: 'home',
  2: 'insert',
  3: 'delete',
  4: 'end',
  5: 'pageup',
  6: 'pagedown',
  7: 'home',
  8: 'end',
  11: 'f1',
  12: 'f2',
  13: 'f3',
  14: 'f4',
  15: 'f5',
  17: 'f6',
  18: 'f7',
  19: 'f8',
  20: 'f9',
  21: 'f10',
  23: 'f11',
  24: 'f12',
};

/** Kitty codepoints for keys that have no character of their own. */
const KITTY_KEYS: Readonly<Record<number, string>> = {
  9: 'tab',
  13: 'enter',
  27: 'escape',
  127: 'backspace',
  57358: 'capslock',
  57359: 'scrolllock',
  57360: 'numlock',
  57361: 'printscreen',
  57362: 'pause',
  57363: 'menu',
  57399: '0',
  57400: '1',
  57401: '2',
  57402: '3',
  57403: '4',
  57404: '5',
  57405: '6',
  57406: '7',
  57407: '8',
  57408: '9',
  57414: 'enter',
};

const num = (s: string | undefined, d: number): number => {
  const n = s === undefined || s === '' ? NaN : Number(s);
  return Number.isFinite(n) ? n : d;
};

/** A key from a codepoint as CSI-u reports it, or a C0 name. */
export function keyFromCodepoint(cp: number): { name: string; text?: string } {
  const named = KITTY_KEYS[cp];
  if (named !== undefined) return { name: named };
  if (cp === 32) return { name: ' ', text: ' ' };
  if (cp < 32 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
    return { name: `U+${cp.toString(16)}` };
  const ch = String.fromCodePoint(cp);
  return { name: ch, text: ch };
}

function mouse(params: string, final: string): InputEvent {
  const [b = 0, x = 1, y = 1] = params.split(';').map((p) => num(p, 0));
  const mods = { shift: (b & 4) !== 0, alt: (b & 8) !== 0, ctrl: (b & 16) !== 0, meta: false };
  const low = b & 3;
  let action: MouseAction;
  let button: MouseButton = (['left', 'middle', 'right', 'none'] as const)[low] ?? 'none';
  if (b & 64) {
    action = (['wheelUp', 'wheelDown', 'wheelLeft', 'wheelRight'] as const)[low] ?? 'wheelUp';
    button = 'none';
  } else if (b & 32) {
    action = low === 3 ? 'move' : 'drag';
  } else {
    action = final === 'm' ? 'release' : 'press';
  }
  return { type: 'mouse', action, button, x: Math.max(0, x - 1), y: Math.max(0, y - 1), ...mods };
}

function kittyKey(params: string): InputEvent {
  const [codes = '', modField = '', textField = ''] = params.split(';');
  const [codeS, shiftedS] = codes.split(':');
  const [modS, eventS] = modField.split(':');
  const mods = modsFromParam(num(modS, 1));
  const cp = num(codeS, 0);
  const shifted = num(shiftedS, 0);
  const base = keyFromCodepoint(mods.shift && shifted > 0 ? shifted : cp);
  const kind = (['press', 'press', 'repeat', 'release'] as const)[num(eventS, 1)] ?? 'press';
  let text: string | undefined;
  if (textField !== '') {
    text = textField
      .split(':')
      .map((c) => num(c, 0))
      .filter((c) => c >= 32 && c <= 0x10ffff && !(c >= 0xd800 && c <= 0xdfff))
      .map((c) => String.fromCodePoint(c))
      .join('');
  } else if (!mods.ctrl && !mods.alt && !mods.meta) {
    text = base.text;
  }
  const k: KeyEvent = { ...key(base.name, mods), kind };
  return text === undefined || text === '' ? k : { ...k, text };
}

/** Events for one complete CSI sequence: `ESC [ params intermediates final`. */
export function interpretCsi(seq: string): InputEvent {
  const body = seq.slice(2, -1);
  const final = seq.charAt(seq.length - 1);
  if (body.startsWith('<') && (final === 'M' || final === 'm')) return mouse(body.slice(1), final);
  if (body.startsWith('?')) {
    if (final === 'u') return { type: 'kitty', flags: num(body.slice(1), 0) };
    if (final === 'c') return { type: 'deviceAttributes' };
    return { type: 'unknown', sequence: seq };
  }
  if (body === '' && final === 'I') return { type: 'focus', focused: true };
  if (body === '' && final === 'O') return { type: 'focus', focused: false };
  if (final === 'u') return kittyKey(body);
  const parts = body.split(';');
  if (final === '~') {
    const code = num(parts[0], 0);
    const mods = modsFromParam(num(parts[1], 1));
    if (code === 27) {
      // xterm modifyOtherKeys: CSI 27 ; mods ; code ~
      const m = modsFromParam(num(parts[1], 1));
      const k = keyFromCodepoint(num(parts[2], 0));
      return key(k.name, m, m.ctrl || m.alt || m.meta ? undefined : k.text);
    }
    const name = TILDE_KEYS[code];
    return name === undefined ? { type: 'unknown', sequence: seq } : key(name, mods);
  }
  if (final === 'Z') return key('tab', { shift: true });
  const name = LETTER_KEYS[final];
  if (name !== undefined && /^[\d;]*$/.test(body))
    return key(name, modsFromParam(num(parts[1], 1)));
  return { type: 'unknown', sequence: seq };
}

/** Events for SS3 `ESC O x` (application cursor keys and F1-F4). */
export function interpretSs3(final: string): InputEvent {
  const name = LETTER_KEYS[final];
  if (name !== undefined) return key(name);
  return key('O', { alt: true, shift: true }, undefined);
}
