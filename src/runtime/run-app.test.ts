// runApp on a host that records what happens: the first frame is drawn before
// the app asks for any data (the health check, the store's lists, the model
// scan), so none of that work delays it; and a run that quits at once asks for
// nothing after it stopped.
import { describe, expect, it } from 'vitest';
import { defaultKeymap, initialState } from '../app/index.js';
import type { ChatBackend } from '../domain/backend.js';
import { silentLogger } from '../domain/log.js';
import { Buffer, type Frame, type HostControls } from '../tui/index.js';
import type { AppHost, HostCallbacks } from './host.js';
import { runApp } from './run-app.js';

const WIDTH = 80;
const HEIGHT = 24;

/** A host that draws frames on request and records the order of events in `log`. */
function recordingHost(log: string[]): AppHost & { quit(): void } {
  let quit: ((code: number) => void) | undefined;
  let pending = false;
  return {
    kind: 'terminal',
    width: WIDTH,
    height: HEIGHT,
    capabilities: { colorDepth: 'truecolor', images: [], osc52Trusted: false },
    graphics: () => Promise.resolve({ protocol: 'halfblocks' } as never),
    quit() {
      quit?.(0);
    },
    run(callbacks: HostCallbacks): Promise<number> {
      return new Promise((resolve) => {
        let frames = 0;
        const draw = (): void => {
          pending = false;
          const frame: Frame = { buffer: Buffer.sized(WIDTH, HEIGHT), setCursor: () => undefined };
          callbacks.view(frame, controls);
          frames += 1;
          log.push(`frame ${frames}`);
        };
        const controls = {
          width: WIDTH,
          height: HEIGHT,
          requestFrame: () => {
            if (pending) return;
            pending = true;
            setTimeout(draw, 1);
          },
          requestFrameNow: draw,
          suspend: () => undefined,
          quit: (code = 0) => {
            quit?.(code);
          },
          clipboard: () => false,
          graphics: { protocol: 'halfblocks' },
          retransmitImages: () => undefined,
        } as unknown as HostControls;
        quit = (code) => {
          log.push('quit');
          resolve(code);
        };
        draw();
      });
    },
  };
}

function recordingBackend(log: string[]): ChatBackend {
  return {
    name: 'rec',
    kind: 'openai',
    capabilities: () => Promise.reject(new Error('unused')),
    health: () => {
      log.push('health');
      return Promise.resolve({ ok: true, ms: 1 });
    },
    listModels: () => {
      log.push('models');
      return Promise.resolve([]);
    },
    // Never called: no message is sent.
    streamChat: () => {
      throw new Error('unused');
    },
  };
}

function start(log: string[], host: AppHost): Promise<number> {
  return runApp({
    stdin: process.stdin,
    stdout: process.stdout,
    env: {},
    mouse: false,
    fps: 60,
    theme: 'dark',
    reopenLast: true,
    images: 'off',
    initial: (width, height) =>
      initialState({
        width,
        height,
        keymap: defaultKeymap(),
        backend: { name: 'rec', kind: 'openai', model: 'm1' },
      }),
    ports: {
      backend: recordingBackend(log),
      logger: silentLogger,
      startReply: () => {
        throw new Error('unused');
      },
      meter: () => ({
        observe: () => undefined,
        finish: () => {
          throw new Error('unused');
        },
      }),
    },
    host,
  });
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
}

describe('runApp', () => {
  it('draws the first frame before it asks for any data', async () => {
    const log: string[] = [];
    const host = recordingHost(log);
    const done = start(log, host);
    await until(() => log.includes('health'));
    host.quit();
    expect(await done).toBe(0);
    expect(log[0]).toBe('frame 1');
    expect(log.indexOf('health')).toBeGreaterThan(0);
  });

  it('asks for nothing when it quits before the data was asked for', async () => {
    const log: string[] = [];
    const host = recordingHost(log);
    const done = start(log, host);
    // Quit inside the first frame's tick, before the deferred start.
    await Promise.resolve();
    host.quit();
    expect(await done).toBe(0);
    await new Promise((r) => setTimeout(r, 50));
    expect(log).toEqual(['frame 1', 'quit']);
  });
});
