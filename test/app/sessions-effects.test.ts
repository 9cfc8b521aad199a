// The sessions tab's effects against the real SQLite store and the real
// export writer: paging with message counts, the debounced search dropping
// stale queries, rename/tag/archive/delete/fork, and export (a file in the
// home folder, asking before replacing one, refusing a folder).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Action } from '../../src/app/index.js';
import { silentLogger } from '../../src/domain/log.js';
import type { SessionStore } from '../../src/domain/store.js';
import type { AppPorts } from '../../src/domain/ports.js';
import { SessionsEffects } from '../../src/runtime/sessions-effects.js';
import { createSessionExporter } from '../../src/services/export/exporter.js';
import { openStore } from '../../src/services/store/index.js';

const stores: SessionStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

async function setUp() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mrt-sessions-'));
  const home = path.join(dir, 'home');
  mkdirSync(home);
  const store = await openStore({ kind: 'sqlite', path: path.join(dir, 's.db') });
  stores.push(store);
  const actions: Action[] = [];
  const ports = {
    store,
    logger: silentLogger,
    exporter: createSessionExporter(home, dir),
  } as unknown as AppPorts;
  const fx = new SessionsEffects(ports, { dispatch: (a) => actions.push(a) }, 20);
  return { store, actions, fx, home, dir };
}

async function chat(store: SessionStore, title: string, user: string, reply: string) {
  const s = await store.createSession({ title, modelId: 'm' });
  const u = await store.appendMessage({ sessionId: s.id, role: 'user', content: user });
  await store.appendMessage({
    sessionId: s.id,
    parentId: u.id,
    role: 'assistant',
    content: reply,
  });
  return s;
}

const last = (actions: Action[]) => actions.at(-1);

