import { describe, expect, it } from 'vitest';
import { InputDecoder } from './decoder.js';
import { type InputEvent, key } from './events.js';

const enc = new TextEncoder();

function decodeAll(bytes: Uint8Array): InputEvent[] {
  const d = new InputDecoder();
  return [...d.feed(bytes), ...d.flush()];
}

/** Decodes `bytes` fed in two reads split at `at`. */
function decodeSplit(bytes: Uint8Array, at: number): InputEvent[] {
  const d = new InputDecoder();
  return [...d.feed(bytes.subarray(0, at)), ...d.feed(bytes.subarray(at)), ...d.flush()];
}

const CASES: [string, string, InputEvent[]][] = [
  ['plain text', 'hi', [key('h', {}, 'h'), key('i', {}, 'i')]],
  ['upper case', 'A', [key('A', { shift: true }, 'A')]],
  ['utf-8 and emoji', 'é中😀', [key('é', {}, 'é'), key('中', {}, '中'), key('😀', {}, '😀')]],
  ['enter tab backspace', '\r\t\x7f', [key('enter'), key('tab'), key('backspace')]],
  [
    'ctrl+j is LF, not enter',
    '\n\x1b\n',
    [key('j', { ctrl: true }), key('j', { ctrl: true, alt: true })],
  ],
  [
    'ctrl letters',
    '\x01\x03\x1a',
    [key('a', { ctrl: true }), key('c', { ctrl: true }), key('z', { ctrl: true })],
  ],
  ['alt letter', '\x1bx', [key('x', { alt: true })]],
  ['arrows', '\x1b[A\x1b[B\x1b[C\x1b[D', [key('up'), key('down'), key('right'), key('left')]],
  ['application arrows', '\x1bOA\x1bOP', [key('up'), key('f1')]],
  [
    'modified arrows',
    '\x1b[1;5C\x1b[1;2A\x1b[1;3D',
    [key('right', { ctrl: true }), key('up', { shift: true }), key('left', { alt: true })],
  ],
  [
    'navigation',
    '\x1b[H\x1b[F\x1b[2~\x1b[3~\x1b[5~\x1b[6~',
    [key('home'), key('end'), key('insert'), key('delete'), key('pageup'), key('pagedown')],
  ],
  [
    'function keys',
    '\x1b[15~\x1b[24;5~\x1b[1;2P',
    [key('f5'), key('f12', { ctrl: true }), key('f1', { shift: true })],
  ],
  ['shift tab', '\x1b[Z', [key('tab', { shift: true })]],
  [
    'csi-u',
    '\x1b[97;5u\x1b[13;2u\x1b[27u',
    [key('a', { ctrl: true }), key('enter', { shift: true }), key('escape')],
  ],
  [
    'kitty release and text',
    '\x1b[97;1:3u\x1b[97:65;2;65u',
    [{ ...key('a', {}, 'a'), kind: 'release' }, key('A', { shift: true }, 'A')],
  ],
  ['modifyOtherKeys', '\x1b[27;5;105~', [key('i', { ctrl: true })]],
  [
    'kitty reply and DA1',
    '\x1b[?1u\x1b[?62;22c',
    [{ type: 'kitty', flags: 1 }, { type: 'deviceAttributes' }],
  ],
  [
    'bracketed paste',
    'a\x1b[200~line1\r\nline2 \x1b[A\x1b[201~b',
    [key('a', {}, 'a'), { type: 'paste', text: 'line1\nline2 \x1b[A' }, key('b', {}, 'b')],
  ],
  [
    'sgr mouse',
    '\x1b[<0;10;5M\x1b[<0;10;5m\x1b[<32;11;5M\x1b[<64;1;1M\x1b[<65;1;1M\x1b[<18;3;4M',
    [
      {
        type: 'mouse',
        action: 'press',
        button: 'left',
        x: 9,
        y: 4,
        ctrl: false,
        alt: false,
        shift: false,
        meta: false,
      },
      {
        type: 'mouse',
        action: 'release',
        button: 'left',
        x: 9,
        y: 4,
        ctrl: false,
        alt: false,
        shift: false,
        meta: false,
      },
      {
        type: 'mouse',
        action: 'drag',
        button: 'left',
        x: 10,
        y: 4,
        ctrl: false,
        alt: false,
        shift: false,
        meta: false,
      },
      {
        type: 'mouse',
        action: 'wheelUp',
        button: 'none',
        x: 0,
        y: 0,
        ctrl: false,
        alt: false,
        shift: false,
        meta: false,
      },
      {
        type: 'mouse',
        action: 'wheelDown',
        button: 'none',
        x: 0,
        y: 0,
        ctrl: false,
        alt: false,
        shift: false,
        meta: false,
      },
      {
        type: 'mouse',
        action: 'press',
        button: 'right',
        x: 2,
        y: 3,
        ctrl: true,
        alt: false,
        shift: false,
        meta: false,
      },
    ],
  ],
  [
    'focus',
    '\x1b[I\x1b[O',
    [
      { type: 'focus', focused: true },
      { type: 'focus', focused: false },
    ],
  ],
  [
    'osc reply',
    '\x1b]11;rgb:0000/0000/0000\x1b\\x',
    [{ type: 'unknown', sequence: '\x1b]11;rgb:0000/0000/0000\x1b\\' }, key('x', {}, 'x')],
  ],
  ['double escape then arrow', '\x1b\x1b[A', [key('escape'), key('up')]],
];

