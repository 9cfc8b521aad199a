// The chat pane's message effects against the real SQLite store: showing
// another branch (the newest leaf under the chosen version, with versions
// marked), an edit saved as a new version, forking at a message, copying (OSC 52 when no
// tool), and the siblings reported after a retry.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Action } from '../../src/app/index.js';
import { silentLogger } from '../../src/domain/log.js';
import type { SessionStore } from '../../src/domain/store.js';
import { ChatEffects, reportSiblings } from '../../src/runtime/chat-effects.js';
import { EffectRunner } from '../../src/runtime/effects.js';
import type { AppPorts } from '../../src/domain/ports.js';
import { openStore } from '../../src/services/store/index.js';

const stores: SessionStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

async function setUp() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mrt-chat-fx-'));
  const store = await openStore({ kind: 'sqlite', path: path.join(dir, 's.db') });
  stores.push(store);
  const actions: Action[] = [];
  const sent: string[] = [];
  const ports = { store, logger: silentLogger } as unknown as AppPorts;
  const host = {
    dispatch: (a: Action) => actions.push(a),
    quit: () => undefined,
    suspend: () => undefined,
    clipboard: (t: string) => (sent.push(t), true),
  };
  // A PATH with no clipboard tool: the copy goes through OSC 52 only.
  const fx = new ChatEffects(() => ports, host);
  // A tree: u1 -> (a1, a2 -> u2 -> a3)
  const s = await store.createSession({ title: 'T', modelId: 'm' });
  const add = (parentId: string | null, role: 'user' | 'assistant', content: string) =>
    store.appendMessage({ sessionId: s.id, parentId, role, content });
  const u1 = await add(null, 'user', 'hi');
  const a1 = await add(u1.id, 'assistant', 'first');
  const a2 = await add(u1.id, 'assistant', 'second');
  const u2 = await add(a2.id, 'user', 'more');
  const a3 = await add(u2.id, 'assistant', 'third');
  return { store, actions, sent, fx, session: s, u1, a1, a2, u2, a3 };
}

describe('opening a session on a version', () => {
  it('a search hit opens the version that holds it; else the version last chosen; else the newest', async () => {
    const { store, actions, fx, session, a1, a3 } = await setUp();
    const ports = { store, logger: silentLogger } as unknown as AppPorts;
    const runner = new EffectRunner(ports, {
      dispatch: (a: Action) => actions.push(a),
      quit: () => undefined,
      suspend: () => undefined,
    });
    const opened = async (messageId?: string) => {
      await runner.openSession(session.id, messageId);
      const a = actions.find((x) => x.type === 'sessionOpened');
      actions.length = 0;
      if (a?.type !== 'sessionOpened') throw new Error('not opened');
      return a.items.map((i) => i.content);
    };
    // Nothing chosen yet: the newest thread.
    expect(await opened()).toEqual(['hi', 'second', 'more', 'third']);
    // A hit in the older version "first" opens that version (the app then scrolls to it).
    expect(await opened(a1.id)).toEqual(['hi', 'first']);
    // A version chosen with ← / → is the one shown when the session is opened again…
    await fx.exec({ type: 'openBranch', sessionId: session.id, storeId: a1.id, selected: 1 });
    expect(await opened()).toEqual(['hi', 'first']);
    // …until another is chosen; a hit still wins over the remembered one.
    expect(await opened(a3.id)).toEqual(['hi', 'second', 'more', 'third']);
    // A hit that is not in the session falls back to the remembered version.
    expect(await opened('no-such-message')).toEqual(['hi', 'first']);
    // Each message keeps its own choice: a version chosen deep in the tree
    // stays chosen when a version above is switched away and back.
    const u3 = await store.appendMessage({
      sessionId: session.id,
      parentId: a1.id,
      role: 'user',
      content: 'deep A',
    });
    await store.appendMessage({
      sessionId: session.id,
      parentId: a1.id,
      role: 'user',
      content: 'deep B',
    });
    await fx.exec({ type: 'openBranch', sessionId: session.id, storeId: u3.id, selected: 2 });
    expect(await opened()).toEqual(['hi', 'first', 'deep A']);
    const a2 = (await store.listMessages(session.id)).find((m) => m.content === 'second');
    await fx.exec({
      type: 'openBranch',
      sessionId: session.id,
      storeId: a2?.id ?? '',
      selected: 1,
    });
    expect(await opened()).toEqual(['hi', 'second', 'more', 'third']);
    await fx.exec({ type: 'openBranch', sessionId: session.id, storeId: a1.id, selected: 1 });
    const back = actions.at(-1);
    expect(back?.type === 'branchOpened' && back.items.map((i) => i.content)).toEqual([
      'hi',
      'first',
      'deep A',
    ]);
    expect(await opened()).toEqual(['hi', 'first', 'deep A']);
    // A message written after the choice (here a reply under "second") is
    // where the user was last: the newest thread is shown again.
    await store.appendMessage({
      sessionId: session.id,
      parentId: a3.id,
      role: 'user',
      content: 'on',
    });
    expect(await opened()).toEqual(['hi', 'second', 'more', 'third', 'on']);
  });
});

