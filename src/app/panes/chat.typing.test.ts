// Typing after a click on a reply: text typed while the transcript (or the
// inspector) has focus goes to the message box, so no sentence can run a
// message command (issue 14: `e` used to open "edit the assistant message"
// with its text selected, and the next letters replaced the reply).
import { describe, expect, it } from 'vitest';
import { charKey } from '../../tui/index.js';
import type { Action } from '../types/actions.js';
import { COMMANDS, TYPING_CONTEXTS, defaultKeymap, parseKey, resolveKey } from '../types/keymap.js';
import type { ChatItem, State } from '../types/state.js';
import { NOW, press, run, testState } from '../testing.js';
import type { ChatRowMap } from '../geometry/chat-rows.js';

const item = (id: string, role: ChatItem['role'], content: string) =>
  ({ id, storeId: id, role, content, status: 'complete', createdAt: NOW }) as ChatItem;

const ITEMS: ChatItem[] = [
  item('m1', 'user', 'What is a fjord?'),
  item('m2', 'assistant', 'A long, narrow inlet of the sea between high cliffs.'),
];

/** A session on screen, the message box focused (as after it opened). */
function opened(): State {
  const s = testState(100, 30);
  return { ...s, chat: { sessionId: 'S1', title: 'Fjords', items: ITEMS, scroll: 0 } };
}

/** A left click (press and release) on the reply's text, as the runtime hit-tests it. */
function clickReply(): Action[] {
  const rows: ChatRowMap = {
    area: { x: 2, y: 1, width: 60, height: 2 },
    items: [0, 1],
    cells: [Array.from('  What is a fjord?'), Array.from('  A long, narrow inlet')],
  };
  return (['press', 'release'] as const).map((action) => ({
    type: 'mouse',
    event: {
      type: 'mouse',
      action,
      button: 'left',
      x: 6,
      y: 2,
      shift: false,
      alt: false,
      ctrl: false,
      meta: false,
    },
    hit: { pane: 'chat', rows, item: 1 },
  }));
}

/** Keys as the terminal's bytes decode (charKey is the decoder's own mapping). */
const typed = (text: string): Action[] =>
  Array.from(text, (ch) => ({ type: 'key', event: charKey(ch) }) as const);

const SENTENCE = 'quick question? edit, yank, delete, fork, think: does G/K/J help? y or n!';

describe('typing in the transcript', () => {
  it('a sentence typed after a click on a reply goes to the message box; Enter sends it', () => {
    const [clicked] = run(opened(), ...clickReply());
    expect(clicked.focus).toBe('chat');
    expect(clicked.chat.selected).toBe(1);
    const [s, fx] = run(clicked, ...typed(SENTENCE));
    // No command ran: no effect, no dialog, nothing quit, the messages untouched.
    expect(fx).toEqual([]);
    expect(s.overlay).toBeUndefined();
    expect(s.chat.items).toBe(ITEMS);
    expect(s.focus).toBe('composer');
    expect(s.composer.editor.value).toBe(SENTENCE);
    const [sent, sendFx] = run(s, press('enter'));
    expect(sent.chat.items.slice(0, 2)).toEqual(ITEMS);
    expect(sendFx).toEqual([
      expect.objectContaining({
        type: 'sendChat',
        parentStoreId: 'm2',
        messages: [
          { role: 'user', content: ITEMS[0]?.content },
          { role: 'assistant', content: ITEMS[1]?.content },
          { role: 'user', content: SENTENCE },
        ],
      }),
    ]);
  });

  it('every printable character typed in the chat or the inspector is text for the message box', () => {
    const printable = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));
    for (const ch of [...printable, 'é', 'ß', '中', '😀']) {
      for (const focus of ['chat', 'inspector'] as const) {
        const s0: State = {
          ...opened(),
          layout: 'inspector',
          focus,
          chat: { ...opened().chat, selected: 1 },
        };
        const [s, fx] = run(s0, { type: 'key', event: charKey(ch) });
        expect(fx, `${JSON.stringify(ch)} in the ${focus}`).toEqual([]);
        expect(s.overlay, `${JSON.stringify(ch)} in the ${focus}`).toBeUndefined();
        expect([s.focus, s.composer.editor.value]).toEqual(['composer', ch]);
      }
    }
  });

  it('Tab into the chat, then typing, also writes in the message box', () => {
    const [s, fx] = run(opened(), press('tab'), ...typed('edit this'));
    expect(fx).toEqual([]);
    expect([s.focus, s.composer.editor.value]).toEqual(['composer', 'edit this']);
  });

  it('a paste in the chat goes to the message box', () => {
    const [clicked] = run(opened(), ...clickReply());
    const [s] = run(clicked, { type: 'paste', text: 'pasted\ntext' });
    expect([s.focus, s.composer.editor.value]).toEqual(['composer', 'pasted\ntext']);
  });

  it('no default key of the chat or the inspector types text', () => {
    for (const c of COMMANDS.filter((x) => TYPING_CONTEXTS.includes(x.context)))
      for (const k of c.keys) {
        const spec = parseKey(k);
        const types = spec.key.length === 1 && !spec.ctrl && !spec.alt && !spec.meta;
        expect(types, `${c.id}: ${k}`).toBe(false);
      }
  });

  it('a letter the config binds in the chat still runs its command (overrides win)', () => {
    const keymap = { ...defaultKeymap(), 'chat.quit': ['q'] };
    expect(resolveKey(keymap, 'chat', charKey('q'))).toBe('chat.quit');
    const s: State = { ...opened(), keymap, focus: 'chat' };
    expect(run(s, { type: 'key', event: charKey('q') })[1]).toEqual([{ type: 'quit' }]);
  });
});