describe('InputDecoder', () => {
  it.each(CASES)('decodes %s', (_name, input, want) => {
    expect(decodeAll(enc.encode(input))).toEqual(want);
  });

  it.each(CASES)('decodes %s the same at every split point', (_name, input, want) => {
    const bytes = enc.encode(input);
    for (let at = 0; at <= bytes.length; at++)
      expect(decodeSplit(bytes, at), `split at ${at}`).toEqual(want);
  });

  it('decodes a sequence fed one byte at a time', () => {
    const bytes = enc.encode('\x1b[<35;120;40M😀\x1b[1;5A');
    const d = new InputDecoder();
    const got: InputEvent[] = [];
    for (const b of bytes) got.push(...d.feed(Uint8Array.of(b)));
    expect(got).toEqual(decodeAll(bytes));
  });

  it('holds a lone ESC until flushed, then reports the escape key', () => {
    const d = new InputDecoder();
    expect(d.feed('\x1b')).toEqual([]);
    expect(d.waiting).toBe(true);
    expect(d.flush()).toEqual([key('escape')]);
    expect(d.waiting).toBe(false);
  });

  it('resolves an incomplete sequence on flush as keys', () => {
    const d = new InputDecoder();
    expect(d.feed('\x1b[')).toEqual([]);
    expect(d.flush()).toEqual([key('[', { alt: true })]);
  });

  it('delivers a 10 MB paste as one event', () => {
    const body = 'x'.repeat(1024 * 1024 - 1) + '\n';
    const d = new InputDecoder();
    const events: InputEvent[] = [];
    events.push(...d.feed('\x1b[200~'));
    for (let i = 0; i < 10; i++) events.push(...d.feed(enc.encode(body)));
    events.push(...d.feed('\x1b[20'));
    expect(d.inPaste).toBe(true);
    events.push(...d.feed('1~'));
    expect(events).toHaveLength(1);
    const e = events[0];
    expect(e?.type).toBe('paste');
    if (e?.type === 'paste') expect(e.text.length).toBe(10 * 1024 * 1024);
  });

  it('survives random bytes without throwing and always makes progress', () => {
    let seed = 42;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const alphabet = enc.encode('\x1b[]O<;~0123456789Mmu?IPZ\x07\\~\r\t\x7fa');
    for (let round = 0; round < 2000; round++) {
      const d = new InputDecoder();
      const n = 1 + Math.floor(rand() * 64);
      const bytes = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        bytes[i] =
          rand() < 0.5
            ? (alphabet[Math.floor(rand() * alphabet.length)] ?? 0)
            : Math.floor(rand() * 256);
      }
      const cut = Math.floor(rand() * n);
      expect(() => {
        d.feed(bytes.subarray(0, cut));
        d.feed(bytes.subarray(cut));
        d.flush();
        if (!d.inPaste) expect(d.waiting).toBe(false);
      }).not.toThrow();
    }
  });
});
