// The terminal host for full-screen programs built on the engine: the app
// (runtime/run-app.ts starts its loop on it) and the gallery
// (examples/tui-gallery). It refuses a terminal it cannot drive (not a TTY, a
// dumb TERM) and otherwise owns raw mode, the alternate screen,
// mouse/paste/focus modes, the kitty keyboard protocol when the terminal
// confirms it, an ESC timeout for the decoder, frames through the renderer and
// the FPS-capped scheduler, the clipboard by OSC 52, and restore on every exit
// path: normal quit, SIGINT/SIGTERM/SIGHUP, an uncaught exception or unhandled
// rejection, and around a Ctrl+Z suspend.
import {
  type GraphicsCapabilities,
  type GraphicsSetting,
  inTmux,
  resolveCapabilities,
} from '../graphics/caps.js';
import { probeTerminal } from '../graphics/probe.js';
import { tmuxPassthroughSetting } from '../graphics/tmux.js';
import type { InputEvent } from '../input/events.js';
import { InputReader } from '../input/reader.js';
import { type Frame, Renderer } from '../render/renderer.js';
import { FrameScheduler } from '../render/scheduler.js';
import { detectColorDepth } from '../style/color.js';
import { KITTY_PUSH, KITTY_QUERY, enterSequence, leaveSequence, unusableReason } from './modes.js';

export interface HostControls {
  readonly width: number;
  readonly height: number;
  /** Schedules a frame (coalesced, capped at the FPS). */
  requestFrame(): void;
  /** Paints at once (an input echo). */
  requestFrameNow(): void;
  suspend(): void;
  quit(code?: number): void;
  /**
   * Asks the terminal to put `text` on the clipboard (OSC 52). False when it
   * was not sent: too long, or the screen is not ours (suspended, closing).
   * Whether the terminal honours it cannot be known.
   */
  clipboard(text: string): boolean;
  /** What the terminal can show (probed at start when `images` was given; else half blocks). */
  readonly graphics: GraphicsCapabilities;
  /** The renderer's hook to send image data again (see Renderer.retransmitImages). */
  retransmitImages(): void;
}

/** Longest OSC 52 payload sent (base64 bytes); terminals drop or truncate longer ones. */
export const OSC52_MAX = 100_000;

/** The OSC 52 sequence that sets the clipboard to `text`, or undefined when too long. */
export function osc52(text: string): string | undefined {
  // Base64 has no byte a terminal would act on, so the text cannot escape the sequence.
  const b64 = globalThis.Buffer.from(text, 'utf8').toString('base64');
  if (b64.length > OSC52_MAX) return undefined;
  return `\x1b]52;c;${b64}\x07`;
}

export interface HostOptions {
  readonly stdin?: NodeJS.ReadStream;
  readonly stdout?: NodeJS.WriteStream;
  readonly env?: Record<string, string | undefined>;
  readonly fps?: number;
  readonly mouse?: boolean;
  /**
   * Probe the terminal's graphics before the input loop starts, resolved
   * with this setting (`ui.images`). Without it no probe is written.
   */
  readonly images?: GraphicsSetting;
  /** Graphics already detected by `detectGraphics` (the app probes before building its first state). */
  readonly detected?: DetectedGraphics;
  readonly view: (frame: Frame, host: HostControls) => void;
  readonly onEvent: (e: InputEvent, host: HostControls) => void;
}

export interface DetectedGraphics {
  readonly caps: GraphicsCapabilities;
  /** Input read during the probe that was not a reply (keys typed meanwhile). */
  readonly leftover: Uint8Array;
}

/**
 * Detects the terminal's graphics: the probe plus the environment. Nothing
 * else may read stdin yet. A terminal is left in raw mode after a probe (so a
 * late reply is never echoed): run the host next, or set it back.
 */
export async function detectGraphics(
  stdin: NodeJS.ReadStream,
  stdout: NodeJS.WriteStream,
  env: Readonly<Record<string, string | undefined>>,
  setting: GraphicsSetting,
): Promise<DetectedGraphics> {
  const noColor = (env.NO_COLOR ?? '') !== '';
  const tmux = inTmux(env);
  const passthrough = tmux ? tmuxPassthroughSetting() : 'unknown';
  const usable = stdin.isTTY && unusableReason(stdout.isTTY, env) === undefined;
  if (setting === 'off' || setting === 'blocks' || !usable)
    return {
      caps: resolveCapabilities(env, undefined, { setting, noColor, passthrough }),
      leftover: new Uint8Array(0),
    };
  stdin.setRawMode(true);
  const r = await probeTerminal({ stdin, stdout }, { tmux });
  return {
    caps: resolveCapabilities(env, r.replies, { setting, noColor, passthrough, probed: true }),
    leftover: r.leftover,
  };
}

