// The SessionStore contract: one suite, run against SQLite (sqlite.test.ts)
// and a real PostgreSQL server (postgres.test.ts). Every behaviour the app
// relies on is pinned here, so the two implementations cannot drift apart.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionStore } from '../../src/domain/store.js';
import { StoreError } from '../../src/domain/store.js';
import { parseSessionsJsonl, sessionToJsonl } from '../../src/services/export/jsonl.js';
import { StreamWriter } from '../../src/services/store/index.js';
import type { Harness, HarnessFactory } from './support/harness.js';

const FIXTURE = fs.readFileSync(
  new URL('../fixtures/store/session.jsonl', import.meta.url),
  'utf8',
);

const BYTES = new TextEncoder().encode('not really a picture');

async function rejectsWith(p: Promise<unknown>, code: StoreError['code']): Promise<StoreError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StoreError);
  expect((err as StoreError).code).toBe(code);
  return err as StoreError;
}

/** A clock that moves one second per reading, so ordering by time is deterministic. */
function steppingClock(start = Date.parse('2026-01-01T00:00:00.000Z')) {
  let t = start;
  return {
    now: () => {
      t += 1000;
      return new Date(t);
    },
  };
}

export function defineStoreContract(name: string, factory: HarnessFactory): void {
  describe(`SessionStore contract: ${name}`, () => {
    let h: Harness;
    let store: SessionStore;

    beforeEach(async () => {
      h = await factory();
      store = await h.open({ clock: steppingClock() });
    });
    afterEach(async () => {
      await h.dispose();
    });

    describe('sessions', () => {
      it('creates a session with defaults and reads it back', async () => {
        const s = await store.createSession({
          title: 'First',
          modelId: 'smol',
          tags: ['a', 'a', ' b '],
        });
        expect(s.id).toMatch(/^[0-9A-Z]{26}$/);
        expect(s).toMatchObject({
          title: 'First',
          modelId: 'smol',
          tags: ['a', 'b'],
          archived: false,
        });
        expect(s.tokenCount).toBe(0);
        expect(await store.getSession(s.id)).toEqual(s);
        expect(await store.getSession('nope')).toBeUndefined();
      });

      it('makes ids that sort in creation order', async () => {
        const ids: string[] = [];
        for (let i = 0; i < 20; i++) ids.push((await store.createSession()).id);
        expect([...ids].sort()).toEqual(ids);
        expect(new Set(ids).size).toBe(20);
      });

      it('lists newest first with paging, totals and filters', async () => {
        const a = await store.createSession({ title: 'alpha', modelId: 'm1', tags: ['work'] });
        const b = await store.createSession({ title: 'beta', modelId: 'm2' });
        const c = await store.createSession({ title: 'gamma', modelId: 'm1', tags: ['work', 'x'] });
        await store.setSessionArchived(b.id, true);
        const page = await store.listSessions({ limit: 1 });
        expect(page.total).toBe(2);
        expect(page.items.map((s) => s.id)).toEqual([c.id]);
        expect((await store.listSessions({ limit: 1, offset: 1 })).items.map((s) => s.id)).toEqual([
          a.id,
        ]);
        expect((await store.listSessions({ archived: 'any' })).total).toBe(3);
        expect((await store.listSessions({ archived: true })).items.map((s) => s.id)).toEqual([
          b.id,
        ]);
        expect((await store.listSessions({ modelId: 'm1' })).items.map((s) => s.id)).toEqual([
          c.id,
          a.id,
        ]);
        expect((await store.listSessions({ tag: 'x' })).items.map((s) => s.id)).toEqual([c.id]);
        expect(
          (await store.listSessions({ tag: 'work', sort: 'title' })).items.map((s) => s.title),
        ).toEqual(['alpha', 'gamma']);
        const since = (await store.getSession(c.id))?.updatedAt ?? '';
        expect((await store.listSessions({ since })).items.map((s) => s.id)).toEqual([c.id]);
        expect(
          (await store.listSessions({ since, archived: 'any' })).items.map((s) => s.id),
        ).toEqual([b.id, c.id]);
        expect((await store.listSessions({ until: since })).items.map((s) => s.id)).toEqual([a.id]);
        expect(
          (await store.listSessions({ sort: 'started', order: 'asc' })).items.map((s) => s.id),
        ).toEqual([a.id, c.id]);
      });

      it('moves a session to the top of the list when a message is added', async () => {
        const a = await store.createSession({ title: 'a' });
        const b = await store.createSession({ title: 'b' });
        await store.appendMessage({ sessionId: a.id, role: 'user', content: 'hi' });
        expect((await store.listSessions()).items.map((s) => s.id)).toEqual([a.id, b.id]);
      });

      it('renames, tags, archives and stores settings', async () => {
        const s = await store.createSession();
        expect((await store.renameSession(s.id, 'Renamed')).title).toBe('Renamed');
        expect((await store.setSessionTags(s.id, ['z', 'y', 'z'])).tags).toEqual(['z', 'y']);
        expect((await store.setSessionArchived(s.id, true)).archived).toBe(true);
        const settings = { temperature: 0.7, stop: ['\n\n'], nested: { a: null, b: true } };
        expect((await store.updateSessionSettings(s.id, settings)).settings).toEqual(settings);
        await rejectsWith(store.renameSession('missing', 'x'), 'not_found');
      });

      it('finds sessions by an id prefix in either case', async () => {
        const s = await store.createSession();
        expect((await store.findSessions(s.id.slice(0, 20))).map((x) => x.id)).toEqual([s.id]);
        expect(
          (await store.findSessions(s.id.slice(0, 20).toLowerCase())).map((x) => x.id),
        ).toEqual([s.id]);
        expect(await store.findSessions('ZZZZZZZZZZ')).toEqual([]);
      });

      it('deletes sessions with their messages and attachments', async () => {
        const s = await store.createSession();
        const keep = await store.createSession();
        const m = await store.appendMessage({ sessionId: s.id, role: 'user', content: 'bye' });
        await store.saveAttachment({
          sessionId: s.id,
          messageId: m.id,
          name: 'x.png',
          mime: 'image/png',
          bytes: BYTES,
          origin: 'attached',
        });
        expect(await store.deleteSessions([s.id, 'missing'])).toBe(1);
        expect(await store.getSession(s.id)).toBeUndefined();
        expect(await store.getMessage(m.id)).toBeUndefined();
        expect(await store.listAttachments(s.id)).toEqual([]);
        expect(await store.getSession(keep.id)).toBeDefined();
        expect((await store.stats()).messages).toBe(0);
      });
    });

    describe('messages', () => {
      it('appends in order, sums tokens on the session and refuses bad references', async () => {
        const s = await store.createSession();
        const u = await store.appendMessage({
          sessionId: s.id,
          role: 'user',
          content: 'q',
          tokenCount: 3,
        });
        const a = await store.appendMessage({
          sessionId: s.id,
          parentId: u.id,
          role: 'assistant',
          content: 'a',
          tokenCount: 5,
          toolCalls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }],
        });
        expect((await store.listMessages(s.id)).map((m) => m.id)).toEqual([u.id, a.id]);
        expect(await store.getMessage(a.id)).toEqual(a);
        expect((await store.getSession(s.id))?.tokenCount).toBe(8);
        await rejectsWith(store.appendMessage({ sessionId: 'missing', role: 'user' }), 'not_found');
        const other = await store.createSession();
        await rejectsWith(
          store.appendMessage({ sessionId: other.id, parentId: u.id, role: 'user' }),
          'invalid',
        );
        expect(await store.listMessages(other.id)).toEqual([]);
      });

      it('writes a streaming reply as it grows, then finalizes it with metrics', async () => {
        const s = await store.createSession();
        const m = await store.appendMessage({
          sessionId: s.id,
          role: 'assistant',
          status: 'streaming',
        });
        await store.updateStreaming(m.id, {
          content: 'Hel',
          reasoning: 'think',
          completionTokens: 1,
        });
        expect(await store.getMessage(m.id)).toMatchObject({
          content: 'Hel',
          reasoning: 'think',
          status: 'streaming',
        });
        await store.updateStreaming(m.id, { content: 'Hello', completionTokens: 2 });
        const done = await store.finalizeMessage(m.id, {
          status: 'complete',
          tokenCount: 2,
          promptTokens: 10,
          ttftMs: 12.5,
          latencyMs: 240,
          tokensPerSec: 41.25,
        });
        expect(done).toMatchObject({
          status: 'complete',
          content: 'Hello',
          reasoning: 'think',
          tokenCount: 2,
        });
        expect(await store.getMessage(m.id)).toEqual(done);
        expect((await store.getSession(s.id))?.tokenCount).toBe(2);
        await rejectsWith(store.updateStreaming(m.id, { content: 'late' }), 'conflict');
        await rejectsWith(store.updateStreaming('missing', { content: 'x' }), 'not_found');
        const failed = await store.appendMessage({
          sessionId: s.id,
          role: 'assistant',
          status: 'streaming',
        });
        const err = await store.finalizeMessage(failed.id, {
          status: 'error',
          error: 'server said 500',
        });
        expect(err).toMatchObject({ status: 'error', error: 'server said 500' });
      });

      it('batches a stream with StreamWriter and keeps the full text', async () => {
        const s = await store.createSession();
        const w = await StreamWriter.start(
          store,
          { sessionId: s.id },
          { intervalMs: 10_000, maxTokens: 4 },
        );
        for (const t of ['a', 'b', 'c', 'd', 'e']) w.push({ content: t });
        await w.flush();
        expect((await store.getMessage(w.message.id))?.content).toBe('abcde');
        w.push({ content: 'f', reasoning: 'r' });
        const done = await w.finish({ status: 'complete', tokenCount: 6 });
        expect(done).toMatchObject({
          content: 'abcdef',
          reasoning: 'r',
          status: 'complete',
          completionTokens: 6,
        });
        // The pushes past maxTokens started a write; the explicit flush waited for it.
        expect(w.flushes).toBeGreaterThanOrEqual(1);
      });

      it('writes a stream on the timer when too few tokens arrive to fill a batch', async () => {
        const s = await store.createSession();
        const w = await StreamWriter.start(
          store,
          { sessionId: s.id },
          { intervalMs: 20, maxTokens: 1000 },
        );
        w.push({ content: 'slow ' });
        w.push({ content: 'model' });
        await new Promise((r) => setTimeout(r, 300));
        expect(await store.getMessage(w.message.id)).toMatchObject({
          content: 'slow model',
          status: 'streaming',
        });
        expect(w.flushes).toBe(1);
        await w.finish({ status: 'cancelled' });
      });

      it('edits in place and deletes a message, moving its children up', async () => {
        const s = await store.createSession();
        const a = await store.appendMessage({ sessionId: s.id, role: 'user', content: 'one' });
        const b = await store.appendMessage({
          sessionId: s.id,
          parentId: a.id,
          role: 'assistant',
          content: 'two',
          tokenCount: 4,
        });
        const c = await store.appendMessage({
          sessionId: s.id,
          parentId: b.id,
          role: 'user',
          content: 'three',
        });
        expect((await store.editMessage(a.id, { content: 'uno', name: 'me' })).content).toBe('uno');
        await store.deleteMessage(b.id);
        expect((await store.getMessage(c.id))?.parentId).toBe(a.id);
        expect((await store.getSession(s.id))?.tokenCount).toBe(0);
        await rejectsWith(store.deleteMessage(b.id), 'not_found');
        await rejectsWith(store.editMessage(b.id, { content: 'x' }), 'not_found');
      });

      it('pages through messages from the newest backwards', async () => {
        const s = await store.createSession();
        const ids: string[] = [];
        for (let i = 0; i < 12; i++) {
          ids.push(
            (await store.appendMessage({ sessionId: s.id, role: 'user', content: `m${i}` })).id,
          );
        }
        const last = await store.listMessages(s.id, { limit: 5 });
        expect(last.map((m) => m.id)).toEqual(ids.slice(7));
        const before = await store.listMessages(s.id, { limit: 5, before: ids[7] });
        expect(before.map((m) => m.id)).toEqual(ids.slice(2, 7));
        const after = await store.listMessages(s.id, { limit: 3, after: ids[2] });
        expect(after.map((m) => m.id)).toEqual(ids.slice(3, 6));
        await rejectsWith(store.listMessages(s.id, { limit: 0 }), 'invalid');
      });

      it('keeps retries as siblings and walks a thread from the root', async () => {
        const s = await store.createSession();
        const q = await store.appendMessage({ sessionId: s.id, role: 'user', content: 'q' });
        const r1 = await store.appendMessage({
          sessionId: s.id,
          parentId: q.id,
          role: 'assistant',
          content: 'r1',
        });
        const r2 = await store.appendMessage({
          sessionId: s.id,
          parentId: q.id,
          role: 'assistant',
          content: 'r2',
        });
        const f = await store.appendMessage({
          sessionId: s.id,
          parentId: r2.id,
          role: 'user',
          content: 'f',
        });
        expect((await store.listChildren(s.id, q.id)).map((m) => m.id)).toEqual([r1.id, r2.id]);
        expect((await store.listChildren(s.id, null)).map((m) => m.id)).toEqual([q.id]);
        expect((await store.getThread(f.id)).map((m) => m.content)).toEqual(['q', 'r2', 'f']);
        expect(await store.getThread('missing')).toEqual([]);
        // Counts take every branch; a session without messages is left out.
        const empty = await store.createSession();
        expect(await store.countMessages([s.id, empty.id, 'missing'])).toEqual({ [s.id]: 4 });
        expect(await store.countMessages([])).toEqual({});
      });

      it('forks a session at a message, copying the thread and its attachments', async () => {
        const s = await store.createSession({ title: 'Trip', modelId: 'smol', tags: ['t'] });
        const q = await store.appendMessage({
          sessionId: s.id,
          role: 'user',
          content: 'q',
          tokenCount: 1,
        });
        await store.appendMessage({
          sessionId: s.id,
          parentId: q.id,
          role: 'assistant',
          content: 'other',
        });
        const r = await store.appendMessage({
          sessionId: s.id,
          parentId: q.id,
          role: 'assistant',
          content: 'r',
          tokenCount: 2,
        });
        await store.appendMessage({
          sessionId: s.id,
          parentId: r.id,
          role: 'user',
          content: 'after',
        });
        await store.saveAttachment({
          sessionId: s.id,
          messageId: q.id,
          name: 'a.png',
          mime: 'image/png',
          bytes: BYTES,
          origin: 'attached',
        });
        const fork = await store.forkSession(r.id);
        expect(fork).toMatchObject({
          title: 'Trip (fork)',
          modelId: 'smol',
          tags: ['t'],
          parentSessionId: s.id,
          forkedFromMessageId: r.id,
          tokenCount: 3,
        });
        const copied = await store.listMessages(fork.id);
        expect(copied.map((m) => m.content)).toEqual(['q', 'r']);
        expect(copied[1]?.parentId).toBe(copied[0]?.id);
        expect(copied[0]?.id).not.toBe(q.id);
        const atts = await store.listAttachments(fork.id);
        expect(atts).toHaveLength(1);
        expect(atts[0]?.messageId).toBe(copied[0]?.id);
        expect((await store.listMessages(s.id)).length).toBe(4);
        // The fork shares the bytes: deleting the original keeps them for the fork.
        expect(atts[0]?.sha256).toBeDefined();
        await store.deleteSessions([s.id]);
        expect(Buffer.from((await store.readAttachment(atts[0]?.id ?? '')) ?? [])).toEqual(
          Buffer.from(BYTES),
        );
        await store.deleteSessions([fork.id]);
        expect(await h.blobCount()).toBe(0);
        await rejectsWith(store.forkSession('missing'), 'not_found');
      });
    });

    describe('attachments, models, settings and templates', () => {
      it('saves, lists and deletes attachments with metadata', async () => {
        const s = await store.createSession();
        const m = await store.appendMessage({ sessionId: s.id, role: 'user', content: 'see' });
        const a = await store.saveAttachment({
          sessionId: s.id,
          messageId: m.id,
          name: 'cat.png',
          mime: 'image/png',
          bytes: BYTES,
          origin: 'attached',
          metadata: { width: 640, height: 480, sourcePath: '/pics/cat.png' },
        });
        expect(a).toMatchObject({
          name: 'cat.png',
          origin: 'attached',
          sizeBytes: BYTES.length,
          sha256: createHash('sha256').update(BYTES).digest('hex'),
          metadata: { width: 640, height: 480, sourcePath: '/pics/cat.png' },
        });
        const b = await store.saveAttachment({
          sessionId: s.id,
          messageId: null,
          name: 'x.wav',
          mime: 'audio/wav',
          bytes: new Uint8Array([1]),
          origin: 'generated',
        });
        expect(await store.listAttachments(s.id)).toEqual([a, b]);
        expect(await store.listAttachments(s.id, m.id)).toEqual([a]);
        expect(await store.getAttachment(b.id)).toEqual(b);
        expect(await store.deleteAttachment(b.id)).toBe(true);
        expect(await store.deleteAttachment(b.id)).toBe(false);
        expect(await store.readAttachment(b.id)).toBeUndefined();
        const other = await store.createSession();
        await rejectsWith(
          store.saveAttachment({
            sessionId: other.id,
            messageId: m.id,
            name: 'x',
            mime: 'a/b',
            bytes: BYTES,
            origin: 'attached',
          }),
          'invalid',
        );
        await rejectsWith(
          store.saveAttachment({
            sessionId: 'missing',
            messageId: null,
            name: 'x',
            mime: 'a/b',
            bytes: BYTES,
            origin: 'attached',
          }),
          'not_found',
        );
        expect(await store.listAttachments(other.id)).toEqual([]);
      });

      it('reads back the exact bytes, stores the same bytes once, and keeps them while any session uses them', async () => {
        const bytes = new Uint8Array(300_000).map((_, i) => (i * 7919) % 251);
        const s1 = await store.createSession();
        const s2 = await store.createSession();
        const save = (sessionId: string) =>
          store.saveAttachment({
            sessionId,
            messageId: null,
            name: 'noise.bin',
            mime: 'application/octet-stream',
            bytes,
            origin: 'attached',
          });
        const a1 = await save(s1.id);
        const a2 = await save(s2.id);
        expect(a2.sha256).toBe(a1.sha256);
        expect(a2.path).toBe(a1.path);
        expect(await h.blobCount()).toBe(1);
        expect(Buffer.from((await store.readAttachment(a1.id)) ?? [])).toEqual(Buffer.from(bytes));
        expect(await store.deleteSessions([s1.id])).toBe(1);
        // Still used by s2.
        expect(Buffer.from((await store.readAttachment(a2.id)) ?? [])).toEqual(Buffer.from(bytes));
        expect(await h.blobCount()).toBe(1);
        expect(await store.deleteSessions([s2.id])).toBe(1);
        expect(await h.blobCount()).toBe(0);
        expect(await store.readAttachment(a2.id)).toBeUndefined();
      });

      it('deleting a message or a chip drops bytes no one else uses', async () => {
        const s = await store.createSession();
        const m = await store.appendMessage({ sessionId: s.id, role: 'user', content: 'x' });
        const a = await store.saveAttachment({
          sessionId: s.id,
          messageId: m.id,
          name: 'a.bin',
          mime: 'application/octet-stream',
          bytes: new Uint8Array([1, 2, 3]),
          origin: 'attached',
        });
        const chip = await store.saveAttachment({
          sessionId: s.id,
          messageId: null,
          name: 'b.bin',
          mime: 'application/octet-stream',
          bytes: new Uint8Array([4, 5, 6]),
          origin: 'attached',
        });
        expect(await h.blobCount()).toBe(2);
        await store.deleteMessage(m.id);
        expect(await store.getAttachment(a.id)).toBeUndefined();
        expect(await h.blobCount()).toBe(1);
        await store.deleteAttachment(chip.id);
        expect(await h.blobCount()).toBe(0);
      });

      it('moves attachments saved before their message onto it', async () => {
        const s = await store.createSession();
        const chip = await store.saveAttachment({
          sessionId: s.id,
          messageId: null,
          name: 'a.png',
          mime: 'image/png',
          bytes: BYTES,
          origin: 'attached',
        });
        const m = await store.appendMessage({ sessionId: s.id, role: 'user', content: 'look' });
        await store.setAttachmentMessage([chip.id], m.id);
        expect((await store.listAttachments(s.id, m.id)).map((a) => a.id)).toEqual([chip.id]);
        await rejectsWith(store.setAttachmentMessage([chip.id], 'missing'), 'not_found');
        await rejectsWith(store.setAttachmentMessage(['missing'], m.id), 'not_found');
        const other = await store.createSession();
        const m2 = await store.appendMessage({ sessionId: other.id, role: 'user', content: 'y' });
        await rejectsWith(store.setAttachmentMessage([chip.id], m2.id), 'invalid');
        expect((await store.getAttachment(chip.id))?.messageId).toBe(m.id);
      });

      it('reads missing bytes as undefined, never as an error', async () => {
        const s = await store.createSession();
        const a = await store.saveAttachment({
          sessionId: s.id,
          messageId: null,
          name: 'gone.png',
          mime: 'image/png',
          bytes: BYTES,
          origin: 'attached',
        });
        await h.loseBlob(a.sha256);
        expect(await store.readAttachment(a.id)).toBeUndefined();
        expect(await store.readAttachment('missing')).toBeUndefined();
        const bundle = await store.exportSession(s.id, { bytes: true });
        expect(bundle.blobs?.size).toBe(0);
        expect(sessionToJsonl(bundle)).toContain('"data":null');
      });

      it('caches models: upsert keeps unspecified fields, list puts the last used first', async () => {
        await store.upsertModel({
          id: 'a',
          path: '/m/a.gguf',
          format: 'gguf',
          sizeBytes: 95_000_000,
          capabilities: { vision: false },
        });
        await store.upsertModel({ id: 'b', name: 'B' });
        const a2 = await store.upsertModel({ id: 'a', name: 'Model A' });
        expect(a2).toMatchObject({
          id: 'a',
          name: 'Model A',
          path: '/m/a.gguf',
          sizeBytes: 95_000_000,
          capabilities: { vision: false },
        });
        expect(await store.getModel('a')).toEqual(a2);
        await store.markModelUsed('b', '2026-02-01T00:00:00.000Z');
        expect((await store.listModels()).map((m) => m.id)).toEqual(['b', 'a']);
        expect((await store.getModel('b'))?.lastUsed).toBe('2026-02-01T00:00:00.000Z');
        await rejectsWith(store.markModelUsed('missing'), 'not_found');
        expect(await store.getModel('missing')).toBeUndefined();
        expect(await store.deleteModel('a')).toBe(true);
        expect(await store.deleteModel('a')).toBe(false);
        expect((await store.listModels()).map((m) => m.id)).toEqual(['b']);
      });

      it('keeps settings as JSON values', async () => {
        expect(await store.getSetting('theme')).toBeUndefined();
        await store.setSetting('theme', 'dark');
        await store.setSetting('layout', { panes: ['chat', 'logs'], ratio: 0.6 });
        await store.setSetting('theme', 'light');
        await store.setSetting('zero', 0);
        expect(await store.getSetting('theme')).toBe('light');
        expect(await store.listSettings()).toEqual({
          layout: { panes: ['chat', 'logs'], ratio: 0.6 },
          theme: 'light',
          zero: 0,
        });
        expect(await store.deleteSetting('theme')).toBe(true);
        expect(await store.deleteSetting('theme')).toBe(false);
      });

      it('creates, finds, updates and deletes prompt templates', async () => {
        const t = await store.createTemplate({
          name: 'summarize',
          body: 'Summarize {{text}} in {{n}} words',
        });
        expect(t).toMatchObject({ role: 'user', description: null });
        await rejectsWith(store.createTemplate({ name: 'summarize', body: 'x' }), 'conflict');
        expect(await store.getTemplate('summarize')).toEqual(t);
        expect(await store.getTemplate(t.id)).toEqual(t);
        const u = await store.updateTemplate(t.id, { role: 'system', description: 'short' });
        expect(u).toMatchObject({
          name: 'summarize',
          role: 'system',
          description: 'short',
          body: t.body,
        });
        await store.createTemplate({ name: 'a-first', body: 'x' });
        expect((await store.listTemplates()).map((x) => x.name)).toEqual(['a-first', 'summarize']);
        expect(await store.deleteTemplate(t.id)).toBe(true);
        expect(await store.getTemplate('summarize')).toBeUndefined();
        await rejectsWith(store.updateTemplate(t.id, { body: 'y' }), 'not_found');
      });
    });

    describe('search', () => {
      it('finds titles first, then messages by relevance, with highlighted snippets', async () => {
        const s1 = await store.createSession({ title: 'Rust borrow checker questions' });
        const s2 = await store.createSession({ title: 'Cooking' });
        await store.appendMessage({
          sessionId: s2.id,
          role: 'user',
          content: 'How long to boil pasta?',
        });
        const m2 = await store.appendMessage({
          sessionId: s1.id,
          role: 'assistant',
          content: 'The borrow checker rejects two mutable borrows. A borrow ends at last use.',
        });
        const m1 = await store.appendMessage({
          sessionId: s2.id,
          role: 'user',
          content: 'Is a borrowed pan fine?',
        });
        const hits = await store.search('borrow');
        expect(hits.map((h) => [h.kind, h.messageId ?? h.sessionId])).toEqual([
          ['session', s1.id],
          ['message', m2.id],
          ['message', m1.id],
        ]);
        const first = hits[1];
        expect(first?.sessionTitle).toBe('Rust borrow checker questions');
        expect(first?.role).toBe('assistant');
        for (const [start, end] of first?.highlights ?? []) {
          expect(first?.snippet.slice(start, end).toLowerCase()).toMatch(/^borrow/);
        }
        expect(first?.highlights.length).toBeGreaterThan(0);
        expect(first?.snippet).toContain('borrow checker');
      });

      it('needs every word, matches prefixes, ignores case and survives odd input', async () => {
        const s = await store.createSession({ title: 'misc' });
        const m = await store.appendMessage({
          sessionId: s.id,
          role: 'user',
          content: 'Streaming tokens from Mistral',
        });
        await store.appendMessage({ sessionId: s.id, role: 'user', content: 'tokens only' });
        expect((await store.search('STREAM tok')).map((h) => h.messageId)).toEqual([m.id]);
        expect(await store.search('stream nothing')).toEqual([]);
        expect(await store.search('   ')).toEqual([]);
        for (const odd of ['"', "'", '*', 'a:b', 'NEAR(', '&|!', '-tokens', 'tokens)']) {
          await expect(store.search(odd)).resolves.toBeDefined();
        }
        expect((await store.search('tokens')).length).toBe(2);
      });

      it('follows edits and deletions and filters by session', async () => {
        const s = await store.createSession({ title: 'one' });
        const t = await store.createSession({ title: 'two' });
        const m = await store.appendMessage({ sessionId: s.id, role: 'user', content: 'kiwi' });
        const n = await store.appendMessage({ sessionId: t.id, role: 'user', content: 'kiwi' });
        expect((await store.search('kiwi', { sessionId: t.id })).map((h) => h.messageId)).toEqual([
          n.id,
        ]);
        await store.editMessage(m.id, { content: 'mango' });
        expect((await store.search('kiwi')).map((h) => h.messageId)).toEqual([n.id]);
        expect((await store.search('mango')).map((h) => h.messageId)).toEqual([m.id]);
        await store.renameSession(t.id, 'papaya');
        expect((await store.search('papaya')).map((h) => h.kind)).toEqual(['session']);
        await store.deleteSessions([t.id]);
        expect(await store.search('kiwi')).toEqual([]);
        expect(await store.search('papaya')).toEqual([]);
        const limited = await store.search('mango', { limit: 1 });
        expect(limited).toHaveLength(1);
      });
    });

    describe('stats, export and import', () => {
      it('counts sessions, messages, attachments and tokens by model', async () => {
        const a = await store.createSession({ modelId: 'm1' });
        const b = await store.createSession({ modelId: 'm2' });
        await store.appendMessage({ sessionId: a.id, role: 'user', tokenCount: 4 });
        await store.appendMessage({ sessionId: a.id, role: 'assistant', tokenCount: 6 });
        await store.appendMessage({ sessionId: b.id, role: 'user', tokenCount: 1 });
        await store.setSessionArchived(b.id, true);
        const st = await store.stats();
        expect(st).toMatchObject({
          sessions: 2,
          archivedSessions: 1,
          messages: 3,
          attachments: 0,
          tokens: 11,
        });
        expect(st.byModel).toEqual([
          { modelId: 'm1', sessions: 1, messages: 2, tokens: 10 },
          { modelId: 'm2', sessions: 1, messages: 1, tokens: 1 },
        ]);
        expect(st.firstAt).toBe(a.startedAt);
      });

      it('exports a session and imports it into an empty store unchanged', async () => {
        const s = await store.createSession({
          title: 'Ünïcode ✓ 🎉',
          modelId: 'smol',
          backend: 'local',
          tags: ['x'],
          settings: { t: 0.2 },
        });
        const q = await store.appendMessage({
          sessionId: s.id,
          role: 'user',
          content: 'line1\nline2 "quoted" \\ 🎉',
        });
        const r = await store.appendMessage({
          sessionId: s.id,
          parentId: q.id,
          role: 'assistant',
          status: 'streaming',
        });
        await store.finalizeMessage(r.id, {
          status: 'cancelled',
          content: 'partial',
          tokenCount: 7,
          ttftMs: 0.25,
        });
        const picture = new Uint8Array([137, 80, 78, 71, 0, 255, 7]);
        await store.saveAttachment({
          sessionId: s.id,
          messageId: q.id,
          name: 'c d.png',
          mime: 'image/png',
          bytes: picture,
          origin: 'generated',
          metadata: { w: 1 },
        });
        const bundle = await store.exportSession(s.id, { bytes: true });
        expect(bundle.messages).toHaveLength(2);
        expect(bundle.blobs?.size).toBe(1);

        const other = await factory();
        try {
          const fresh = await other.open();
          await fresh.importSessions([bundle]);
          const back = await fresh.exportSession(s.id, { bytes: true });
          // The path is each store's own place for the bytes.
          const noPaths = (b: typeof bundle) => ({
            ...b,
            attachments: b.attachments.map((a) => ({ ...a, path: '' })),
          });
          expect(noPaths(back)).toEqual(noPaths(bundle));
          const [a] = back.attachments;
          expect(Buffer.from((await fresh.readAttachment(a?.id ?? '')) ?? [])).toEqual(
            Buffer.from(picture),
          );
          expect((await fresh.search('quoted')).map((h) => h.messageId)).toEqual([q.id]);
          const again = await fresh.importSessions([bundle]).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect((again as StoreError).code).toBe('conflict');
        } finally {
          await other.dispose();
        }
        await rejectsWith(store.exportSession('missing'), 'not_found');
      });

      it('round-trips the JSONL fixture byte for byte: import, then export', async () => {
        const bundles = parseSessionsJsonl(FIXTURE);
        await store.importSessions(bundles);
        const id = bundles[0]?.session.id ?? '';
        expect(sessionToJsonl(await store.exportSession(id, { bytes: true }))).toBe(FIXTURE);
        const picture = bundles[0]?.attachments[0];
        expect(
          Buffer.from((await store.readAttachment(picture?.id ?? '')) ?? []).toString('base64'),
        ).toBe(Buffer.from(bundles[0]?.blobs?.get(picture?.sha256 ?? '') ?? []).toString('base64'));
        const thread = await store.getThread(bundles[0]?.messages.at(-1)?.id ?? '');
        expect(thread.map((m) => m.role)).toEqual([
          'system',
          'user',
          'assistant',
          'tool',
          'assistant',
        ]);
        expect((await store.search('arithmetic print')).length).toBe(0);
        expect((await store.search('print')).map((h) => h.sessionId)).toEqual([id]);
      });

      it('refuses to import bytes that do not match their hash, importing nothing', async () => {
        const bundles = parseSessionsJsonl(FIXTURE);
        const [b] = bundles;
        if (b === undefined) throw new Error('no fixture session');
        const sha = b.attachments[0]?.sha256 ?? '';
        const damaged = new Map(b.blobs);
        damaged.set(sha, new Uint8Array([1, 2, 3]));
        const err = await rejectsWith(store.importSessions([{ ...b, blobs: damaged }]), 'invalid');
        expect(err.message).toContain(`the bytes given for sha256 ${sha} hash to`);
        expect(await store.getSession(b.session.id)).toBeUndefined();
      });

      it('imports all sessions or none', async () => {
        const s = await store.createSession({ title: 'exists' });
        const bundle = await store.exportSession(s.id);
        const newOne = { ...bundle, session: { ...bundle.session, id: 'NEW1', title: 'new' } };
        await rejectsWith(store.importSessions([newOne, bundle]), 'conflict');
        expect(await store.getSession('NEW1')).toBeUndefined();
      });
    });

    describe('reopening', () => {
      it('keeps data, reports the schema version and leaves a live writer streaming', async () => {
        const s = await store.createSession({ title: 'kept' });
        const m = await store.appendMessage({
          sessionId: s.id,
          role: 'assistant',
          status: 'streaming',
        });
        await store.updateStreaming(m.id, { content: 'so far' });
        // This process is alive, so a second store must not cut off the stream.
        const second = await h.open();
        expect(second.info.kind).toBe(h.target.kind);
        expect(second.info.schemaVersion).toBeGreaterThanOrEqual(1);
        expect(second.info.migratedFrom).toBeNull();
        expect(second.info.recoveredStreams).toBe(0);
        expect(await second.getMessage(m.id)).toMatchObject({
          status: 'streaming',
          content: 'so far',
        });
        expect((await second.getSession(s.id))?.title).toBe('kept');
        await store.updateStreaming(m.id, { content: 'so far and more' });
        expect((await second.getMessage(m.id))?.content).toBe('so far and more');
      });
    });
  });
}
