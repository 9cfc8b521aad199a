// The web host: the app's screen is xterm.js in a browser tab. It plays the
// part a terminal plays for the terminal host — frames go out as the same
// bytes (alternate screen, mouse and paste modes, the renderer's diffs), and
// what xterm.js sends back (keys, SGR mouse reports, bracketed paste, focus)
// goes through the same input decoder. One browser controls it at a time; the
// app runs on while none is attached (a reply goes on streaming and saving),
// and the next one to attach gets a full repaint.
import {
  FrameScheduler,
  InputReader,
  Renderer,
  enterSequence,
  resolveCapabilities,
  type GraphicsCapabilities,
  type GraphicsSetting,
  osc52,
  type HostControls,
  type InputEvent,
} from '../../tui/index.js';
import type { AppHost, HostCallbacks } from '../host.js';

/** One attached browser, as the host sees it (the WebSocket in server.ts). */
export interface WebClient {
  /** Sends screen bytes. */
  send(bytes: string): void;
}

export interface WebHostOptions {
  readonly mouse: boolean;
  readonly fps: number;
  /** The size until a browser says its own. */
  readonly width?: number;
  readonly height?: number;
}

/** Smallest size accepted from a browser (the app lays out for anything, but 0 is no screen). */
const MIN_SIZE = 2;
/** Largest size accepted from a browser: a bound on the buffers a client can make us allocate. */
const MAX_COLS = 1000;
const MAX_ROWS = 500;

export function clampSize(cols: number, rows: number): { cols: number; rows: number } {
  const c = Number.isFinite(cols) ? Math.trunc(cols) : MIN_SIZE;
  const r = Number.isFinite(rows) ? Math.trunc(rows) : MIN_SIZE;
  return {
    cols: Math.min(MAX_COLS, Math.max(MIN_SIZE, c)),
    rows: Math.min(MAX_ROWS, Math.max(MIN_SIZE, r)),
  };
}

export class WebHost implements AppHost {
  readonly kind = 'web';
  /** xterm.js in the page: 24-bit colour, the image addon, and our own OSC 52 handler. */
  readonly capabilities = {
    colorDepth: 'truecolor',
    images: ['sixel', 'iterm2'],
    osc52Trusted: true,
  } as const;
  private readonly renderer: Renderer;
  private readonly scheduler: FrameScheduler;
  private readonly reader: InputReader;
  private client: WebClient | undefined;
  /** What pictures the page is sent (graphics() sets it before run). */
  caps: GraphicsCapabilities = resolveCapabilities({ TERM: 'xterm-256color' }, undefined, {
    setting: 'blocks',
  });
  private callbacks: HostCallbacks | undefined;
  private done: ((code: number) => void) | undefined;
  /** The first frame is drawn with no browser too, so the app starts its work at once. */
  private drawnOnce = false;
  /** Bytes written per frame, for the benchmark (the terminal host's renderer counts the same). */
  lastFrameBytes = 0;
  /** Called once the app has quit or the host was stopped (the server closes then). */
  onFinish: ((code: number) => void) | undefined;
  /** The attached browser's renderer, as its page reports it. */
  private renderer_: string | undefined;
  private readonly screenListeners: (() => void)[] = [];
  readonly screen = {
    describe: (): string => {
      if (this.client === undefined) return 'browser (none attached)';
      if (this.renderer_ === 'webgl') return 'browser, xterm.js WebGL renderer (GPU)';
      if (this.renderer_ === 'dom') return 'browser, xterm.js DOM renderer (CPU; no WebGL)';
      return 'browser';
    },
    onChange: (listener: () => void): void => {
      this.screenListeners.push(listener);
    },
  };

  private readonly controls: HostControls;

