import { describe, expect, it } from 'vitest';
import type { Effect } from '../types/effects.js';
import type { SessionSummary, State } from '../types/state.js';
import { NOW, press, run, testState } from '../testing.js';
import { hints } from '../view/panels.js';
import { exportFormat, fileStem, parseTags } from './sessions.js';

const keys = (s: State, ...specs: string[]) => run(s, ...specs.map((k) => press(k)));
const typed = (s: State, text: string) => keys(s, ...Array.from(text));

function session(i: number, over: Partial<SessionSummary> = {}): SessionSummary {
  return {
    id: `S${i}`,
    title: `Chat ${i}`,
    modelId: 'smollm2',
    updatedAt: NOW,
    tags: [],
    archived: false,
    messages: 2,
    ...over,
  };
}

/** The sessions tab focused, with `n` sessions loaded of `total`. */
function withList(n: number, total = n, over: Partial<State> = {}): State {
  const s = testState(120, 40, { focus: 'sidebar', ...over });
  const items = Array.from({ length: n }, (_, i) => session(i));
  return run(s, { type: 'sessionsLoaded', items, total })[0];
}

function dialogOf(s: State) {
  if (s.overlay?.kind !== 'dialog') throw new Error('no dialog open');
  return s.overlay.dialog;
}

describe('the list', () => {
  it('moves the selection and opens the selected session', () => {
    const [s, fx] = keys(withList(3), 'j', 'down', 'enter');
    expect(s.sessions.selected).toBe(2);
    expect(fx).toEqual([{ type: 'openSession', sessionId: 'S2' }]);
  });

  it('Enter on the session already shown goes back to typing without reading it again', () => {
    const shown = withList(3);
    const [s, fx] = keys({ ...shown, chat: { ...shown.chat, sessionId: 'S0' } }, 'enter');
    expect(fx).toEqual([]);
    expect(s.focus).toBe('composer');
  });

  it('asks for the next page once as the selection nears the end, and appends it', () => {
    let [s, fx] = keys(withList(50, 120), 'pagedown', 'pagedown', 'pagedown');
    expect(fx).toEqual([]);
    [s, fx] = keys(s, 'pagedown', 'j');
    expect(fx).toEqual([{ type: 'loadMoreSessions', offset: 50, archived: false }]);
    expect(s.sessions.loadingMore).toBe(true);
    const more = Array.from({ length: 50 }, (_, i) => session(50 + i));
    [s] = run(s, { type: 'sessionsPage', offset: 50, items: more, total: 120 });
    expect(s.sessions.items).toHaveLength(100);
    expect(s.sessions.loadingMore).toBeUndefined();
    // A page for an offset the list has moved past (a reload came between) is dropped.
    [s] = run(s, { type: 'sessionsPage', offset: 50, items: more, total: 120 });
    expect(s.sessions.items).toHaveLength(100);
  });

  it('the wheel over the list moves the selection and loads more near the end', () => {
    const wheel = (s: State, action: 'wheelUp' | 'wheelDown') =>
      run(s, {
        type: 'mouse',
        event: {
          type: 'mouse',
          action,
          button: 'none',
          x: 100,
          y: 5,
          ctrl: false,
          alt: false,
          shift: false,
          meta: false,
        },
        hit: { pane: 'sidebar' },
      });
    let [s, fx] = wheel(withList(12, 60), 'wheelDown');
    expect(s.sessions.selected).toBe(3);
    expect(fx).toEqual([{ type: 'loadMoreSessions', offset: 12, archived: false }]);
    [s, fx] = wheel(s, 'wheelUp');
    expect(s.sessions.selected).toBe(0);
    expect(fx).toEqual([]);
  });

  it('a reload keeps the selected session selected when it moved', () => {
    let [s] = keys(withList(3), 'j');
    [s] = run(s, { type: 'sessionsLoaded', items: [session(9), session(0), session(1)] });
    expect(s.sessions.items[s.sessions.selected]?.id).toBe('S1');
  });

  it('a finished reply reloads as many rows as are loaded, with the same filter', () => {
    let [s] = keys(withList(60, 80), 'shift+a');
    expect(s.sessions.showArchived).toBe(true);
    [s] = run(s, {
      type: 'sessionsLoaded',
      items: Array.from({ length: 60 }, (_, i) => session(i)),
      total: 80,
    });
    const [, fx] = keys(s, 'r');
    expect(fx).toEqual([{ type: 'loadSessions', archived: 'any', limit: 60 }]);
  });
});

