// The capability probe against scripted terminals: each answers the burst the
// way a real terminal family does (or not at all), possibly split byte by
// byte, out of order, or with keystrokes typed in the middle.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { describeCapabilities, resolveCapabilities } from '../../src/tui/graphics/caps.js';
import {
  CELL_SIZE_QUERY,
  DA1_QUERY,
  KITTY_QUERY,
  ProbeParser,
  XTVERSION_QUERY,
  probeTerminal,
} from '../../src/tui/graphics/probe.js';
import { tmuxPassthroughSetting } from '../../src/tui/graphics/tmux.js';

const KITTY_OK = '\x1b_Gi=31;OK\x1b\\';
const KITTY_VERSION = '\x1bP>|kitty(0.35.2)\x1b\\';
const CELL = '\x1b[6;20;10t';
const DA1_SIXEL = '\x1b[?62;4;22c';
const DA1_PLAIN = '\x1b[?62;22c';

type Script = (query: string, send: (s: string, delayMs?: number) => void) => void;

/** A terminal on fake streams: `script` answers what the probe writes. */
function scripted(script: Script) {
  const stdin = new EventEmitter() as EventEmitter & {
    isTTY: boolean;
    resume(): void;
    pause(): void;
  };
  stdin.isTTY = false;
  stdin.resume = () => undefined;
  stdin.pause = () => undefined;
  const written: string[] = [];
  const stdout = {
    write(s: string) {
      written.push(s);
      script(s, (reply, delayMs = 0) => {
        setTimeout(() => stdin.emit('data', Buffer.from(reply, 'utf8')), delayMs);
      });
      return true;
    },
  };
  return {
    io: {
      stdin: stdin as unknown as NodeJS.ReadStream,
      stdout: stdout as unknown as NodeJS.WriteStream,
    },
    written,
  };
}

const probe = (script: Script, tmux = false, timeoutMs = 400) => {
  const t = scripted(script);
  return probeTerminal(t.io, { tmux, timeoutMs, graceMs: 60 }).then((r) => ({
    ...r,
    written: t.written,
  }));
};

