// The chat pane's message actions as reducers: selection, copy, reasoning,
// the mouse text selection, edit, siblings, fork and the inspector's record.
import { describe, expect, it } from 'vitest';
import type { Action } from '../types/actions.js';
import type { Effect } from '../types/effects.js';
import type { ChatItem, State } from '../types/state.js';
import { NOW, press, run, testState } from '../testing.js';
import type { ChatRowMap } from '../geometry/chat-rows.js';
import { newestLeaf, threadItems } from './chat.js';
import type { Message } from '../../domain/session.js';

const item = (id: string, role: ChatItem['role'], content: string, more: Partial<ChatItem> = {}) =>
  ({ id, storeId: id, role, content, status: 'complete', createdAt: NOW, ...more }) as ChatItem;

const ITEMS: ChatItem[] = [
  item('m1', 'user', 'first question'),
  item('m2', 'assistant', 'first answer', { reasoning: 'let me think about it' }),
  item('m3', 'user', 'second question', { siblings: ['m3', 'm3b'] }),
  item('m4', 'assistant', 'second answer'),
];

/** A conversation with the chat pane focused. */
function chatState(over: Partial<State['chat']> = {}): State {
  const s = testState(100, 30);
  return {
    ...s,
    focus: 'chat',
    chat: { sessionId: 'S1', title: 'T', items: ITEMS, scroll: 0, ...over },
  };
}

describe('selecting messages', () => {
  it('Shift+Up starts at the latest and moves up; Shift+Down moves down; each asks to reveal', () => {
    let s = chatState();
    s = run(s, press('shift+up'))[0];
    expect(s.chat.selected).toBe(3);
    const r = s.chat.reveal;
    s = run(s, press('shift+up'), press('shift+up'))[0];
    expect(s.chat.selected).toBe(1);
    expect(s.chat.reveal).toBe((r ?? 0) + 2);
    s = run(s, press('shift+down'))[0];
    expect(s.chat.selected).toBe(2);
    s = run(s, press('shift+up'), press('shift+up'), press('shift+up'), press('shift+up'))[0];
    expect(s.chat.selected).toBe(0);
  });

  it('plain up/down still scroll', () => {
    const [s] = run(chatState(), press('up'), press('up'));
    expect(s.chat.scroll).toBe(2);
    expect(s.chat.selected).toBeUndefined();
  });
});

describe('copy and reasoning', () => {
  it('Ctrl+Y copies the selected message, or the latest when none is selected', () => {
    const [s, fx] = run(chatState({ selected: 1 }), press('ctrl+y'));
    expect(fx).toEqual([{ type: 'copy', text: 'first answer', what: 'the assistant message' }]);
    expect(s.chat.selected).toBe(1);
    const [s2, fx2] = run(chatState(), press('ctrl+y'));
    expect(fx2).toEqual([{ type: 'copy', text: 'second answer', what: 'the assistant message' }]);
    expect(s2.chat.selected).toBe(3);
  });

  it('an empty message copies nothing and says so', () => {
    const s = chatState({ items: [item('x', 'assistant', '')], selected: 0 });
    const [next, fx] = run(s, press('ctrl+y'));
    expect(fx).toEqual([]);
    expect(next.toasts.at(-1)?.text).toMatch(/Nothing to copy/);
  });

  it('Ctrl+G folds and unfolds the reasoning of the selected message', () => {
    let s = run(chatState({ selected: 1 }), press('ctrl+g'))[0];
    expect(s.chat.items[1]?.reasoningOpen).toBe(true);
    s = run(s, press('ctrl+g'))[0];
    expect(s.chat.items[1]?.reasoningOpen).toBe(false);
    const [none] = run(chatState({ selected: 0 }), press('ctrl+g'));
    expect(none.toasts.at(-1)?.text).toMatch(/no reasoning/);
  });
});