  constructor(private readonly opts: WebHostOptions) {
    this.renderer = new Renderer({
      width: opts.width ?? 100,
      height: opts.height ?? 30,
      // xterm.js draws 24-bit colour.
      depth: 'truecolor',
      write: (s) => {
        this.lastFrameBytes = s.length;
        this.client?.send(s);
      },
    });
    this.scheduler = new FrameScheduler(
      () => {
        this.paint();
      },
      { fps: opts.fps },
    );
    this.reader = new InputReader((events) => {
      this.dispatch(events);
    });
    const renderer = this.renderer;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the controls' getters read the host's current graphics
    const host = this;
    this.controls = {
      get width() {
        return renderer.width;
      },
      get height() {
        return renderer.height;
      },
      requestFrame: () => {
        this.scheduler.request();
      },
      requestFrameNow: () => {
        this.scheduler.requestNow();
      },
      get graphics() {
        return host.caps;
      },
      retransmitImages: () => {
        renderer.retransmitImages();
      },
      // There is no job control in a browser tab.
      suspend: () => undefined,
      quit: (code = 0) => {
        this.stop(code);
      },
      clipboard: (text) => {
        const seq = osc52(text);
        if (this.client === undefined || seq === undefined) return false;
        this.client.send(seq);
        return true;
      },
    };
  }

  /**
   * The page's xterm.js draws half-block pictures like any cell; its image
   * addon could show sixel and iTerm2, but this host's renderer does not track
   * pixel pictures yet, so `auto` means half blocks here (an explicit setting
   * is taken as asked).
   */
  graphics(setting: GraphicsSetting): Promise<GraphicsCapabilities> {
    const chosen = setting === 'auto' ? 'blocks' : setting;
    this.caps = resolveCapabilities({ TERM: 'xterm-256color' }, undefined, { setting: chosen });
    return Promise.resolve(this.caps);
  }

  get width(): number {
    return this.renderer.width;
  }
  get height(): number {
    return this.renderer.height;
  }
  get attached(): boolean {
    return this.client !== undefined;
  }
  get running(): boolean {
    return this.done !== undefined;
  }

  run(callbacks: HostCallbacks): Promise<number> {
    this.callbacks = callbacks;
    return new Promise<number>((resolve) => {
      this.done = resolve;
      this.scheduler.requestNow();
    });
  }

  /**
   * A browser takes the screen (the server has already sent any previous one
   * away): its modes are set and it gets a full repaint at its size.
   */
  attach(client: WebClient, cols: number, rows: number, renderer?: string): void {
    this.client = client;
    this.renderer_ = renderer;
    this.screenChanged();
    const size = clampSize(cols, rows);
    this.renderer.resize(size.cols, size.rows);
    this.renderer.invalidate();
    client.send(enterSequence(this.opts.mouse));
    this.scheduler.requestNow();
  }

  /** The browser went away (tab closed, network): the app runs on. */
  detach(client: WebClient): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.reader.dispose();
    this.screenChanged();
  }

  /** The page switched renderers (its WebGL context was lost). */
  setRenderer(client: WebClient, renderer: string): void {
    if (this.client !== client) return;
    this.renderer_ = renderer;
    this.screenChanged();
  }

  private screenChanged(): void {
    for (const l of this.screenListeners) l();
  }

  /** Bytes typed, clicked or pasted in the attached browser's terminal. */
  input(client: WebClient, data: string): void {
    if (this.client !== client) return;
    this.reader.feed(data);
  }

  resize(client: WebClient, cols: number, rows: number): void {
    if (this.client !== client) return;
    const size = clampSize(cols, rows);
    this.renderer.resize(size.cols, size.rows);
    this.scheduler.requestNow();
  }

  /** Stops the app (Ctrl+C in the launching terminal, the app's quit). */
  stop(code: number): void {
    const done = this.done;
    if (done === undefined) return;
    this.done = undefined;
    this.scheduler.dispose();
    this.reader.dispose();
    this.client = undefined;
    done(code);
    this.onFinish?.(code);
  }

  private paint(): void {
    const cb = this.callbacks;
    if (cb === undefined || this.done === undefined) return;
    if (this.client === undefined && this.drawnOnce) return;
    this.drawnOnce = true;
    this.renderer.draw((f) => {
      cb.view(f, this.controls);
    });
  }

  private dispatch(events: InputEvent[]): void {
    const cb = this.callbacks;
    if (cb === undefined) return;
    for (const e of events) cb.onEvent(e, this.controls);
  }
}