/** Runs a full-screen program until it quits; resolves with the exit code after restoring the terminal. */
export async function runHost(opts: HostOptions): Promise<number> {
  const stdin = opts.stdin ?? process.stdin;
  const stdout = opts.stdout ?? process.stdout;
  const env = opts.env ?? process.env;
  const reason = unusableReason(stdout.isTTY, env);
  if (reason !== undefined) {
    process.stderr.write(`${reason}\n`);
    return 1;
  }
  const detected =
    opts.detected ??
    (opts.images !== undefined
      ? await detectGraphics(stdin, stdout, env, opts.images)
      : { caps: resolveCapabilities(env, undefined, { setting: 'blocks' }), leftover: undefined });
  const mouse = opts.mouse ?? true;
  let kitty = false;
  const renderer = new Renderer({
    width: stdout.columns,
    height: stdout.rows,
    depth: detectColorDepth(env),
    write: (s) => stdout.write(s),
  });
  let done: ((code: number) => void) | undefined;
  let active = false;

  const controls: HostControls = {
    get width() {
      return renderer.width;
    },
    get height() {
      return renderer.height;
    },
    requestFrame: () => {
      scheduler.request();
    },
    requestFrameNow: () => {
      scheduler.requestNow();
    },
    suspend,
    quit: (code = 0) => {
      finish(code);
    },
    clipboard: (text) => {
      const seq = osc52(text);
      if (!active || seq === undefined) return false;
      stdout.write(seq);
      return true;
    },
    graphics: detected.caps,
    retransmitImages: () => {
      renderer.retransmitImages();
    },
  };
  const scheduler = new FrameScheduler(
    () => {
      if (active)
        renderer.draw((f) => {
          opts.view(f, controls);
        });
    },
    { fps: opts.fps ?? 60 },
  );

  const restore = (): void => {
    if (!active) return;
    active = false;
    // Pictures go with the screen, and kitty frees the image data we sent.
    stdout.write(renderer.releaseImages() + leaveSequence(mouse, kitty));
    if (stdin.isTTY) stdin.setRawMode(false);
  };
  const enter = (): void => {
    if (stdin.isTTY) stdin.setRawMode(true);
    stdout.write(enterSequence(mouse) + (kitty ? KITTY_PUSH : ''));
    active = true;
    renderer.invalidate();
    scheduler.requestNow();
  };

  const dispatch = (events: InputEvent[]): void => {
    for (const e of events) {
      if (e.type === 'kitty' && !kitty) {
        kitty = true;
        stdout.write(KITTY_PUSH);
        continue;
      }
      // tmux drops passthrough written while its window was hidden: send image data again.
      if (e.type === 'focus' && e.focused && detected.caps.tmux) renderer.retransmitImages();
      opts.onEvent(e, controls);
    }
  };
  // Decodes input and resolves a lone Esc after a short wait for more bytes.
  const reader = new InputReader(dispatch);
  const onData = (data: Buffer): void => {
    reader.feed(data);
  };
  const onResize = (): void => {
    renderer.resize(stdout.columns, stdout.rows);
    scheduler.requestNow();
  };
  const onSignal = (sig: NodeJS.Signals): void => {
    finish(sig === 'SIGINT' ? 130 : sig === 'SIGHUP' ? 129 : 143);
  };
  const onCrash = (err: unknown): void => {
    restore();
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    finish(1);
  };
  const onCont = (): void => {
    renderer.retransmitImages();
    enter();
  };
  function suspend(): void {
    restore();
    process.once('SIGCONT', onCont);
    process.kill(process.pid, 'SIGSTOP');
  }

  function finish(code: number): void {
    restore();
    scheduler.dispose();
    reader.dispose();
    stdin.off('data', onData);
    stdout.off('resize', onResize);
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(s, onSignal);
    process.off('SIGTSTP', suspend);
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    process.off('exit', restore);
    process.off('SIGCONT', onCont);
    stdin.pause();
    const d = done;
    done = undefined;
    d?.(code);
  }

  return new Promise<number>((resolve) => {
    done = resolve;
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, onSignal);
    // A SIGTSTP from outside (kill -TSTP; in raw mode Ctrl+Z is a key) must restore first too.
    process.on('SIGTSTP', suspend);
    process.on('uncaughtException', onCrash);
    process.on('unhandledRejection', onCrash);
    process.on('exit', restore);
    stdin.on('data', onData);
    stdout.on('resize', onResize);
    stdin.resume();
    enter();
    // Keys typed while the graphics probe ran come first.
    if (detected.leftover !== undefined && detected.leftover.length > 0)
      reader.feed(detected.leftover);
    stdout.write(KITTY_QUERY);
  });
}