describe('the mouse in the chat', () => {
  const rows: ChatRowMap = {
    area: { x: 2, y: 1, width: 20, height: 3 },
    items: [0, 0, 1],
    cells: [Array.from(' you  hh:mm'), Array.from('  hello world'), Array.from(' assistant')],
  };
  const mouse = (action: 'press' | 'drag' | 'release', x: number, y: number): Action => ({
    type: 'mouse',
    event: {
      type: 'mouse',
      action,
      button: 'left',
      x,
      y,
      shift: false,
      alt: false,
      ctrl: false,
      meta: false,
    },
    hit: {
      pane: 'chat',
      rows,
      ...(rows.items[y - 1] !== undefined ? { item: rows.items[y - 1] } : {}),
    },
  });

  it('a click selects the message under the pointer and focuses the chat', () => {
    const s0 = { ...chatState(), focus: 'composer' as const };
    const [s, fx] = run(s0, mouse('press', 5, 3), mouse('release', 5, 3));
    expect(s.focus).toBe('chat');
    expect(s.chat.selected).toBe(1);
    expect(s.chat.mark).toBeUndefined();
    expect(fx).toEqual([]);
  });

  it('a drag selects text as drawn and copies it on release; it stays highlighted', () => {
    const [s, fx] = run(
      chatState(),
      mouse('press', 4, 2),
      mouse('drag', 8, 2),
      mouse('release', 8, 2),
    );
    expect(fx).toEqual([{ type: 'copy', text: 'hello', what: 'the selected text' }]);
    expect(s.chat.mark).toMatchObject({ anchor: { x: 4, y: 2 }, head: { x: 8, y: 2 }, done: true });
  });

  it('a click on a folded "thinking" line unfolds it; Esc drops a highlighted selection', () => {
    const thinking: ChatRowMap = {
      ...rows,
      cells: [...rows.cells.slice(0, 2), Array.from('  ▸ thinking · 5 words')],
    };
    const at: Action = {
      type: 'mouse',
      event: {
        type: 'mouse',
        action: 'press',
        button: 'left',
        x: 6,
        y: 3,
        shift: false,
        alt: false,
        ctrl: false,
        meta: false,
      },
      hit: { pane: 'chat', rows: thinking, item: 1 },
    };
    const [s] = run(chatState(), at);
    expect(s.chat.items[1]?.reasoningOpen).toBe(true);
    const [dragged] = run(
      chatState(),
      mouse('press', 4, 2),
      mouse('drag', 8, 2),
      mouse('release', 8, 2),
    );
    expect(dragged.chat.mark).toBeDefined();
    expect(run(dragged, press('esc'))[0].chat.mark).toBeUndefined();
  });

  it('a drag over several rows drops the shared indent; one leaving the pane is clamped', () => {
    const [, fx] = run(
      chatState(),
      mouse('press', 2, 1),
      mouse('drag', 40, 2),
      mouse('release', 40, 2),
    );
    expect(fx).toEqual([
      { type: 'copy', text: 'you  hh:mm\n hello world', what: 'the selected text' },
    ]);
  });
});

