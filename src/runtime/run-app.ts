// Runs the app full screen on the engine's terminal host, which owns the
// terminal lifecycle: raw mode, alternate screen, mouse and paste modes, and
// restore on every exit path (quit, SIGINT/SIGTERM/SIGHUP with 130/143/129,
// a crash, around Ctrl+Z).
import { type State, themeFor } from '../app/index.js';
import {
  type GraphicsCapabilities,
  type GraphicsSetting,
  detectGraphics,
  runHost,
  type Theme,
} from '../tui/index.js';
import { AppLoop } from './app-loop.js';
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
  /** `ui.images`: the terminal's graphics are probed before the input loop starts. */
  readonly images: GraphicsSetting;
  /** Builds the first state at the terminal's size, knowing what the terminal can show. */
  readonly initial: (width: number, height: number, graphics: GraphicsCapabilities) => State;
  readonly ports: AppPorts;
}

export function pickTheme(
  name: RunAppOptions['theme'],
  env: Readonly<Record<string, string | undefined>>,
): Theme {
  return themeFor(name, env.NO_COLOR !== undefined && env.NO_COLOR !== '');
}

/** Resolves with the exit code once the terminal is restored. */
export async function runApp(o: RunAppOptions): Promise<number> {
  const detected = await detectGraphics(o.stdin, o.stdout, o.env, o.images);
  const loop = new AppLoop(
    o.initial(o.stdout.columns, o.stdout.rows, detected.caps),
    (name) => pickTheme(name, o.env),
    o.ports,
  );
  let started = false;
  const code = await runHost({
    stdin: o.stdin,
    stdout: o.stdout,
    env: { ...o.env },
    mouse: o.mouse,
    fps: o.fps,
    detected,
    view: (frame, host) => {
      if (!started) {
        started = true;
        loop.start(host, o.reopenLast);
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
