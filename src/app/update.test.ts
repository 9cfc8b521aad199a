import { describe, expect, it } from 'vitest';
import type { ChatEvent } from '../domain/chat.js';
import { resolveKey } from './types/keymap.js';
import type { State } from './types/state.js';
import { NOW, press, run, testState } from './testing.js';

function typeText(s: State, text: string): State {
  return run(s, ...Array.from(text, (c) => press(c)))[0];
}

describe('composer', () => {
  it('Enter sends: a user item, a streaming reply and a sendChat effect with the conversation', () => {
    let s = typeText(testState(), 'hello');
    const [next, fx] = run(s, press('enter'));
    s = next;
    expect(s.chat.items.map((i) => [i.role, i.content, i.status])).toEqual([
      ['user', 'hello', 'complete'],
      ['assistant', '', 'streaming'],
    ]);
    expect(s.composer.editor.value).toBe('');
    expect(s.chat.title).toBe('hello');
    expect(fx).toEqual([
      expect.objectContaining({
        type: 'sendChat',
        sessionId: undefined,
        title: 'hello',
        model: 'default',
        messages: [{ role: 'user', content: 'hello' }],
      }),
    ]);
  });

  it('Enter on an empty composer sends nothing; Alt+Enter inserts a line', () => {
    expect(run(testState(), press('enter'))[1]).toEqual([]);
    let s = typeText(testState(), 'a');
    s = run(s, press('alt+enter'))[0];
    s = typeText(s, 'b');
    expect(s.composer.editor.value).toBe('a\nb');
  });

  it('refuses a second send while a reply streams, with a notice', () => {
    let s = typeText(testState(), 'one');
    s = run(s, press('enter'))[0];
    s = typeText(s, 'two');
    const [next, fx] = run(s, press('enter'));
    expect(fx).toEqual([]);
    expect(next.toasts.at(-1)?.text).toMatch(/Esc stops it/);
    expect(next.composer.editor.value).toBe('two');
  });

  it('typing q in the composer types, it does not quit', () => {
    const [s, fx] = run(testState(), press('q'));
    expect(fx).toEqual([]);
    expect(s.composer.editor.value).toBe('q');
  });
});

