// A separate process that uses the store, for the durability tests.
//   child.ts TARGET_JSON stream        streams a reply forever, printing "committed N LENGTH"
//                                      after each batch is committed (the parent kills it)
//   child.ts TARGET_JSON append COUNT  prints "ready", waits for a line on stdin, appends COUNT
//                                      messages (some streamed), prints "done SESSION"
//   child.ts TARGET_JSON attach        saves 4 MB attachments of distinct bytes forever, printing
//                                      "saved N ID SHA256" after each (the parent kills it)
import type { DatabaseTarget } from '../../../src/config/effective.js';
import { createHash } from 'node:crypto';
import { openStore, StreamWriter } from '../../../src/services/store/index.js';

const [targetJson = '', mode = '', countArg = '0'] = process.argv.slice(2);
const target = JSON.parse(targetJson) as DatabaseTarget;
const store = await openStore(target);

/** The text the stream child writes; the parent checks the saved text is a prefix of it. */
export function streamText(tokens: number): string {
  return Array.from({ length: tokens }, (_, i) => `w${i} `).join('');
}

if (mode === 'stream') {
  const session = await store.createSession({ title: 'killed mid-stream' });
  const question = await store.appendMessage({
    sessionId: session.id,
    role: 'user',
    content: 'go',
  });
  const writer = await StreamWriter.start(
    store,
    { sessionId: session.id, parentId: question.id },
    {
      intervalMs: 15,
      maxTokens: 8,
      onFlushed: ({ flushes, length }) => {
        process.stdout.write(`committed ${flushes} ${length} ${writer.message.id}\n`);
      },
    },
  );
  for (let i = 0; ; i++) {
    writer.push({ content: `w${i} ` });
    await new Promise((r) => setTimeout(r, 1));
  }
} else if (mode === 'append') {
  const count = Number(countArg);
  const session = await store.createSession({ title: `writer ${process.pid}` });
  // Both writers start together: say ready, then wait for the parent's go.
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  process.stdin.pause();
  let parent: string | null = null;
  for (let i = 0; i < count; i++) {
    if (i % 10 === 9) {
      const w = await StreamWriter.start(
        store,
        { sessionId: session.id, parentId: parent },
        { maxTokens: 2 },
      );
      for (let t = 0; t < 6; t++) w.push({ content: `t${t} ` });
      await w.flush();
      parent = (await w.finish({ status: 'complete', tokenCount: 6 })).id;
    } else {
      parent = (
        await store.appendMessage({
          sessionId: session.id,
          parentId: parent,
          role: 'user',
          content: `m${i}`,
        })
      ).id;
    }
  }
  await store.close();
  process.stdout.write(`done ${session.id}\n`);
} else if (mode === 'attach') {
  const session = await store.createSession({ title: 'killed mid-save' });
  for (let i = 0; ; i++) {
    // Distinct bytes each time, so every save writes a new file.
    const bytes = new Uint8Array(4 * 1_048_576);
    const seed = createHash('sha256').update(`seed ${i}`).digest();
    for (let j = 0; j < bytes.length; j += seed.length) bytes.set(seed, j);
    bytes[0] = i & 0xff;
    const a = await store.saveAttachment({
      sessionId: session.id,
      messageId: null,
      name: `big-${i}.bin`,
      mime: 'application/octet-stream',
      bytes,
      origin: 'generated',
    });
    process.stdout.write(`saved ${i} ${a.id} ${a.sha256}\n`);
  }
} else {
  throw new Error(`unknown mode ${mode}`);
}
