import { describe, expect, it } from 'vitest';
import type { Frame, HostControls, InputEvent } from '../../tui/index.js';
import { enterSequence } from '../../tui/index.js';
import { WebHost, clampSize, type WebClient } from './web-host.js';

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

function client(): WebClient & { out: string } {
  const c = {
    out: '',
    send(bytes: string) {
      c.out += bytes;
    },
  };
  return c;
}

function started(mouse = true) {
  const host = new WebHost({ mouse, fps: 60, width: 20, height: 5 });
  const sizes: [number, number][] = [];
  const events: InputEvent[] = [];
  let controls: HostControls | undefined;
  const done = host.run({
    view: (f: Frame, c) => {
      controls = c;
      sizes.push([f.buffer.width, f.buffer.height]);
      f.buffer.setString(0, 0, 'hello-web', {});
    },
    onEvent: (e) => events.push(e),
  });
  return { host, sizes, events, done, controls: () => controls! };
}

describe('the web host', () => {
  it('draws the first frame with no browser (the app starts its work), then nothing until one attaches', async () => {
    const { host, sizes, controls } = started();
    await tick();
    expect(sizes).toEqual([[20, 5]]);
    controls().requestFrameNow();
    await tick();
    expect(sizes.length).toBe(1);
    host.stop(0);
  });

  it("gives an attached browser the terminal modes and a full frame at the browser's size", async () => {
    const { host, sizes } = started();
    await tick();
    const c = client();
    host.attach(c, 40, 10);
    await tick();
    expect(c.out.startsWith(enterSequence(true))).toBe(true);
    expect(c.out).toContain('hello-web');
    expect(sizes.at(-1)).toEqual([40, 10]);
    host.resize(c, 50, 12);
    await tick();
    expect(sizes.at(-1)).toEqual([50, 12]);
    host.stop(0);
  });

  it('decodes what the browser sends (keys, SGR mouse) and ignores a browser that is not attached', () => {
    const { host, events } = started();
    const c = client();
    host.attach(c, 40, 10);
    host.input(c, '\x1b[<0;3;2Mq');
    host.input(client(), 'x');
    expect(events.map((e) => e.type)).toEqual(['mouse', 'key']);
    expect(events[0]).toMatchObject({ type: 'mouse', x: 2, y: 1 });
    expect(events[1]).toMatchObject({ type: 'key', key: 'q' });
    host.stop(0);
  });

  it('repaints in full for a browser that comes back, and keeps running while none is there', async () => {
    const { host, sizes, controls } = started();
    const first = client();
    host.attach(first, 40, 10);
    await tick();
    host.detach(first);
    const drawn = sizes.length;
    controls().requestFrameNow();
    await tick();
    expect(sizes.length).toBe(drawn);
    expect(host.running).toBe(true);
    const again = client();
    host.attach(again, 40, 10);
    await tick();
    // The same size as before, and still a whole screen: clear, then every cell.
    expect(again.out).toContain('\x1b[2J');
    expect(again.out).toContain('hello-web');
    host.stop(0);
  });

  it('copies through OSC 52 to the attached browser only', async () => {
    const { host, controls } = started();
    await tick();
    expect(controls().clipboard('hi')).toBe(false);
    const c = client();
    host.attach(c, 40, 10);
    expect(controls().clipboard('hi')).toBe(true);
    expect(c.out).toContain(`\x1b]52;c;${globalThis.Buffer.from('hi').toString('base64')}\x07`);
    host.stop(0);
  });

  it("resolves with the app's exit code when it quits, once", async () => {
    const { host, done, controls } = started();
    await tick();
    const finished: number[] = [];
    host.onFinish = (code) => finished.push(code);
    controls().quit(0);
    host.stop(130);
    expect(await done).toBe(0);
    expect(finished).toEqual([0]);
    expect(host.running).toBe(false);
  });

  it('keeps sizes from a browser within bounds', () => {
    expect(clampSize(0, -5)).toEqual({ cols: 2, rows: 2 });
    expect(clampSize(1e9, Number.NaN)).toEqual({ cols: 1000, rows: 2 });
    expect(clampSize(80.7, 24)).toEqual({ cols: 80, rows: 24 });
  });

  it('says what draws the frames: no browser, WebGL, or the DOM after a lost context', () => {
    const { host } = started();
    const changes: string[] = [];
    host.screen.onChange(() => changes.push(host.screen.describe()));
    expect(host.screen.describe()).toBe('browser (none attached)');
    const c = client();
    host.attach(c, 40, 10, 'webgl');
    host.setRenderer(c, 'dom');
    host.detach(c);
    expect(changes).toEqual([
      'browser, xterm.js WebGL renderer (GPU)',
      'browser, xterm.js DOM renderer (CPU; no WebGL)',
      'browser (none attached)',
    ]);
    host.stop(0);
  });

  it('tells the app what the page can do: 24-bit colour, sixel and iTerm2 pictures, OSC 52', () => {
    const host = new WebHost({ mouse: true, fps: 60 });
    expect(host.capabilities).toEqual({
      colorDepth: 'truecolor',
      images: ['sixel', 'iterm2'],
      osc52Trusted: true,
    });
  });
});