describe('streaming', () => {
  function sending(): [State, string] {
    const [s, fx] = run(typeText(testState(), 'hi'), press('enter'));
    const e = fx[0];
    if (e?.type !== 'sendChat') throw new Error('no send');
    return [s, e.requestId];
  }

  it('folds content into the reply and ends complete with figures', () => {
    const [s0, rid] = sending();
    const [s] = run(
      s0,
      { type: 'chatEvent', requestId: rid, event: { type: 'content', text: 'Hel' } },
      { type: 'chatEvent', requestId: rid, event: { type: 'content', text: 'lo' } },
      { type: 'chatEvent', requestId: rid, event: { type: 'finish', reason: 'stop' } },
      {
        type: 'streamEnded',
        requestId: rid,
        figures: { ttftMs: 12, tokensPerSec: 40, completionTokens: 2 },
      },
    );
    const reply = s.chat.items[1];
    expect(reply?.content).toBe('Hello');
    expect(reply?.status).toBe('complete');
    expect(reply?.figures).toEqual({ ttftMs: 12, tokensPerSec: 40, completionTokens: 2 });
    expect(s.chat.streaming).toBeUndefined();
    expect(s.backend.connection).toBe('ok');
  });

  it('Esc asks to cancel; a cancelled finish keeps the partial text, marked cancelled', () => {
    const [s0, rid] = sending();
    const [s1, fx] = run(
      s0,
      { type: 'chatEvent', requestId: rid, event: { type: 'content', text: 'part' } },
      press('esc'),
    );
    // (The first content also marks the backend up, which asks for its capabilities.)
    expect(fx.filter((e) => e.type !== 'loadCapabilities')).toEqual([
      { type: 'cancelChat', requestId: rid },
    ]);
    const [s] = run(
      s1,
      { type: 'chatEvent', requestId: rid, event: { type: 'finish', reason: 'cancelled' } },
      { type: 'streamEnded', requestId: rid, figures: {} },
    );
    expect(s.chat.items[1]).toMatchObject({ content: 'part', status: 'cancelled' });
  });

  it('an error event marks the reply failed and an unreachable server marks the connection down', () => {
    const [s0, rid] = sending();
    const [s] = run(s0, {
      type: 'chatEvent',
      requestId: rid,
      event: { type: 'error', error: { code: 'unreachable', message: 'no server at 127.0.0.1:1' } },
    });
    expect(s.chat.items[1]).toMatchObject({ status: 'error', error: 'no server at 127.0.0.1:1' });
    expect(s.backend.connection).toBe('down');
  });

  it('ignores events of another request', () => {
    const [s0] = sending();
    const [s] = run(s0, {
      type: 'chatEvent',
      requestId: 'other',
      event: { type: 'content', text: 'x' },
    });
    expect(s.chat.items[1]?.content).toBe('');
  });

  it('Ctrl+R retries the last reply: a new streaming reply to the same saved user message', () => {
    const [s0, rid] = sending();
    const [s1] = run(
      s0,
      { type: 'itemSaved', itemId: s0.chat.items[0]?.id ?? '', storeId: 'U1' },
      {
        type: 'chatEvent',
        requestId: rid,
        event: { type: 'error', error: { code: 'cut', message: 'cut' } },
      },
      { type: 'streamEnded', requestId: rid, figures: {} },
    );
    const [s2, fx] = run(s1, press('ctrl+r'));
    expect(s2.chat.items.map((i) => [i.role, i.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'streaming'],
    ]);
    expect(fx[0]).toMatchObject({
      type: 'sendChat',
      retryOfUser: 'U1',
      messages: [{ role: 'user', content: 'hi' }],
    });
    // Not while streaming, and not with nothing to retry.
    expect(run(s2, press('ctrl+r'))[1]).toEqual([]);
    expect(run(testState(), press('ctrl+r'))[1]).toEqual([]);
  });

  it('a stream that ends without a finish is interrupted', () => {
    const [s0, rid] = sending();
    const [s] = run(s0, { type: 'streamEnded', requestId: rid, figures: {} });
    expect(s.chat.items[1]?.status).toBe('interrupted');
  });

  it('the next send carries the earlier turns and the saved parent', () => {
    const [s0, rid] = sending();
    const [s1] = run(
      s0,
      { type: 'sessionCreated', session: { id: 'S1', title: 'hi', modelId: null, updatedAt: NOW } },
      { type: 'itemSaved', itemId: s0.chat.items[0]?.id ?? '', storeId: 'U1' },
      { type: 'itemSaved', itemId: s0.chat.items[1]?.id ?? '', storeId: 'A1' },
      { type: 'chatEvent', requestId: rid, event: { type: 'content', text: 'Hello' } },
      { type: 'chatEvent', requestId: rid, event: { type: 'finish', reason: 'stop' } },
      { type: 'streamEnded', requestId: rid, figures: {} },
    );
    const [, fx] = run(typeText(s1, 'again'), press('enter'));
    expect(fx[0]).toMatchObject({
      type: 'sendChat',
      sessionId: 'S1',
      parentStoreId: 'A1',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'Hello' },
        { role: 'user', content: 'again' },
      ],
    });
    expect(s1.sessions.items[0]?.id).toBe('S1');
  });
});

