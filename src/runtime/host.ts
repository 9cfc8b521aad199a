// The seam between the app loop and whatever shows its frames: the terminal
// it was started in, or a browser tab (runtime/web). A host owns the screen's
// lifecycle, turns the app's frames into bytes for an xterm-compatible screen
// and its input bytes back into events; the app and engine are the same on
// both, so a frame's bytes are the bytes a terminal would get.
import {
  detectColorDepth,
  detectGraphics,
  runHost,
  type ColorDepth,
  type DetectedGraphics,
  type Frame,
  type GraphicsCapabilities,
  type GraphicsSetting,
  type HostControls,
  type InputEvent,
} from '../tui/index.js';
import { osc52Trusted } from './clipboard.js';

export interface HostCallbacks {
  /** Draws one frame (the size comes from the frame). */
  view(frame: Frame, host: HostControls): void;
  onEvent(e: InputEvent, host: HostControls): void;
}

/** What a host's screen is known to do, before any probing. */
export interface HostCapabilities {
  /** Colours it draws (a terminal's from TERM/COLORTERM; a browser: 24-bit). */
  readonly colorDepth: ColorDepth;
  /** Inline picture protocols known to work (a browser's xterm.js image addon: both; a terminal: probe it). */
  readonly images: readonly ('sixel' | 'iterm2')[];
  /** OSC 52 is known to reach the clipboard (the page: yes; a terminal: only the known ones). */
  readonly osc52Trusted: boolean;
}

export interface AppHost {
  /** Which kind of screen, for the info the help screen shows. */
  readonly kind: 'terminal' | 'web';
  /** The size for the first state; a host reports later sizes through its frames. */
  readonly width: number;
  readonly height: number;
  readonly capabilities: HostCapabilities;
  /**
   * What draws the frames, for the help screen's `Screen` line, and a way to
   * hear when that changes (a browser attaches with WebGL or without). Absent:
   * the line main.ts wrote stays.
   */
  readonly screen?: {
    describe(): string;
    onChange(listener: () => void): void;
  };
  /**
   * What pictures the screen shows, found once before `run` (a terminal is
   * probed here, before the input loop owns stdin), for `ui.images`.
   */
  graphics(setting: GraphicsSetting): Promise<GraphicsCapabilities>;
  /** Runs until the app quits or the host is stopped; resolves with the exit code once the screen is restored. */
  run(callbacks: HostCallbacks): Promise<number>;
}

export interface TerminalHostOptions {
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly mouse: boolean;
  readonly fps: number;
}

/** The terminal the program runs in (tui/terminal/host.ts owns raw mode and restore). */
export function terminalHost(o: TerminalHostOptions): AppHost {
  let detected: DetectedGraphics | undefined;
  return {
    kind: 'terminal',
    capabilities: {
      colorDepth: detectColorDepth({ ...o.env }),
      images: [],
      osc52Trusted: osc52Trusted(o.env),
    },
    get width() {
      return o.stdout.columns;
    },
    get height() {
      return o.stdout.rows;
    },
    graphics: async (setting) => {
      detected = await detectGraphics(o.stdin, o.stdout, o.env, setting);
      return detected.caps;
    },
    run: (cb) =>
      runHost({
        stdin: o.stdin,
        stdout: o.stdout,
        env: { ...o.env },
        mouse: o.mouse,
        fps: o.fps,
        ...(detected !== undefined ? { detected } : {}),
        view: (frame, controls) => {
          cb.view(frame, controls);
        },
        onEvent: (e, controls) => {
          cb.onEvent(e, controls);
        },
      }),
  };
}