describe('sessions effects', () => {
  it('lists a page with message counts, then the next page', async () => {
    const { store, actions, fx } = await setUp();
    await chat(store, 'one', 'a', 'b');
    await chat(store, 'two', 'c', 'd');
    await store.createSession({ title: 'empty' });
    await fx.exec({ type: 'loadSessions', limit: 2 });
    const first = last(actions);
    expect(first?.type === 'sessionsLoaded' && [first.total, first.items.length]).toEqual([3, 2]);
    expect(first?.type === 'sessionsLoaded' && first.items.map((i) => i.messages)).toEqual([0, 2]);
    await fx.exec({ type: 'loadMoreSessions', offset: 2 });
    const more = last(actions);
    expect(more?.type === 'sessionsPage' && more.items.map((i) => i.title)).toEqual(['one']);
    // Counts are kept between reloads, and counted again once a session changes.
    const two = first?.type === 'sessionsLoaded' ? first.items[1] : undefined;
    await store.appendMessage({ sessionId: two?.id ?? '', role: 'user', content: 'e' });
    await fx.exec({ type: 'loadSessions', limit: 3 });
    const again = last(actions);
    expect(again?.type === 'sessionsLoaded' && again.items.map((i) => i.messages)).toEqual([
      3, 0, 2,
    ]);
  });

  it('a newer query replaces one still waiting; only its answer comes back', async () => {
    const { store, actions, fx } = await setUp();
    await chat(store, 'Rust', 'how do lifetimes work', 'borrowing rules');
    await chat(store, 'Birds', 'tell me about penguins', 'they huddle');
    await Promise.all([
      fx.exec({ type: 'searchSessions', seq: 1, query: 'pen' }),
      fx.exec({ type: 'searchSessions', seq: 2, query: 'huddle' }),
    ]);
    const answers = actions.filter((a) => a.type === 'sessionsSearched');
    expect(answers).toHaveLength(1);
    const a = answers[0];
    expect(a?.type === 'sessionsSearched' && a.seq).toBe(2);
    const hit = a?.type === 'sessionsSearched' ? a.hits[0] : undefined;
    expect(hit?.title).toBe('Birds');
    expect(hit?.role).toBe('assistant');
    const [start, end] = hit?.highlights[0] ?? [0, 0];
    expect(hit?.snippet.slice(start, end).toLowerCase()).toBe('huddle');
  });

  it('renames, tags, archives and deletes through the store', async () => {
    const { store, actions, fx } = await setUp();
    const s = await chat(store, 'old', 'a', 'b');
    await fx.exec({ type: 'renameSession', sessionId: s.id, title: 'new' });
    await fx.exec({ type: 'tagSession', sessionId: s.id, tags: ['x', 'y'] });
    await fx.exec({ type: 'archiveSession', sessionId: s.id, archived: true });
    expect(actions.map((a) => (a.type === 'sessionUpdated' ? a.change : a.type))).toEqual([
      'renamed',
      'tagged',
      'archived',
    ]);
    const got = await store.getSession(s.id);
    expect([got?.title, got?.tags, got?.archived]).toEqual(['new', ['x', 'y'], true]);
    await fx.exec({ type: 'deleteSessions', ids: [s.id] });
    expect(last(actions)).toEqual({ type: 'sessionsDeleted', ids: [s.id] });
    expect(await store.getSession(s.id)).toBeUndefined();
    // A session that is gone: a notice that says what failed.
    await fx.exec({ type: 'renameSession', sessionId: s.id, title: 'again' });
    const n = last(actions);
    expect(n?.type === 'notice' && n.text).toMatch(/^Renaming failed: /);
  });

  it('forks at the last message; an empty session has nothing to fork', async () => {
    const { store, actions, fx } = await setUp();
    const s = await chat(store, 'base', 'a', 'b');
    await fx.exec({ type: 'forkSession', sessionId: s.id });
    const f = last(actions);
    expect(f?.type === 'sessionForked' && [f.session.title, f.session.messages, f.from]).toEqual([
      'base (fork)',
      2,
      s.id,
    ]);
    const empty = await store.createSession({ title: 'nothing' });
    await fx.exec({ type: 'forkSession', sessionId: empty.id });
    const n = last(actions);
    expect(n?.type === 'notice' && n.text).toMatch(/Nothing to fork/);
  });

  it('exports a session with attachments: Markdown beside an attachments/ folder, JSONL with the bytes', async () => {
    const { store, actions, fx, home } = await setUp();
    const s = await chat(store, 'Pictures', 'look', 'nice');
    const [user] = await store.listMessages(s.id);
    const picture = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 250]);
    const a = await store.saveAttachment({
      sessionId: s.id,
      messageId: user?.id ?? null,
      name: 'cat.png',
      mime: 'image/png',
      bytes: picture,
      origin: 'attached',
    });
    await fx.exec({
      type: 'exportSession',
      sessionId: s.id,
      path: '~/out/p.md',
      format: 'md',
      overwrite: false,
    });
    expect(last(actions)).toEqual({
      type: 'sessionExported',
      file: path.join(home, 'out', 'p.md'),
    });
    const written = path.join(home, 'out', 'attachments', `${a.sha256.slice(0, 16)}-cat.png`);
    expect(readFileSync(written).equals(Buffer.from(picture))).toBe(true);
    expect(readFileSync(path.join(home, 'out', 'p.md'), 'utf8')).toContain(
      `![cat.png](attachments/${a.sha256.slice(0, 16)}-cat.png)`,
    );
    await fx.exec({
      type: 'exportSession',
      sessionId: s.id,
      path: '~/p.jsonl',
      format: 'jsonl',
      overwrite: false,
    });
    expect(readFileSync(path.join(home, 'p.jsonl'), 'utf8')).toContain(
      `"data":"${Buffer.from(picture).toString('base64')}"`,
    );
  });

  it('exports to ~ and asks before replacing a file; a folder is refused', async () => {
    const { store, actions, fx, home, dir } = await setUp();
    const s = await chat(store, 'Penguins', 'tell me', 'they huddle');
    const file = path.join(home, 'p.md');
    await fx.exec({
      type: 'exportSession',
      sessionId: s.id,
      path: '~/p.md',
      format: 'md',
      overwrite: false,
    });
    expect(last(actions)).toEqual({ type: 'sessionExported', file });
    expect(readFileSync(file, 'utf8')).toMatch(/^# Penguins\n[\s\S]*they huddle/);
    writeFileSync(file, 'keep me');
    await fx.exec({
      type: 'exportSession',
      sessionId: s.id,
      path: '~/p.md',
      format: 'md',
      overwrite: false,
    });
    expect(last(actions)).toEqual({ type: 'exportExists', sessionId: s.id, file, format: 'md' });
    expect(readFileSync(file, 'utf8')).toBe('keep me');
    await fx.exec({
      type: 'exportSession',
      sessionId: s.id,
      path: file,
      format: 'jsonl',
      overwrite: true,
    });
    expect(JSON.parse(readFileSync(file, 'utf8').split('\n')[0] ?? '')).toMatchObject({
      type: 'session',
    });
    // Relative paths start at the working folder.
    await fx.exec({
      type: 'exportSession',
      sessionId: s.id,
      path: 'rel.jsonl',
      format: 'jsonl',
      overwrite: false,
    });
    expect(last(actions)).toEqual({ type: 'sessionExported', file: path.join(dir, 'rel.jsonl') });
    await fx.exec({
      type: 'exportSession',
      sessionId: s.id,
      path: '~',
      format: 'md',
      overwrite: true,
    });
    const n = last(actions);
    expect(n?.type === 'notice' && n.text).toMatch(/is a folder/);
  });
});