describe('keys and focus', () => {
  it('Ctrl+C quits from anywhere; q in the chat is typed in the message box, it does not quit', () => {
    expect(run(testState(), press('ctrl+c'))[1]).toEqual([{ type: 'quit' }]);
    const [chat] = run(testState(), press('tab'));
    expect(chat.focus).toBe('chat');
    expect(run(chat, press('ctrl+c'))[1]).toEqual([{ type: 'quit' }]);
    const [typed, fx] = run(chat, press('q'));
    expect(fx).toEqual([]);
    expect([typed.focus, typed.composer.editor.value]).toEqual(['composer', 'q']);
  });

  it('q in the sidebar quits at once with an empty message box, and asks (Cancel first) when a message is being written', () => {
    const sidebar = (st: State): State => run(st, press('alt+1'))[0];
    const empty = sidebar(testState());
    expect(empty.focus).toBe('sidebar');
    expect(run(empty, press('q'))[1]).toEqual([{ type: 'quit' }]);
    const drafted = sidebar(typeText(testState(), 'half a thought'));
    const [asked, fx] = run(drafted, press('q'));
    expect(fx).toEqual([]);
    expect(asked.overlay?.kind === 'dialog' && asked.overlay.dialog.title).toBe(
      'Quit mistralrs-tui',
    );
    // Typing on ("quick question") and Enter cancel; the draft stays.
    const [kept, keptFx] = run(asked, ...'uick'.split('').map((c) => press(c)), press('enter'));
    expect(keptFx).toEqual([]);
    expect([kept.overlay, kept.composer.editor.value]).toEqual([undefined, 'half a thought']);
    expect(run(asked, press('right'), press('enter'))[1]).toEqual([{ type: 'quit' }]);
  });

  it('quitting while a reply streams cancels it first', () => {
    const [s, fx0] = run(typeText(testState(), 'x'), press('enter'));
    const rid = fx0[0]?.type === 'sendChat' ? fx0[0].requestId : '';
    expect(run(s, press('ctrl+c'))[1]).toEqual([
      { type: 'cancelChat', requestId: rid },
      { type: 'quit' },
    ]);
  });

  it('Tab cycles composer, chat, sessions in the dual layout and skips the sidebar in single', () => {
    const order = (s: State) => {
      const seen: string[] = [];
      for (let i = 0; i < 3; i++) {
        s = run(s, press('tab'))[0];
        seen.push(s.focus);
      }
      return seen;
    };
    expect(order(testState())).toEqual(['chat', 'sidebar', 'composer']);
    expect(order(testState(80, 24, { layout: 'single' }))).toEqual(['chat', 'composer', 'chat']);
  });

  it('F1 opens the help for the focused pane; Esc closes it; ? in the chat is text', () => {
    const [s] = run(testState(), press('f1'));
    expect(s.overlay).toEqual({ kind: 'help' });
    expect(run(s, press('esc'))[0].overlay).toBeUndefined();
    const [chat] = run(testState(), press('tab'), press('f1'));
    expect(chat.overlay).toEqual({ kind: 'help' });
    const [typed] = run(testState(), press('tab'), press('?'));
    expect(typed.overlay).toBeUndefined();
    expect(typed.composer.editor.value).toBe('?');
  });

  it('the help scrolls with j/k when it does not fit, and no further than its end', () => {
    const info = ['Backend', 'Database', 'Config', 'Log', 'Version'].map((l) => [l, 'x'] as const);
    let [s] = run(testState(80, 24, { info }), press('f1'));
    for (let i = 0; i < 50; i++) s = run(s, press('j'))[0];
    expect(s.helpScroll).toBeGreaterThan(0);
    expect(s.helpScroll).toBeLessThan(25);
    const end = s.helpScroll;
    s = run(s, press('k'))[0];
    expect(s.helpScroll).toBe(end - 1);
    expect(run(testState(200, 60), press('f1'), press('j'))[0].helpScroll).toBe(0);
  });

  it('behind the help, keys do nothing but close it or quit', () => {
    const [s] = run(testState(), press('f1'), press('x'));
    expect(s.composer.editor.value).toBe('');
    expect(run(s, press('ctrl+c'))[1]).toEqual([{ type: 'quit' }]);
  });

  it('Esc with no reply streaming goes back to the composer', () => {
    const [s, fx] = run(testState(), press('tab'), press('esc'));
    expect(s.focus).toBe('composer');
    expect(fx).toEqual([]);
  });

  it('Ctrl+B toggles the sidebar and remembers the layout', () => {
    const [s, fx] = run(testState(), press('ctrl+b'));
    expect(s.layout).toBe('single');
    expect(fx).toEqual([{ type: 'saveSetting', key: 'ui.layout', value: 'single' }]);
  });

  it('chat scrolling: up scrolls back, End jumps to the latest, PageUp works from the composer', () => {
    const [s] = run(testState(), press('tab'), press('up'), press('up'));
    expect(s.chat.scroll).toBe(2);
    expect(run(s, press('end'))[0].chat.scroll).toBe(0);
    const [p] = run(testState(), {
      type: 'key',
      event: { ...press('pageup').event, key: 'pageup' },
    });
    expect(p.chat.scroll).toBeGreaterThan(5);
  });

  it('an override replaces the default keys', () => {
    const s = testState(80, 24, { keymap: { ...testState().keymap, 'app.help': ['ctrl+h'] } });
    expect(resolveKey(s.keymap, 'global', press('f1').event)).toBeUndefined();
    expect(resolveKey(s.keymap, 'global', press('ctrl+h').event)).toBe('app.help');
  });
});