describe('editing', () => {
  it('Ctrl+E (or F2) opens the selected message in a multi-line editor, the cursor at its end', () => {
    for (const k of ['ctrl+e', 'f2']) {
      const [s] = run(chatState({ selected: 2 }), press(k));
      expect(s.overlay?.kind).toBe('dialog');
      if (s.overlay?.kind !== 'dialog' || s.overlay.dialog.kind !== 'prompt')
        throw new Error('no prompt');
      expect(s.overlay.dialog.editor.value).toBe('second question');
      expect(s.overlay.dialog.multiline).toBe(true);
      // Nothing selected: a key typed adds to the text instead of replacing it.
      expect(s.overlay.dialog.editor.selection()).toBeUndefined();
      expect(s.overlay.dialog.editor.cursor).toEqual({ row: 0, col: 'second question'.length });
    }
  });

  it('a key typed in the edit dialog adds to the text; Enter then keeps the old text as a version', () => {
    const [opened] = run(chatState({ selected: 1 }), press('ctrl+e'));
    const [s, fx] = run(opened, press('!'), press('enter'));
    expect(s.chat.items[1]?.content).toBe('first answer!');
    expect(fx).toEqual([
      { type: 'newVersion', storeId: 'm2', content: 'first answer!', itemId: s.chat.items[1]?.id },
    ]);
  });

  function edit(s: State, text: string): [State, Effect[]] {
    const [opened] = run(s, press('ctrl+e'));
    if (opened.overlay?.kind !== 'dialog' || opened.overlay.dialog.kind !== 'prompt')
      throw new Error();
    opened.overlay.dialog.editor.selectAll();
    opened.overlay.dialog.editor.paste(text);
    return run(opened, press('enter'));
  }

  it('a user message gets a new sibling: the transcript is cut there and a reply is asked for', () => {
    const [s, fx] = edit(chatState({ selected: 2 }), 'second question, better');
    expect(s.overlay).toBeUndefined();
    expect(s.chat.items.map((i) => [i.role, i.content, i.status])).toEqual([
      ['user', 'first question', 'complete'],
      ['assistant', 'first answer', 'complete'],
      ['user', 'second question, better', 'complete'],
      ['assistant', '', 'streaming'],
    ]);
    expect(fx).toEqual([
      expect.objectContaining({
        type: 'sendChat',
        parentStoreId: 'm2',
        messages: [
          { role: 'user', content: 'first question' },
          { role: 'assistant', content: 'first answer' },
          { role: 'user', content: 'second question, better' },
        ],
      }),
    ]);
  });

  it('an assistant message gets a new version: the old one and what followed it stay on their branch', () => {
    const [s, fx] = edit(chatState({ selected: 1 }), 'a better answer');
    const added = s.chat.items[1];
    expect(s.chat.items.map((i) => [i.role, i.content])).toEqual([
      ['user', 'first question'],
      ['assistant', 'a better answer'],
    ]);
    // A new item (no store id until saved) carrying the model and reasoning, not the old figures.
    expect(added).toMatchObject({ status: 'complete', reasoning: 'let me think about it' });
    expect(added?.id).not.toBe('m2');
    expect(added?.storeId).toBeUndefined();
    expect(s.chat.selected).toBe(1);
    expect(fx).toEqual([
      { type: 'newVersion', storeId: 'm2', content: 'a better answer', itemId: added?.id },
    ]);
    expect(s.toasts.at(-1)?.text).toMatch(/new version.*conversation after it.*kept/);
    // Saved: the store id and the versions arrive; ← asks for the old version's branch.
    const id = added?.id ?? '';
    const [saved] = run(
      s,
      { type: 'itemSaved', itemId: id, storeId: 'm2b' },
      { type: 'siblingsLoaded', itemId: id, ids: ['m2', 'm2b'] },
    );
    expect(saved.chat.items[1]?.siblings).toEqual(['m2', 'm2b']);
    const [, back] = run(saved, press('left'));
    expect(back).toEqual([{ type: 'openBranch', sessionId: 'S1', storeId: 'm2', selected: 1 }]);
  });

  it('a system message gets a new version too', () => {
    const sys = [item('s1', 'system', 'Be brief.'), ...ITEMS];
    const [s, fx] = edit(chatState({ items: sys, selected: 0 }), 'Be thorough.');
    expect(s.chat.items.map((i) => [i.role, i.content])).toEqual([['system', 'Be thorough.']]);
    expect(fx).toEqual([
      { type: 'newVersion', storeId: 's1', content: 'Be thorough.', itemId: s.chat.items[0]?.id },
    ]);
  });

  it('an unsaved message (no store) changes in place, and says no version is kept', () => {
    const items: ChatItem[] = ITEMS.map(({ storeId: _s, ...i }) => i);
    const [s, fx] = edit(chatState({ items, selected: 3 }), 'changed');
    expect(s.chat.items[3]?.content).toBe('changed');
    expect(fx).toEqual([]);
    expect(s.toasts.at(-1)?.text).toMatch(/not saved/);
  });

  it('the same text changes nothing', () => {
    const [s, fx] = edit(chatState({ selected: 1 }), 'first answer');
    expect(fx).toEqual([]);
    expect(s.chat.items).toBe(ITEMS);
  });

  it('an empty text keeps the dialog open with a message', () => {
    const [s, fx] = edit(chatState({ selected: 1 }), '   ');
    expect(fx).toEqual([]);
    expect(s.overlay?.kind === 'dialog' && s.overlay.dialog.error).toMatch(/cannot be empty/);
  });
});

