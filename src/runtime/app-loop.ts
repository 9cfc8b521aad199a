// The event loop: input events, service results and timer ticks become
// actions; each action goes through the app's reducer, its effects go to the
// effect runner, and a frame is scheduled. Free of the terminal so tests can
// drive it with a fake host.
import {
  type Action,
  type AppLayout,
  type Drawn,
  type State,
  type ThemeName,
  ViewCache,
  drawApp,
  measureAhead,
  hitTest,
  modelsBusy,
  serverPollMs,
  update,
} from '../app/index.js';
import type { Frame, Graphics, InputEvent, Theme } from '../tui/index.js';
import { markdownWarmUp } from '../tui/index.js';
import { EffectRunner } from './effects.js';
import type { AppPorts } from '../domain/ports.js';

export interface LoopHost {
  requestFrame(): void;
  requestFrameNow(): void;
  quit(code?: number): void;
  suspend(): void;
  /** OSC 52 through the terminal host (absent in tests: nothing is sent). */
  clipboard?(text: string): boolean;
}

const TICK_MS = 100;
/** Background measuring of chat heights: this long a slice, this far apart. */
const MEASURE_SLICE_MS = 6;
const MEASURE_GAP_MS = 16;
/** While no server answers, ask again this often (so starting one later just works). */
const HEALTH_RETRY_MS = 5000;
/**
 * While one answers, ask this many retry periods apart, so that the status
 * bar's "connected" stops being true soon after the server dies, not only
 * when the next message fails.
 */
const HEALTH_POLL_EVERY = 2;
/** How often the models tab's refresh checks whether it is due (panes/models.ts sets the pace). */
const MODELS_POLL_CHECK_MS = 250;

export class AppLoop {
  state: State;
  private layout: AppLayout | undefined;
  private cache: ViewCache;
  private readonly runner: EffectRunner;
  private ticker: NodeJS.Timeout | undefined;
  private healthTimer: NodeJS.Timeout | undefined;
  /** Asks the server's model list again while the models tab is on screen. */
  private modelsTimer: NodeJS.Timeout | undefined;
  private host: LoopHost | undefined;
  private stopped = false;
  /** `stop` was called: a `start` still to come (runApp's, after the first frame) asks for nothing. */
  private stopping = false;
  private measureTimer: NodeJS.Timeout | undefined;
  /** The theme the view cache was built for (a theme switch rebuilds it). */
  private cacheTheme: ThemeName;
  /** Work to do just before the next frame (a chat turn's streamed events, batched). */
  private readonly beforeDraw = new Set<() => void>();
  /** True while that work runs: the frame being drawn shows what it changes. */
  private drawing = false;
  /** The MCP clients were started (after the first frame). */
  private agentStarted = false;
  /** The screen is on another machine (the web host): set by runApp before the loop starts. */
  remoteScreen = false;