describe('search', () => {
  it('/ opens the search line; typing asks the store (letters never run commands)', () => {
    let [s] = keys(withList(3), '/');
    expect(s.sessions.search).toBeDefined();
    let fx: Effect[];
    [s, fx] = typed(s, 'dex');
    expect(s.overlay).toBeUndefined();
    const asked = fx.filter((e) => e.type === 'searchSessions');
    expect(asked.map((e) => e.query)).toEqual(['d', 'de', 'dex']);
    // Each query is numbered; only the newest one's answer is shown.
    const seqs = asked.map((e) => e.seq);
    expect(new Set(seqs).size).toBe(3);
    expect(s.sessions.search?.pending).toBe(true);
    const hit = {
      sessionId: 'S2',
      title: 'Chat 2',
      messageId: 'M1',
      role: 'assistant',
      snippet: 'an index of words',
      highlights: [[3, 8]] as const,
    };
    [s] = run(s, { type: 'sessionsSearched', seq: seqs[1] ?? 0, hits: [hit] });
    expect(s.sessions.search?.hits).toEqual([]);
    [s] = run(s, { type: 'sessionsSearched', seq: seqs[2] ?? 0, hits: [hit] });
    expect(s.sessions.search?.hits).toEqual([hit]);
    expect(s.sessions.search?.pending).toBe(false);
    [s, fx] = keys(s, 'enter');
    expect(fx).toEqual([{ type: 'openSession', sessionId: 'S2', messageId: 'M1' }]);
    [s] = keys(s, 'esc');
    expect(s.sessions.search).toBeUndefined();
  });

  it('opening a message hit selects that message and scrolls to it', () => {
    let [s] = keys(withList(3), '/');
    let fx: Effect[];
    [s, fx] = typed(s, 'x');
    const seq = fx[0]?.type === 'searchSessions' ? fx[0].seq : -1;
    const hit = {
      sessionId: 'S1',
      title: 'Chat 1',
      messageId: 'M2',
      role: 'assistant',
      snippet: 'x marks',
      highlights: [[0, 1]] as const,
    };
    [s] = run(s, { type: 'sessionsSearched', seq, hits: [hit] });
    [s, fx] = keys(s, 'enter');
    // The hit's message goes with the request, so the version holding it is opened.
    expect(fx).toEqual([{ type: 'openSession', sessionId: 'S1', messageId: 'M2' }]);
    const item = (id: string, role: 'user' | 'assistant') => ({
      id,
      storeId: id,
      role,
      content: id,
      status: 'complete' as const,
      createdAt: NOW,
    });
    [s] = run(s, {
      type: 'sessionOpened',
      session: session(1),
      items: [item('M1', 'user'), item('M2', 'assistant'), item('M3', 'user')],
    });
    expect(s.chat.selected).toBe(1);
    expect(s.chat.reveal).toBeDefined();
    expect(s.sessions.reveal).toBeUndefined();
  });

  it('clearing the query asks nothing and drops the hits', () => {
    let [s] = keys(withList(1), '/');
    [s] = typed(s, 'a');
    const [next, fx] = keys(s, 'backspace');
    expect(fx).toEqual([]);
    expect(next.sessions.search?.hits).toEqual([]);
    expect(next.sessions.search?.pending).toBe(false);
  });

  it('a paste goes into the search line', () => {
    const [s] = keys(withList(1), '/');
    const [next, fx] = run(s, { type: 'paste', text: 'two\nwords' });
    expect(next.sessions.search?.editor.value).toBe('two words');
    expect(fx).toEqual([expect.objectContaining({ type: 'searchSessions', query: 'two words' })]);
  });

  it('the status hints follow the search line: its keys, not the list letters', () => {
    expect(hints(withList(1))).toMatch(/\/ search.*e rename/);
    const searching = hints(keys(withList(1), '/')[0]);
    expect(searching).toMatch(/^Enter open {2}Esc leave search/);
    expect(searching).not.toMatch(/rename|\] tab/);
  });

  it('global keys still work while searching', () => {
    const [s] = keys(withList(1), '/');
    expect(keys(s, 'tab')[0].focus).not.toBe('sidebar');
    expect(keys(s, 'alt+2')[0].sidebarTab).toBe('models');
    expect(keys(s, 'ctrl+p')[0].overlay?.kind).toBe('dialog');
  });
});

