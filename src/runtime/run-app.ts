// Runs the app full screen on a host: by default the engine's terminal host,
// which owns the terminal lifecycle (raw mode, alternate screen, mouse and
// paste modes, and restore on every exit path: quit, SIGINT/SIGTERM/SIGHUP
// with 130/143/129, a crash, around Ctrl+Z); or the web host (runtime/web).
// The host's graphics are found out (the terminal is probed) before the first
// state is built and before the input loop owns stdin.
import { type State, themeFor } from '../app/index.js';
import {
  type GraphicsCapabilities,
  type GraphicsSetting,
  type Theme,
  Graphics,
  detectColorDepth,
} from '../tui/index.js';
import { AppLoop } from './app-loop.js';
import { terminalHost, type AppHost } from './host.js';
import type { AppPorts } from '../domain/ports.js';

export interface RunAppOptions {
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly mouse: boolean;
  readonly fps: number;
  readonly theme: 'dark' | 'light' | 'high-contrast';
  /** Reopen the most recent session at start. */
  readonly reopenLast: boolean;
  /** `ui.images`: what the host can show is found out before the input loop starts. */
  readonly images: GraphicsSetting;
  /** Builds the first state at the host's size, knowing what it can show. */
  readonly initial: (width: number, height: number, graphics: GraphicsCapabilities) => State;
  readonly ports: AppPorts;
  /** Where the frames go; the terminal on stdin/stdout when absent. */
  readonly host?: AppHost;
}

export function pickTheme(
  name: RunAppOptions['theme'],
  env: Readonly<Record<string, string | undefined>>,
): Theme {
  return themeFor(name, env.NO_COLOR !== undefined && env.NO_COLOR !== '');
}

/** Resolves with the exit code once the host has restored its screen. */
export async function runApp(o: RunAppOptions): Promise<number> {
  const host = o.host ?? terminalHost(o);
  const graphics = await host.graphics(o.images);
  const loop = new AppLoop(
    o.initial(host.width, host.height, graphics),
    (name) => pickTheme(name, o.env),
    o.ports,
  );
  // A browser tab's clipboard is reached by OSC 52 only (not by this machine's xclip).
  loop.remoteScreen = host.kind === 'web';
  let started = false;
  let requestFrame: (() => void) | undefined;
  // Attachments' previews: pictures decode off the main thread and ask for a frame when done.
  loop.useGraphics(
    new Graphics(graphics, {
      depth: detectColorDepth(o.env),
      onChange: () => requestFrame?.(),
      // A screen shows a few previews: 48 MB of decoded pixels keeps a session
      // of hundreds of pictures well under 300 MB resident (bench/attachments.ts).
      decodedBytes: 48 * 1024 * 1024,
    }),
  );
  // The help screen's Screen line follows the host (the browser's renderer).
  host.screen?.onChange(() => {
    const text = host.screen?.describe() ?? '';
    loop.state = {
      ...loop.state,
      info: loop.state.info.map(([label, value]) =>
        label === 'Screen' ? ([label, text] as const) : ([label, value] as const),
      ),
    };
    requestFrame?.();
  });
  const code = await host.run({
    view: (frame, controls) => {
      if (!started) {
        started = true;
        requestFrame = () => {
          controls.requestFrame();
        };
        loop.attach(controls);
        // The first frame goes out before any data is asked for: what the
        // effects start with (the health check's HTTP request, the store's
        // queries, the model scan, watching the log) runs in part at once, and
        // none of it can change this frame. Keys typed meanwhile are handled.
        setImmediate(() => {
          loop.start(controls, o.reopenLast);
        });
      }
      loop.draw(frame);
    },
    onEvent: (e) => {
      loop.onInput(e);
    },
  });
  await loop.stop();
  return code;
}
