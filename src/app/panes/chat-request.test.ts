// The chat pane builds a turn's final request itself: send, retry and a resent
// edit each carry the session's system prompt and sampling and are fitted to
// the model's context, called straight, with no root reducer after them.
import { describe, expect, it } from 'vitest';
import type { Effect } from '../types/effects.js';
import { routeDialog } from '../route-dialog.js';
import type { ChatItem, State } from '../types/state.js';
import { NOW, testState } from '../testing.js';
import { editSelected } from './chat-branch.js';
import { retry, send } from './chat.js';
import { onTelemetry } from './metrics.js';
import { chatDefaults, toJson } from './session-settings.js';

const item = (id: string, role: ChatItem['role'], content: string): ChatItem => ({
  id,
  storeId: id,
  role,
  content,
  status: 'complete',
  createdAt: NOW,
});

/** A chat whose defaults have a system prompt and the "precise" preset, capped at 100 tokens. */
function configured(items: readonly ChatItem[] = [], sessionId?: string): State {
  const d = chatDefaults({ preset: 'precise', maxTokens: 100, systemPrompt: 'Be brief.' });
  const s = testState(100, 30);
  return {
    ...s,
    composer: { ...s.composer, defaults: d, settings: d },
    chat: { ...(sessionId !== undefined ? { sessionId } : {}), items, scroll: 0 },
  };
}

const requestOf = (fx: readonly Effect[]) => {
  const e = fx[0];
  if (e?.type !== 'sendChat') throw new Error(`no request: ${JSON.stringify(fx)}`);
  return e;
};

describe('the final request', () => {
  it('a send carries the system prompt first, the sampling, and the settings a new session starts with', () => {
    const [, fx] = send(configured(), 'hello', NOW);
    const r = requestOf(fx);
    expect(r.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hello' },
    ]);
    expect(r.sampling).toEqual({ temperature: 0.2, topP: 0.9, maxTokens: 100 });
    expect(r.sessionSettings).toEqual(
      toJson(chatDefaults({ preset: 'precise', maxTokens: 100, systemPrompt: 'Be brief.' })),
    );
  });

  it('a retry carries them too (an open session: no settings to start one with)', () => {
    const items = [item('u1', 'user', 'q'), item('a1', 'assistant', 'a')];
    const s = configured(items, 'S1');
    const withSettings = { ...s, composer: { ...s.composer, settingsFor: 'S1' } };
    const r = requestOf(retry(withSettings, NOW)[1]);
    expect(r.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'q' },
    ]);
    expect(r.retryOfUser).toBe('u1');
    expect(r.sampling).toMatchObject({ temperature: 0.2 });
    expect(r.sessionSettings).toBeUndefined();
  });

  it('a resent edit carries them too', () => {
    const items = [item('u1', 'user', 'q'), item('a1', 'assistant', 'a')];
    const s = { ...configured(items), chat: { items, scroll: 0, selected: 0 } };
    const [opened] = editSelected(s);
    if (opened.overlay?.kind !== 'dialog') throw new Error('no dialog');
    const value = { kind: 'text' as const, text: 'q, better' };
    const [, fx] = routeDialog(opened, opened.overlay.dialog, value, NOW, () => [s, []]);
    expect(requestOf(fx).messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'q, better' },
    ]);
  });

  it('a send fits the context and says what was left out', () => {
    const long = 'word '.repeat(1200);
    const items = [0, 1, 2].flatMap((i) => [
      item(`u${String(i)}`, 'user', long),
      item(`a${String(i)}`, 'assistant', long),
    ]);
    const s = onTelemetry(configured(items), {
      kind: 'contextLength',
      model: 'default',
      tokens: 2048,
    });
    const [next, fx] = send(s, 'next', NOW);
    expect(requestOf(fx).messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(next.notices.at(-1)?.text).toMatch(/6 earliest do not fit/);
    // The new exchange is in the state the notice was raised on.
    expect(next.chat.items.map((i) => i.status).slice(-2)).toEqual(['complete', 'streaming']);
  });
});