describe('rename, tag, archive, fork', () => {
  it('rename: a prompt with the title; an empty title is refused in the dialog', () => {
    let [s] = keys(withList(2), 'e');
    const d = dialogOf(s);
    expect(d.kind === 'prompt' && d.editor.value).toBe('Chat 0');
    [s] = keys(s, 'backspace');
    let fx: Effect[];
    [s, fx] = keys(s, 'enter');
    expect(fx).toEqual([]);
    expect(dialogOf(s).error).toMatch(/cannot be empty/);
    [s] = typed(s, 'Rust files');
    [s, fx] = keys(s, 'enter');
    expect(s.overlay).toBeUndefined();
    expect(fx).toEqual([{ type: 'renameSession', sessionId: 'S0', title: 'Rust files' }]);
  });

  it('a renamed current session renames the chat too', () => {
    let s = withList(2);
    s = { ...s, chat: { ...s.chat, sessionId: 'S0', title: 'Chat 0' } };
    [s] = run(s, {
      type: 'sessionUpdated',
      session: session(0, { title: 'Rust files', messages: undefined }),
      change: 'renamed',
    });
    expect(s.chat.title).toBe('Rust files');
    expect(s.sessions.items[0]?.title).toBe('Rust files');
    expect(s.sessions.items[0]?.messages).toBe(2);
    expect(s.toasts.at(-1)?.text).toBe('Renamed to “Rust files”');
  });

  it('tag: comma-separated, prefilled with the current tags', () => {
    let s = withList(1);
    s = {
      ...s,
      sessions: { ...s.sessions, items: [session(0, { tags: ['work'] })] },
    };
    [s] = keys(s, 't');
    const d = dialogOf(s);
    expect(d.kind === 'prompt' && d.editor.value).toBe('work');
    [s] = keys(s, 'end');
    [s] = typed(s, ', rust ,, Work');
    const [, fx] = keys(s, 'enter');
    expect(fx).toEqual([{ type: 'tagSession', sessionId: 'S0', tags: ['work', 'rust'] }]);
  });

  it('archive hides the session from the list unless archived ones are shown', () => {
    let [s, fx] = keys(withList(2), 'a');
    expect(fx).toEqual([{ type: 'archiveSession', sessionId: 'S0', archived: true }]);
    [s] = run(s, {
      type: 'sessionUpdated',
      session: session(0, { archived: true }),
      change: 'archived',
    });
    expect(s.sessions.items.map((x) => x.id)).toEqual(['S1']);
    expect(s.toasts.at(-1)?.text).toBe('Archived “Chat 0” · Shift+A lists archived');
    // Shown with archived ones, the same key unarchives.
    s = {
      ...s,
      sessions: {
        ...s.sessions,
        showArchived: true,
        items: [session(0, { archived: true })],
        selected: 0,
      },
    };
    [, fx] = keys(s, 'a');
    expect(fx).toEqual([{ type: 'archiveSession', sessionId: 'S0', archived: false }]);
  });

  it('fork asks the store, then the fork tops the list and opens', () => {
    let [s, fx] = keys(withList(2), 'j', 'f');
    expect(fx).toEqual([{ type: 'forkSession', sessionId: 'S1' }]);
    [s, fx] = run(s, {
      type: 'sessionForked',
      session: session(7, { title: 'Chat 1 (fork)' }),
      from: 'S1',
    });
    expect(s.sessions.items[0]?.id).toBe('S7');
    expect(s.sessions.selected).toBe(0);
    expect(fx).toEqual([{ type: 'openSession', sessionId: 'S7' }]);
  });

  it('refuses to fork or delete the session a reply is streaming into', () => {
    let s = withList(1);
    s = {
      ...s,
      chat: { ...s.chat, sessionId: 'S0', streaming: { requestId: 'r', itemId: 'i' } },
    };
    for (const k of ['f', 'd']) {
      const [next, fx] = keys(s, k);
      expect(fx).toEqual([]);
      expect(next.overlay).toBeUndefined();
      expect(next.toasts.at(-1)?.text).toMatch(/Esc stops it/);
    }
  });
});