describe('probe', () => {
  it('writes the burst with DA1 last', async () => {
    const r = await probe((_q, send) => {
      send(DA1_PLAIN);
    });
    expect(r.written.join('')).toBe(KITTY_QUERY + XTVERSION_QUERY + CELL_SIZE_QUERY + DA1_QUERY);
  });

  it('kitty: graphics OK, version, cell size; Unicode placeholders', async () => {
    const r = await probe((_q, send) => {
      send(KITTY_OK + KITTY_VERSION + CELL + DA1_PLAIN);
    });
    expect(r.replies).toEqual({
      kitty: true,
      version: 'kitty(0.35.2)',
      cell: { width: 10, height: 20 },
      da1: [62, 22],
    });
    const caps = resolveCapabilities({ TERM: 'xterm-kitty' }, r.replies);
    expect(caps).toMatchObject({
      protocol: 'kitty',
      placeholders: true,
      brand: 'kitty',
      source: 'probe',
    });
    expect(r.leftover.length).toBe(0);
  });

  it('sixel-only terminal (foot): no kitty answer, 4 in DA1', async () => {
    const r = await probe((_q, send) => {
      send('\x1bP>|foot(1.16.2)\x1b\\' + CELL + DA1_SIXEL);
    });
    const caps = resolveCapabilities({ TERM: 'foot' }, r.replies);
    expect(caps).toMatchObject({ protocol: 'sixel', sixel: true, kittyGraphics: false });
  });

  it('a terminal with no graphics: blocks', async () => {
    const r = await probe((_q, send) => {
      send('\x1b[?1;2c');
    });
    expect(resolveCapabilities({ TERM: 'xterm-256color' }, r.replies).protocol).toBe('blocks');
  });

  it('no answer at all: times out and falls back on the environment', async () => {
    const r = await probe(() => undefined, false, 80);
    expect(r.replies).toBeUndefined();
    expect(resolveCapabilities({ TERM: 'xterm-256color' }, r.replies)).toMatchObject({
      protocol: 'blocks',
      answered: false,
      source: 'environment',
    });
    // kitty named by the environment is trusted without an answer.
    expect(resolveCapabilities({ TERM: 'xterm-kitty' }, undefined).protocol).toBe('kitty');
  });

  it('replies split byte by byte decode the same', async () => {
    const all = KITTY_OK + KITTY_VERSION + CELL + DA1_SIXEL;
    const r = await probe((_q, send) => {
      for (const ch of all) send(ch);
    });
    expect(r.replies).toEqual({
      kitty: true,
      version: 'kitty(0.35.2)',
      cell: { width: 10, height: 20 },
      da1: [62, 4, 22],
    });
  });

  it('replies out of order, with keystrokes typed in between, lose no key', async () => {
    const r = await probe((_q, send) => {
      send('a' + CELL + 'b\x1b[A');
      send(KITTY_VERSION.slice(0, 5));
      send(KITTY_VERSION.slice(5) + 'é' + KITTY_OK, 5);
      send(DA1_PLAIN, 10);
    });
    expect(r.replies?.kitty).toBe(true);
    expect(r.replies?.cell).toEqual({ width: 10, height: 20 });
    expect(r.replies?.version).toBe('kitty(0.35.2)');
    expect(Buffer.from(r.leftover).toString('utf8')).toBe('ab\x1b[Aé');
  });

  it('an error answer to the kitty query means no kitty graphics', async () => {
    const r = await probe((_q, send) => {
      send('\x1b_Gi=31;ENOTSUPPORTED:no\x1b\\' + DA1_SIXEL);
    });
    expect(resolveCapabilities({}, r.replies).protocol).toBe('sixel');
  });

  it('known-broken combinations fall back: WezTerm answers kitty but uses iTerm2; Konsole gets classic placements', async () => {
    const wez = await probe((_q, send) => {
      send(KITTY_OK + '\x1bP>|WezTerm 20240203\x1b\\' + DA1_SIXEL);
    });
    expect(resolveCapabilities({ TERM_PROGRAM: 'WezTerm' }, wez.replies).protocol).toBe('iterm2');
    const konsole = await probe((_q, send) => {
      send(KITTY_OK + DA1_SIXEL);
    });
    expect(resolveCapabilities({ KONSOLE_VERSION: '230401' }, konsole.replies)).toMatchObject({
      protocol: 'kitty',
      placeholders: false,
    });
  });

  it('tmux: queries go through passthrough too; the outer answers decide', async () => {
    const r = await probe((q, send) => {
      expect(q.startsWith('\x1bPtmux;\x1b\x1b_Gi=31')).toBe(true);
      // tmux answers its own queries at once, the outer terminal later.
      send('\x1bP>|tmux 3.4\x1b\\' + DA1_PLAIN);
      send(KITTY_OK + '\x1bP>|ghostty 1.1.0\x1b\\' + CELL + DA1_PLAIN, 20);
    }, true);
    expect(r.replies).toMatchObject({
      kitty: true,
      version: 'ghostty 1.1.0',
      tmuxVersion: 'tmux 3.4',
    });
    const caps = resolveCapabilities(
      { TMUX: '/tmp/tmux-0/default,1,0', TERM: 'tmux-256color' },
      r.replies,
      {
        passthrough: 'on',
      },
    );
    expect(caps).toMatchObject({ protocol: 'kitty', placeholders: true, tmux: true });
  });

  it('tmux with passthrough off: blocks and a hint; the probe ends after the grace period', async () => {
    const r = await probe((_q, send) => {
      send('\x1bP>|tmux 3.3a\x1b\\' + DA1_PLAIN);
    }, true);
    expect(r.replies?.kitty).toBeUndefined();
    const caps = resolveCapabilities({ TMUX: 'x' }, r.replies, { passthrough: 'off' });
    expect(caps.protocol).toBe('blocks');
    expect(caps.hint).toMatch(/allow-passthrough on/);
  });

  it('reads tmux allow-passthrough', () => {
    expect(tmuxPassthroughSetting(() => 'on\n')).toBe('on');
    expect(tmuxPassthroughSetting(() => 'all\n')).toBe('on');
    expect(tmuxPassthroughSetting(() => 'off\n')).toBe('off');
    expect(
      tmuxPassthroughSetting(() => {
        throw new Error('no server');
      }),
    ).toBe('unknown');
  });

  it('ui.images overrides; NO_COLOR turns the half-block fallback into labels', () => {
    expect(
      resolveCapabilities({ TERM: 'xterm-kitty' }, { kitty: true }, { setting: 'sixel' }),
    ).toMatchObject({
      protocol: 'sixel',
      source: 'config',
    });
    expect(resolveCapabilities({}, { da1: [1] }, { noColor: true }).protocol).toBe('off');
  });

  it('the parser keeps an incomplete reply for the next read', () => {
    const p = new ProbeParser();
    p.feed('\x1b_Gi=31;O');
    expect(p.replies.kitty).toBeUndefined();
    p.feed('K\x1b');
    p.feed('\\x');
    expect(p.replies.kitty).toBe(true);
    expect(p.leftover()).toBe('x');
  });

  it('describes what was found, and how', () => {
    const cell = { width: 10, height: 20 };
    expect(
      describeCapabilities(
        resolveCapabilities({}, { kitty: true, version: 'kitty(0.35.2)', cell, da1: [62] }),
      ),
    ).toBe('images: kitty graphics (Unicode placeholders); kitty(0.35.2), cell 10x20 px');
    expect(
      describeCapabilities(resolveCapabilities({ TERM: 'xterm' }, undefined, { probed: true })),
    ).toBe('images: half-block cells (the terminal did not answer the probe); xterm');
    expect(describeCapabilities(resolveCapabilities({ TERM: 'xterm' }, undefined))).toBe(
      'images: half-block cells (from the environment); xterm',
    );
    expect(
      describeCapabilities(
        resolveCapabilities({ TMUX: 'x' }, { da1: [1] }, { passthrough: 'off' }),
      ),
    ).toBe('images: half-block cells; unknown terminal, in tmux (passthrough off)');
  });
});
