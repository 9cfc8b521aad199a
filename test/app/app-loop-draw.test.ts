// The loop's frame only draws (issue 15's scroll contract): the chat's scroll
// is settled by the reducers when an action arrives, and drawing a frame
// changes nothing in the state.
import { describe, expect, it } from 'vitest';
import { type ChatItem, type State, defaultKeymap, initialState } from '../../src/app/index.js';
import type { ChatBackend } from '../../src/domain/backend.js';
import { silentLogger } from '../../src/domain/log.js';
import { AppLoop } from '../../src/runtime/app-loop.js';
import { ReplyMeter } from '../../src/services/telemetry/reply-meter.js';
import { Buffer, DARK_THEME } from '../../src/tui/index.js';

const T = '2026-01-02T03:04:05.000Z';

/** A backend for a loop that never sends: any call is a test failure. */
const unused = (): Promise<never> => Promise.reject(new Error('not used in this test'));
const backend: ChatBackend = {
  name: 'none',
  kind: 'openai',
  capabilities: unused,
  health: unused,
  listModels: unused,
  // eslint-disable-next-line require-yield
  async *streamChat() {
    await unused();
  },
};

const items: ChatItem[] = Array.from({ length: 40 }, (_, i) => ({
  id: `m${i}`,
  role: i % 2 === 0 ? 'user' : 'assistant',
  content: `message ${i}\n\nwith a second paragraph`,
  status: 'complete',
  createdAt: T,
}));

function loopWith(scroll: number): AppLoop {
  const base = initialState({
    width: 100,
    height: 30,
    keymap: defaultKeymap(),
    backend: { name: 'none', kind: 'openai', model: 'm1' },
  });
  const state: State = { ...base, focus: 'chat', chat: { sessionId: 'S', items, scroll } };
  return new AppLoop(state, () => DARK_THEME, {
    backend,
    startReply: unused,
    meter: () => new ReplyMeter(),
    logger: silentLogger,
  });
}

function draw(loop: AppLoop): string {
  const buffer = Buffer.sized(100, 30);
  loop.draw({ buffer, setCursor: () => undefined });
  return Array.from({ length: 30 }, (_, y) => buffer.rowText(y)).join('\n');
}

describe('the app loop draws without writing back', () => {
  it('a frame of a scroll past the content draws the top and leaves the state as it was', () => {
    const loop = loopWith(Number.MAX_SAFE_INTEGER);
    const before = loop.state;
    expect(draw(loop)).toContain('message 0');
    expect(loop.state).toBe(before);
  });

  it('Home stores the scroll the frame then shows, and PageDown moves from it at once', () => {
    const loop = loopWith(0);
    loop.dispatch({ type: 'command', id: 'chat.top' });
    const top = loop.state.chat.scroll;
    expect(top).toBeGreaterThan(0);
    expect(top).toBeLessThan(1000);
    const before = loop.state;
    expect(draw(loop)).toContain(`↓ ${top} more`);
    expect(loop.state).toBe(before);
    loop.dispatch({ type: 'command', id: 'chat.page_down' });
    expect(loop.state.chat.scroll).toBeLessThan(top);
    expect(draw(loop)).toContain(`↓ ${loop.state.chat.scroll} more`);
  });
});