describe('delete', () => {
  it('asks first (danger), then deletes; the open chat is closed when it was deleted', () => {
    let s = withList(2);
    s = { ...s, chat: { ...s.chat, sessionId: 'S0', title: 'Chat 0' } };
    let fx: Effect[];
    [s, fx] = keys(s, 'd');
    const d = dialogOf(s);
    expect(d.kind === 'confirm' && [d.danger, d.message]).toEqual([
      true,
      'Delete “Chat 0” with its 2 messages? This cannot be undone.',
    ]);
    expect(fx).toEqual([]);
    // Cancel is chosen first: `y` and Enter alone delete nothing.
    [s, fx] = keys(s, 'y');
    expect(fx).toEqual([]);
    expect(s.overlay?.kind).toBe('dialog');
    [s, fx] = keys(s, 'right', 'enter');
    expect(fx).toEqual([{ type: 'deleteSessions', ids: ['S0'] }]);
    [s] = run(s, { type: 'sessionsDeleted', ids: ['S0'] });
    expect(s.sessions.items.map((x) => x.id)).toEqual(['S1']);
    expect(s.sessions.total).toBe(1);
    expect(s.chat.sessionId).toBeUndefined();
    expect(s.toasts.at(-1)?.text).toBe('Deleted “Chat 0”');
  });

  it('text typed by mistake keeps the session: "delete yes" then Enter cancels', () => {
    const [typedIn, typedFx] = typed(withList(1), 'delete yes');
    expect(typedFx).toEqual([]);
    const [s, fx] = keys(typedIn, 'enter');
    expect(fx).toEqual([]);
    expect(s.overlay).toBeUndefined();
    expect(s.sessions.items.map((x) => x.id)).toEqual(['S0']);
  });

  it('Esc or n keeps the session', () => {
    for (const k of ['esc', 'n']) {
      const [s, fx] = keys(withList(1), 'd', k);
      expect(fx).toEqual([]);
      expect(s.overlay).toBeUndefined();
    }
  });
});

describe('export', () => {
  it('prompts with a path named after the title; the extension picks the format', () => {
    const [s] = keys(withList(1), 'x');
    const d = dialogOf(s);
    expect(d.kind === 'prompt' && d.editor.value).toBe('~/chat-0.md');
    const [, fx] = keys(s, 'enter');
    expect(fx).toEqual([
      {
        type: 'exportSession',
        sessionId: 'S0',
        path: '~/chat-0.md',
        format: 'md',
        overwrite: false,
      },
    ]);
  });

  it('an unknown extension keeps the dialog open with a way out', () => {
    let [s] = keys(withList(1), 'x');
    [s] = typed(s, '/tmp/out.txt');
    const [next, fx] = keys(s, 'enter');
    expect(fx).toEqual([]);
    expect(dialogOf(next).error).toMatch(/\.txt is not a format.*\.md.*\.jsonl/);
  });

  it('an existing file is replaced only after a confirmation', () => {
    let [s] = run(withList(1), {
      type: 'exportExists',
      sessionId: 'S0',
      file: '/tmp/a.jsonl',
      format: 'jsonl',
    });
    const d = dialogOf(s);
    expect(d.kind === 'confirm' && d.danger).toBe(true);
    expect(d.kind === 'confirm' && d.message).toMatch(/\/tmp\/a\.jsonl already exists/);
    expect(keys(s, 'enter')[1]).toEqual([]);
    const [confirmed, fx] = keys(s, 'tab', 'enter');
    expect(fx).toEqual([
      {
        type: 'exportSession',
        sessionId: 'S0',
        path: '/tmp/a.jsonl',
        format: 'jsonl',
        overwrite: true,
      },
    ]);
    [s] = run(confirmed, { type: 'sessionExported', file: '/tmp/a.jsonl' });
    expect(s.toasts.at(-1)?.text).toBe('Exported to /tmp/a.jsonl');
  });
});

describe('helpers', () => {
  it('exportFormat reads the extension', () => {
    expect(exportFormat('a.md')).toBe('md');
    expect(exportFormat('~/x/A.MARKDOWN')).toBe('md');
    expect(exportFormat('a.jsonl')).toBe('jsonl');
    expect(exportFormat('notes')).toEqual({ error: expect.stringMatching(/Add \.md/) as string });
    expect(exportFormat('dir/')).toEqual({ error: expect.stringMatching(/folder/) as string });
    expect(exportFormat('')).toEqual({
      error: expect.stringMatching(/Type a file path/) as string,
    });
  });

  it('fileStem makes a file name of a title', () => {
    expect(fileStem('Café: how do I list files?', 'X')).toBe('cafe-how-do-i-list-files');
    expect(fileStem('', '01ABCDEFGH')).toBe('session-01abcdef');
    expect(fileStem('???', 'ZZZZZZZZZ')).toBe('session-zzzzzzzz');
  });

  it('parseTags trims, drops empties and repeats, and limits length', () => {
    expect(parseTags(' a , b,,A ,  c  d ')).toEqual(['a', 'b', 'c d']);
    expect(parseTags('')).toEqual([]);
    expect(parseTags('x'.repeat(41))).toEqual({
      error: expect.stringMatching(/too long/) as string,
    });
  });
});