describe('sessions', () => {
  const items = ['a', 'b', 'c'].map((id) => ({
    id,
    title: `T${id}`,
    modelId: null,
    updatedAt: NOW,
  }));

  it('selects with j/k and opens with Enter', () => {
    const [s, fx] = run(
      testState(),
      { type: 'sessionsLoaded', items },
      press('tab'),
      press('tab'),
      press('j'),
      press('j'),
      press('j'),
      press('k'),
      press('enter'),
    );
    expect(s.sessions.selected).toBe(1);
    expect(fx).toEqual([{ type: 'openSession', sessionId: 'b' }]);
  });

  it('an opened session replaces the transcript and focuses the composer', () => {
    const [s] = run(
      testState(),
      { type: 'sessionsLoaded', items },
      {
        type: 'sessionOpened',
        session: items[2]!,
        items: [
          {
            id: 'm1',
            storeId: 'm1',
            role: 'user',
            content: 'old',
            status: 'complete',
            createdAt: NOW,
          },
        ],
      },
    );
    expect(s.chat).toMatchObject({ sessionId: 'c', title: 'Tc' });
    expect(s.sessions.selected).toBe(2);
    expect(s.chat.items).toHaveLength(1);
  });

  it('a click on a session row selects and opens it', () => {
    const [s0] = run(testState(), { type: 'sessionsLoaded', items });
    const [s, fx] = run(s0, {
      type: 'mouse',
      event: {
        type: 'mouse',
        action: 'press',
        button: 'left',
        x: 70,
        y: 4,
        ctrl: false,
        alt: false,
        shift: false,
        meta: false,
      },
      hit: { pane: 'sidebar', index: 2 },
    });
    expect(s.focus).toBe('sidebar');
    expect(fx).toEqual([{ type: 'openSession', sessionId: 'c' }]);
  });

  it('the wheel over the chat scrolls by the configured lines', () => {
    const [s] = run(testState(80, 24, { scrollLines: 5 }), {
      type: 'mouse',
      event: {
        type: 'mouse',
        action: 'wheelUp',
        button: 'none',
        x: 5,
        y: 5,
        ctrl: false,
        alt: false,
        shift: false,
        meta: false,
      },
      hit: { pane: 'chat' },
    });
    expect(s.chat.scroll).toBe(5);
  });
});