  constructor(
    initial: State,
    private readonly themeOf: (name: ThemeName) => Theme,
    private readonly ports: AppPorts,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {
    this.state = initial;
    this.cache = new ViewCache(themeOf(initial.theme));
    this.cacheTheme = initial.theme;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- read by a getter in the effect host below
    const loop = this;
    this.runner = new EffectRunner(ports, {
      dispatch: (a) => {
        this.dispatch(a);
      },
      quit: () => this.host?.quit(0),
      suspend: () => this.host?.suspend(),
      clipboard: (text) => this.host?.clipboard?.(text) ?? false,
      get remoteScreen() {
        return loop.remoteScreen;
      },
      beforeFrame: (flush) => {
        this.beforeDraw.add(flush);
        this.host?.requestFrame();
      },
      requestFrame: () => this.host?.requestFrame(),
    });
  }

  /** The host's graphics context: attachments' previews draw with it. */
  useGraphics(g: Graphics): void {
    this.runner.media.useGraphics(g);
    this.cache.media = this.runner.media;
  }

  /** Binds the host: input and effects can ask it for frames from now on. */
  attach(host: LoopHost): void {
    this.host = host;
  }

  /** Binds the terminal host and asks for the first data (not once `stop` was called). */
  start(host: LoopHost, lastSession: boolean): void {
    this.host = host;
    if (this.stopping) return;
    // The Markdown parser is loaded and warmed once the first frame is out (it
    // is not needed for it), in short steps spaced like the background
    // measuring, so that keys typed meanwhile are read between them.
    const warm = markdownWarmUp();
    const step = (): void => {
      const next = warm.shift();
      if (next === undefined || this.stopped) return;
      next();
      setTimeout(step, MEASURE_GAP_MS).unref();
    };
    setTimeout(step, 0).unref();
    this.runner.run({ type: 'checkHealth' });
    let round = 0;
    this.healthTimer = setInterval(() => {
      round += 1;
      // A reply streaming in is proof enough that the server is there.
      if (this.state.chat.streaming !== undefined) return;
      const c = this.state.backend.connection;
      if (c === 'down' || (c === 'ok' && round % HEALTH_POLL_EVERY === 0))
        this.runner.run({ type: 'checkHealth' });
    }, HEALTH_RETRY_MS);
    this.healthTimer.unref();
    let lastModelsPoll = Date.now();
    this.modelsTimer = setInterval(() => {
      const every = serverPollMs(this.state);
      if (every === undefined || Date.now() - lastModelsPoll < every) return;
      lastModelsPoll = Date.now();
      this.runner.run({ type: 'listServerModels' });
    }, MODELS_POLL_CHECK_MS);
    this.modelsTimer.unref();
    this.runner.run({ type: 'loadSettings' });
    this.runner.run({ type: 'loadSessions' });
    this.runner.run({ type: 'watchLogs' });
    // For /template completion; the manager reloads them when it opens.
    if (this.ports.store !== undefined) this.runner.run({ type: 'loadTemplates' });
    // The models tab and the welcome screen name the models found on disk.
    this.runner.run({ type: 'scanModels', refresh: false });
    if (lastSession) void this.openLast();
  }

  private async openLast(): Promise<void> {
    // The session open when the app last quit; else the newest one, once the list is in.
    const store = this.ports.store;
    let id: string | undefined;
    try {
      const remembered = await store?.getSetting('ui.last_session');
      if (typeof remembered === 'string' && (await store?.getSession(remembered)) !== undefined)
        id = remembered;
    } catch {
      // A store problem here only means starting with the newest session.
    }
    id ??= await this.waitForSessions();
    if (
      id !== undefined &&
      !this.stopped &&
      this.state.chat.items.length === 0 &&
      this.state.chat.streaming === undefined
    )
      this.runner.run({ type: 'openSession', sessionId: id });
  }

  private waitForSessions(): Promise<string | undefined> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (this.stopped) resolve(undefined);
        else if (this.state.sessions.loaded) resolve(this.state.sessions.items[0]?.id);
        else setTimeout(check, 10).unref();
      };
      check();
    });
  }

  dispatch(a: Action, echo = false): void {
    if (this.stopped) return;
    const [next, effects] = update(this.state, a, this.now(), this.cache);
    const changed = next !== this.state;
    this.state = next;
    for (const e of effects) this.runner.run(e);
    this.syncTicker();
    if ((changed || effects.length > 0) && !this.drawing) {
      if (echo) this.host?.requestFrameNow();
      else this.host?.requestFrame();
    }
  }

  onInput(e: InputEvent): void {
    switch (e.type) {
      case 'key':
        this.dispatch({ type: 'key', event: e }, true);
        return;
      case 'paste':
        this.dispatch({ type: 'paste', text: e.text }, true);
        return;
      case 'mouse': {
        if (e.action === 'move') return;
        const hit =
          this.layout === undefined ? undefined : hitTest(this.layout, this.state, e.x, e.y);
        this.dispatch({ type: 'mouse', event: e, hit }, true);
        return;
      }
      default:
        return;
    }
  }

  /** Draws a frame; the size comes from the frame (the host tracks resizes). */
  draw(frame: Frame): Drawn {
    this.runBeforeDraw();
    const { width, height } = frame.buffer;
    if (width !== this.state.width || height !== this.state.height) {
      // A resize can hide or show a pane that has work running (the metrics poller).
      const [next, effects] = update(
        this.state,
        { type: 'resize', width, height },
        this.now(),
        this.cache,
      );
      this.state = next;
      for (const e of effects) this.runner.run(e);
    }
    if (this.state.theme !== this.cacheTheme) {
      this.cacheTheme = this.state.theme;
      const media = this.cache.media;
      this.cache = new ViewCache(this.themeOf(this.state.theme));
      this.cache.media = media;
    }
    // The frame only draws: the reducers settled the chat's scroll already.
    const drawn = drawApp(frame, this.state, this.cache);
    this.layout = drawn.layout;
    if (!this.agentStarted) {
      // Agent mode: the MCP SDK loads and the servers start once this first
      // frame has been written (the host writes it when draw returns).
      this.agentStarted = true;
      setImmediate(() => {
        if (!this.stopped) this.runner.agent.start();
      });
    }
    this.scheduleMeasure();
    return drawn;
  }

  private runBeforeDraw(): void {
    if (this.beforeDraw.size === 0) return;
    const work = [...this.beforeDraw];
    this.beforeDraw.clear();
    this.drawing = true;
    try {
      for (const w of work) w();
    } finally {
      this.drawing = false;
    }
  }

  /**
   * Measures the heights of chat messages above the screen in short slices
   * between frames (a 10,000-message session: a few seconds in the
   * background), so that a jump to the top later costs one frame, not a
   * second. Input is read between slices.
   */
  private scheduleMeasure(): void {
    if (this.measureTimer !== undefined || this.stopped) return;
    this.measureTimer = setTimeout(() => {
      this.measureTimer = undefined;
      if (this.stopped) return;
      if (measureAhead(this.state, this.cache, performance.now() + MEASURE_SLICE_MS))
        this.scheduleMeasure();
    }, MEASURE_GAP_MS);
    this.measureTimer.unref();
  }

  private syncTicker(): void {
    // A busy model in the models tab turns its spinner too.
    const animate =
      this.state.chat.streaming !== undefined ||
      this.state.toasts.length > 0 ||
      (serverPollMs(this.state) !== undefined && modelsBusy(this.state));
    if (animate && this.ticker === undefined) {
      this.ticker = setInterval(() => {
        this.dispatch({ type: 'tick' });
      }, TICK_MS);
    } else if (!animate && this.ticker !== undefined) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  /** Cancels replies and waits for their final writes. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.runner.settle();
    this.stopped = true;
    if (this.healthTimer !== undefined) clearInterval(this.healthTimer);
    if (this.modelsTimer !== undefined) clearInterval(this.modelsTimer);
    if (this.ticker !== undefined) clearInterval(this.ticker);
    this.ticker = undefined;
    if (this.measureTimer !== undefined) clearTimeout(this.measureTimer);
    this.measureTimer = undefined;
  }
}