describe('chat effects', () => {
  it('openBranch shows the thread of the newest leaf under the chosen version', async () => {
    const { actions, fx, session, u1, a1, a2, u2, a3 } = await setUp();
    await fx.exec({ type: 'openBranch', sessionId: session.id, storeId: a1.id, selected: 1 });
    const first = actions.at(-1);
    if (first?.type !== 'branchOpened') throw new Error('no branch');
    expect(first.items.map((i) => i.content)).toEqual(['hi', 'first']);
    expect(first.items[1]?.siblings).toEqual([a1.id, a2.id]);
    await fx.exec({ type: 'openBranch', sessionId: session.id, storeId: a2.id, selected: 1 });
    const second = actions.at(-1);
    if (second?.type !== 'branchOpened') throw new Error('no branch');
    expect(second.items.map((i) => i.storeId)).toEqual([u1.id, a2.id, u2.id, a3.id]);
    expect(second.selected).toBe(1);
  });

  it('newVersion adds a sibling with the edited text and leaves the old message as it was', async () => {
    const { store, actions, fx, session, u1, a1, a2, u2, a3 } = await setUp();
    const before = await store.listMessages(session.id);
    await fx.exec({ type: 'newVersion', storeId: a2.id, content: 'better', itemId: 'local-7' });
    const after = await store.listMessages(session.id);
    // Every message stored before is unchanged; one more, a sibling of a2 with its role and model.
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after).toHaveLength(before.length + 1);
    const added = after.at(-1);
    expect(added).toMatchObject({ parentId: u1.id, role: 'assistant', content: 'better' });
    expect(actions).toEqual([
      { type: 'itemSaved', itemId: 'local-7', storeId: added?.id },
      { type: 'siblingsLoaded', itemId: 'local-7', ids: [a1.id, a2.id, added?.id] },
    ]);
    // The old branch is still there: the old version's thread goes on to u2, a3.
    expect((await store.getThread(a3.id)).map((m) => m.id)).toEqual([u1.id, a2.id, u2.id, a3.id]);
  });

  it('newVersion of a message gone from the database says the edit was not saved', async () => {
    const { actions, fx } = await setUp();
    await fx.exec({ type: 'newVersion', storeId: 'nope', content: 'x', itemId: 'local-1' });
    const n = actions.at(-1);
    expect(n?.type === 'notice' && n.text).toMatch(/not saved/);
  });

  it('forkAt makes and announces a session', async () => {
    const { store, actions, fx, a2 } = await setUp();
    await fx.exec({ type: 'forkAt', storeId: a2.id, title: 'T (fork)' });
    const forked = actions.at(-1);
    if (forked?.type !== 'sessionForked') throw new Error('no fork');
    expect(forked.session.title).toBe('T (fork)');
    const copied = await store.listMessages(forked.session.id);
    expect(copied.map((m) => m.content)).toEqual(['hi', 'second']);
    // Marked as a fork, with its message count known at once (the list shows both).
    expect(forked.session).toMatchObject({ fork: true, messages: 2 });
  });

  it('copy sends the text to the terminal and says so', async () => {
    const { actions, sent, fx } = await setUp();
    const path0 = process.env.PATH;
    const display = process.env.DISPLAY;
    process.env.PATH = '/nonexistent';
    delete process.env.DISPLAY;
    try {
      await fx.exec({ type: 'copy', text: 'hello', what: 'your message' });
    } finally {
      process.env.PATH = path0;
      if (display !== undefined) process.env.DISPLAY = display;
    }
    expect(sent).toEqual(['hello']);
    const n = actions.at(-1);
    expect(n?.type === 'notice' && n.text).toMatch(/5 characters/);
  });

  it('with the screen in a browser tab, a copy goes by OSC 52 only, never to this machine’s xclip', async () => {
    const { store } = await setUp();
    // A real (fake) xclip on PATH that records being run.
    const bin = mkdtempSync(path.join(os.tmpdir(), 'mrt-xclip-'));
    const ran = path.join(bin, 'ran');
    writeFileSync(path.join(bin, 'xclip'), `#!/bin/sh\nexec /bin/cat > "${ran}"\n`, {
      mode: 0o755,
    });
    const ports = { store, logger: silentLogger } as unknown as AppPorts;
    const copyWith = async (remoteScreen: boolean) => {
      const actions: Action[] = [];
      const sent: string[] = [];
      const fx = new ChatEffects(() => ports, {
        dispatch: (a: Action) => actions.push(a),
        clipboard: (t: string) => (sent.push(t), true),
        remoteScreen,
      });
      const saved = { PATH: process.env.PATH, DISPLAY: process.env.DISPLAY };
      process.env.PATH = bin;
      process.env.DISPLAY = ':0';
      try {
        await fx.exec({ type: 'copy', text: 'hello', what: 'your message' });
      } finally {
        process.env.PATH = saved.PATH;
        if (saved.DISPLAY === undefined) delete process.env.DISPLAY;
        else process.env.DISPLAY = saved.DISPLAY;
      }
      const n = actions.at(-1);
      return { sent, text: n?.type === 'notice' ? n.text : '' };
    };
    const local = await copyWith(false);
    expect(local.text).toMatch(/^Copied 5 characters with xclip/);
    expect(readFileSync(ran, 'utf8')).toBe('hello');
    rmSync(ran);
    const remote = await copyWith(true);
    expect(remote.sent).toEqual(['hello']);
    expect(remote.text).toMatch(/^Copied 5 characters to the terminal's clipboard/);
    expect(existsSync(ran)).toBe(false);
  });

  it('reportSiblings names the versions once there are several', async () => {
    const { store, session, u1, a1, a2, u2 } = await setUp();
    const got: Action[] = [];
    await reportSiblings(store, session.id, u1.id, 'local-1', (a) => got.push(a));
    await reportSiblings(store, session.id, u2.id, 'local-2', (a) => got.push(a));
    expect(got).toEqual([{ type: 'siblingsLoaded', itemId: 'local-1', ids: [a1.id, a2.id] }]);
  });
});