describe('siblings and fork', () => {
  it('→ on a message with versions asks for the branch through the next one', () => {
    const [, fx] = run(chatState({ selected: 2 }), press('right'));
    expect(fx).toEqual([{ type: 'openBranch', sessionId: 'S1', storeId: 'm3b', selected: 2 }]);
    const [, none] = run(chatState({ selected: 2 }), press('left'));
    expect(none).toEqual([]);
  });

  it('a click on "›" in a header shows the next version', () => {
    const rows: ChatRowMap = {
      area: { x: 2, y: 1, width: 30, height: 2 },
      items: [2, 2],
      cells: [Array.from(' you  ‹ 1/2 › 03:04'), Array.from('  second question')],
    };
    const x = 2 + rows.cells[0]!.indexOf('›');
    const [s, fx] = run(chatState(), {
      type: 'mouse',
      event: {
        type: 'mouse',
        action: 'press',
        button: 'left',
        x,
        y: 1,
        shift: false,
        alt: false,
        ctrl: false,
        meta: false,
      },
      hit: { pane: 'chat', rows, item: 2 },
    });
    expect(s.chat.selected).toBe(2);
    expect(fx).toEqual([{ type: 'openBranch', sessionId: 'S1', storeId: 'm3b', selected: 2 }]);
  });

  it('a message with one version says how to make another', () => {
    const [s, fx] = run(chatState({ selected: 1 }), press('right'));
    expect(fx).toEqual([]);
    expect(s.toasts.at(-1)?.text).toMatch(/one version/);
  });

  it('the branch replaces the transcript and keeps the selection', () => {
    const branch = [
      ...ITEMS.slice(0, 2),
      item('m3b', 'user', 'other', { siblings: ['m3', 'm3b'] }),
    ];
    const [s] = run(chatState({ selected: 2 }), {
      type: 'branchOpened',
      sessionId: 'S1',
      items: branch,
      selected: 2,
    });
    expect(s.chat.items.map((i) => i.id)).toEqual(['m1', 'm2', 'm3b']);
    expect(s.chat.selected).toBe(2);
  });

  it('siblingsLoaded gives a saved item its versions', () => {
    const [s] = run(chatState(), { type: 'siblingsLoaded', itemId: 'm4', ids: ['m4', 'm5'] });
    expect(s.chat.items[3]?.siblings).toEqual(['m4', 'm5']);
  });

  it('Ctrl+R on a selected earlier reply asks again for it, dropping what followed from view', () => {
    const [s, fx] = run(chatState({ selected: 1 }), press('ctrl+r'));
    expect(s.chat.items.map((i) => i.id).slice(0, 1)).toEqual(['m1']);
    expect(s.chat.items).toHaveLength(2);
    expect(fx).toEqual([expect.objectContaining({ type: 'sendChat', retryOfUser: 'm1' })]);
  });

  it('Ctrl+F forks at the selected message', () => {
    const [, fx] = run(chatState({ selected: 1 }), press('ctrl+f'));
    expect(fx).toEqual([{ type: 'forkAt', storeId: 'm2', title: 'T (fork)' }]);
    const unsaved = chatState({
      items: [{ ...ITEMS[0], storeId: undefined } as ChatItem],
      selected: 0,
    });
    const [s, none] = run(unsaved, press('ctrl+f'));
    expect(none).toEqual([]);
    expect(s.toasts.at(-1)?.text).toMatch(/not saved/);
  });
});

describe('the message tree', () => {
  const msg = (id: string, parentId: string | null): Message =>
    ({ id, parentId, role: 'user', content: id, status: 'complete', createdAt: NOW }) as Message;
  const all = [
    msg('a', null),
    msg('b', 'a'),
    msg('c', 'b'),
    msg('d', 'a'),
    msg('e', 'd'),
    msg('f', 'b'),
  ];

  it('newestLeaf finds the most recent leaf under a message', () => {
    expect(newestLeaf('b', all)).toBe('f');
    expect(newestLeaf('d', all)).toBe('e');
    expect(newestLeaf('e', all)).toBe('e');
  });

  it('threadItems marks the siblings of each message on the thread', () => {
    const items = threadItems([all[0], all[3], all[4]] as Message[], all);
    expect(items.map((i) => i.siblings)).toEqual([undefined, ['b', 'd'], undefined]);
  });
});

describe('the inspector', () => {
  it('a reply’s tool calls are kept on it as they arrive', () => {
    const s0 = {
      ...chatState(),
      chat: { ...chatState().chat, streaming: { requestId: 'r', itemId: 'm4' } },
    };
    const call = { index: 0, id: 'c1', name: 'search', arguments: '{}' };
    const [s] = run(s0, { type: 'chatEvent', requestId: 'r', event: { type: 'toolCall', call } });
    expect(s.chat.items[3]?.toolCalls).toEqual([call]);
  });

  it('keeps traces of replies and scrolls with ↑/↓ when focused, no further than its end', () => {
    const trace = {
      model: 'm',
      messages: [],
      sentAt: NOW,
      first: [],
      last: [],
      counts: {},
      total: 0,
    };
    const long = item(
      'm9',
      'assistant',
      Array.from({ length: 60 }, (_, i) => `line ${i}`).join('\n'),
    );
    let [s] = run(chatState({ items: [...ITEMS, long] }), {
      type: 'replyTraced',
      itemId: 'm9',
      trace,
    });
    expect(s.chat.traces?.m9).toEqual(trace);
    s = { ...s, layout: 'inspector', focus: 'inspector' };
    s = run(s, press('down'), press('down'), press('up'))[0];
    expect(s.chat.inspectorScroll).toBe(1);
    s = run(s, ...Array.from({ length: 200 }, () => press('down')))[0];
    const max = s.chat.inspectorScroll ?? 0;
    expect(max).toBeGreaterThan(20);
    expect(max).toBeLessThan(100);
    s = run(s, press('up'))[0];
    expect(s.chat.inspectorScroll).toBe(max - 1);
  });
});
