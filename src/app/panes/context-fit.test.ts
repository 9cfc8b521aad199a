import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../domain/chat.js';
import { press, testState } from '../testing.js';
import { update } from '../update.js';
import { estimateTokens, fitToContext } from './context-fit.js';

const msg = (role: ChatMessage['role'], chars: number, tag = ''): ChatMessage => ({
  role,
  content: `${tag}${'x'.repeat(Math.max(0, chars - tag.length))}`,
});

describe('fitting a request to the context window', () => {
  const turns: ChatMessage[] = [
    msg('system', 30, 'sys'),
    msg('user', 3000, 'u1'),
    msg('assistant', 3000, 'a1'),
    msg('user', 3000, 'u2'),
    msg('assistant', 3000, 'a2'),
    msg('user', 300, 'u3'),
  ];
  const tags = (ms: readonly ChatMessage[]) =>
    ms.map((m) => (typeof m.content === 'string' ? m.content.slice(0, 3).replace(/x+$/, '') : ''));

  it('keeps everything when it fits', () => {
    expect(fitToContext(turns, 100_000, 1000)).toEqual({ messages: turns, dropped: 0 });
  });

  it('drops the earliest turns first, keeps the system prompt and the new message, and starts on a user turn', () => {
    // 3000 characters ≈ 1008 tokens each: room for the last exchange only.
    const { messages, dropped } = fitToContext(turns, 3000, 512);
    expect(tags(messages)).toEqual(['sys', 'u2', 'a2', 'u3']);
    expect(dropped).toBe(2);
    // Room for one earlier message only (a2): it is dropped too rather than sent without its question.
    const tight = fitToContext(turns, 2000, 512);
    expect(tags(tight.messages)).toEqual(['sys', 'u3']);
    expect(tight.dropped).toBe(4);
  });

  it('never drops the new message, even when it alone is too long', () => {
    const { messages } = fitToContext([msg('user', 90_000, 'big')], 8192, 1024);
    expect(messages).toHaveLength(1);
  });

  it('estimates on the safe side (about 3 characters a token)', () => {
    expect(estimateTokens(msg('user', 300))).toBe(108);
  });

  it('a send in a long chat trims the request once the context size is known, with a notice', () => {
    let s = testState();
    s = update(s, {
      type: 'telemetry',
      update: { kind: 'contextLength', model: 'default', tokens: 2048 },
    })[0];
    const long = 'word '.repeat(1200);
    const items = ['one', 'two', 'three'].flatMap((n, i) => [
      {
        id: `u${String(i)}`,
        role: 'user' as const,
        content: `${n} ${long}`,
        status: 'complete' as const,
        createdAt: '',
      },
      {
        id: `a${String(i)}`,
        role: 'assistant' as const,
        content: long,
        status: 'complete' as const,
        createdAt: '',
      },
    ]);
    s = { ...s, chat: { ...s.chat, items } };
    for (const c of 'next') s = update(s, press(c))[0];
    const [next, fx] = update(s, press('enter'));
    const send = fx.find((e) => e.type === 'sendChat');
    expect(send?.type === 'sendChat' && send.messages.map((m) => m.role)).toEqual(['user']);
    expect(next.toasts.at(-1)?.text).toMatch(
      /6 earliest do not fit the model's 2,048-token context/,
    );
  });
});