describe('a chat turn as the runtime reports it', () => {
  /** A chat that just sent "hi", and its request id. */
  function sending(): [State, string] {
    const [s, fx] = run(typeText(testState(), 'hi'), press('enter'));
    const e = fx[0];
    if (e?.type !== 'sendChat') throw new Error('no send');
    return [s, e.requestId];
  }

  it("a frame's batch of events folds as the events one by one", () => {
    const events: ChatEvent[] = [
      { type: 'loading', message: 'warming up' },
      { type: 'reasoning', text: 'let ' },
      { type: 'reasoning', text: 'me think' },
      { type: 'content', text: 'Hel' },
      { type: 'content', text: 'lo' },
      { type: 'toolActivity', phase: 'started', name: 'search' },
      { type: 'content', text: ' there' },
      {
        type: 'usage',
        usage: { promptTokens: 3, completionTokens: 4, totalTokens: 7, source: 'server' },
      },
      { type: 'finish', reason: 'stop' },
    ];
    for (let cut = 0; cut <= events.length; cut++) {
      const [a, rid] = sending();
      const [one] = run(
        a,
        ...events.map((event) => ({ type: 'chatEvent' as const, requestId: rid, event })),
      );
      const [b] = sending();
      const [batched] = run(
        b,
        { type: 'chatEvents', requestId: rid, events: events.slice(0, cut) },
        { type: 'chatEvents', requestId: rid, events: events.slice(cut) },
      );
      expect(batched.chat).toEqual(one.chat);
      expect(batched.backend).toEqual(one.backend);
    }
    // Another request's events change nothing.
    const [c] = sending();
    expect(run(c, { type: 'chatEvents', requestId: 'other', events })[0].chat).toBe(c.chat);
  });

  it("a batch holding the server's refusal of the model's name asks for the model list, as one event does", () => {
    const refused: ChatEvent = {
      type: 'error',
      error: { code: 'engine_poisoned', message: 'EnginePoisoned' },
    };
    const [a, rid] = sending();
    const [, oneFx] = run(
      a,
      { type: 'chatEvent', requestId: rid, event: { type: 'content', text: 'x' } },
      { type: 'chatEvent', requestId: rid, event: refused },
    );
    const [b] = sending();
    const [, batchFx] = run(b, {
      type: 'chatEvents',
      requestId: rid,
      events: [{ type: 'content', text: 'x' }, refused],
    });
    // The same work (a batch's follow-ups, as the first content's capabilities, may come first).
    expect(batchFx).toHaveLength(oneFx.length);
    expect(batchFx).toEqual(expect.arrayContaining(oneFx));
    expect(batchFx).toContainEqual({ type: 'listServerModels' });
  });

  it('a saved turn is the new session, its settings and the saved items, in that order', () => {
    const session = { id: 'S1', title: 'hi', modelId: null, updatedAt: NOW };
    const settings = { preset: 'precise', system_prompt: 'Be brief.' };
    const [a] = sending();
    const ids = a.chat.items.map((i) => i.id);
    const [one, oneFx] = run(
      a,
      { type: 'sessionCreated', session },
      { type: 'sessionSettingsLoaded', sessionId: 'S1', settings },
      { type: 'itemSaved', itemId: ids[0] ?? '', storeId: 'U1' },
      { type: 'siblingsLoaded', itemId: ids[0] ?? '', ids: ['U0', 'U1'] },
      { type: 'itemSaved', itemId: ids[1] ?? '', storeId: 'A1' },
    );
    const [b] = sending();
    const [saved, savedFx] = run(b, {
      type: 'turnSaved',
      created: { session, settings },
      items: [
        { itemId: ids[0] ?? '', storeId: 'U1', siblings: ['U0', 'U1'] },
        { itemId: ids[1] ?? '', storeId: 'A1' },
      ],
    });
    expect(saved.chat).toEqual(one.chat);
    expect(saved.sessions).toEqual(one.sessions);
    expect(saved.composer.settings).toEqual(one.composer.settings);
    expect(saved.composer.settingsFor).toBe('S1');
    expect(savedFx).toEqual(oneFx);
    expect(saved.chat.items.map((i) => [i.storeId, i.siblings])).toEqual([
      ['U1', ['U0', 'U1']],
      ['A1', undefined],
    ]);
  });

  it('an ended turn keeps its trace and ends the reply with its figures', () => {
    const trace = {
      model: 'default',
      messages: [{ role: 'user', content: 'hi' }],
      sentAt: NOW,
      first: [],
      last: [],
      counts: {},
      total: 0,
    };
    const [a, rid] = sending();
    const [one, oneFx] = run(
      a,
      { type: 'replyTraced', itemId: 'A1', trace },
      { type: 'streamEnded', requestId: rid, figures: { completionTokens: 2 } },
    );
    const [b] = sending();
    const [ended, endedFx] = run(b, {
      type: 'turnEnded',
      requestId: rid,
      figures: { completionTokens: 2 },
      traceKey: 'A1',
      trace,
    });
    expect(ended.chat).toEqual(one.chat);
    expect(endedFx).toEqual(oneFx);
    expect(ended.chat.streaming).toBeUndefined();
    expect(ended.chat.traces?.A1).toEqual(trace);
    expect(endedFx).toEqual([expect.objectContaining({ type: 'loadSessions' })]);
  });
});
