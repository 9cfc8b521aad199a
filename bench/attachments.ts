// Attachments benchmark (`npm run bench -- attachments`), the built TUI in a
// pseudo-terminal (half-block previews, as in tmux):
// 1. Attaching a ~10 MB JPEG with /attach: Enter to the chip drawn, and Enter
//    (sending it) to its preview drawn in the transcript (target < 300 ms);
//    keypress-to-echo meanwhile (target p99 < 16 ms).
// 2. A session of 200 pictures (and one of 200 text messages of the same
//    shape, for comparison): PageUp pressed to the top, key to the end of its
//    frame (p50/p95/p99/max, ms); the TUI's resident memory with the picture
//    session open and scrolled through (target < 300 MB).
// Results: bench/results/attachments.json.
import jpeg from 'jpeg-js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../dist/services/store/index.js';
import { encodePng } from '../dist/tui/index.js';
import { startFakeServer } from './_fake-openai.ts';
import { printTable, summarize, writeResults } from './_table.ts';
import { echoMs, FRAME_END, type Tui, rssMb, sleep, startTui } from './_tui-pty.ts';

const PICTURES = 200;

/** Noise pixels at JPEG quality 90: about 10 MB (noise does not compress). */
function bigJpeg(): Uint8Array {
  const w = 2600;
  const h = 2000;
  const data = Buffer.alloc(w * h * 4);
  let s = 1;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    data[i] = i % 4 === 3 ? 255 : (s >> 16) & 255;
  }
  return new Uint8Array(jpeg.encode({ data, width: w, height: h }, 90).data);
}

/** A distinct 800x600 picture per index (a gradient with a band), PNG. */
function picture(i: number): Uint8Array {
  const w = 800;
  const h = 600;
  const data = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const k = (y * w + x) * 4;
      data[k] = (x + i * 7) & 255;
      data[k + 1] = (y + i * 13) & 255;
      data[k + 2] = Math.abs(y - ((i * 37) % h)) < 20 ? 255 : 80;
      data[k + 3] = 255;
    }
  return encodePng({ width: w, height: h, data });
}

/** Echo samples (a character, then Backspace) until `done()` holds. */
async function echoWhile(tui: Tui, done: () => boolean, out: number[]): Promise<void> {
  const chars = ['#', '%'];
  for (let i = 0; !done() && i < 400; i++) {
    out.push(await echoMs(tui, chars[i % 2] ?? '#'));
    await sleep(10);
    tui.write('\x7f');
    await sleep(15);
  }
}

async function attachBig(home: string): Promise<Record<string, unknown>> {
  const file = bigJpeg();
  writeFileSync(path.join(home, 'big.jpg'), file);
  const server = await startFakeServer(50, 500);
  const tui = startTui(['--database', path.join(home, 'big.db'), '--url', server.url], home);
  try {
    await tui.waitFor('● connected', 'the connected status');
    tui.write('/attach big.jpg');
    await tui.waitFor('big.jpg', 'the typed command');
    let chipAt: number | undefined;
    const from = tui.output().length;
    tui.onChunk((_, at) => {
      if (!tui.output().includes('big.jpg · JPEG', from)) return false;
      chipAt = at;
      return true;
    });
    const t0 = performance.now();
    tui.write('\r');
    const echo: number[] = [];
    await echoWhile(tui, () => chipAt !== undefined, echo);
    await tui.waitFor('big.jpg · JPEG', 'the chip', 10_000, from);
    const chipMs = (chipAt ?? NaN) - t0;
    // Send it: the preview is drawn once the picture is decoded (in the worker).
    const sentFrom = tui.output().length;
    let previewAt: number | undefined;
    tui.onChunk((_, at) => {
      if (!tui.output().includes('▀', sentFrom)) return false;
      previewAt = at;
      return true;
    });
    const t1 = performance.now();
    tui.write('\r');
    await echoWhile(tui, () => previewAt !== undefined, echo);
    await tui.waitFor('▀', 'the preview', 10_000, sentFrom);
    return {
      fileBytes: file.length,
      chipMs,
      previewMs: (previewAt ?? NaN) - t1,
      echoMs: summarize(echo),
      rssMb: rssMb(tui.pid),
    };
  } finally {
    await tui.quit();
    await server.close();
  }
}

/** A store with one session of `n` exchanges; with pictures, each question carries one. */
async function buildSession(db: string, withPictures: boolean): Promise<void> {
  const store = await openStore({ kind: 'sqlite', path: db });
  try {
    const s = await store.createSession({ title: withPictures ? 'pictures' : 'text' });
    let parent: string | null = null;
    for (let i = 0; i < PICTURES; i++) {
      const q = await store.appendMessage({
        sessionId: s.id,
        parentId: parent,
        role: 'user',
        content: `Q${i}-what-is-in-it?`,
      });
      if (withPictures)
        await store.saveAttachment({
          sessionId: s.id,
          messageId: q.id,
          name: `picture-${i}.png`,
          mime: 'image/png',
          bytes: picture(i),
          origin: 'attached',
          metadata: { width: 800, height: 600 },
        });
      const a = await store.appendMessage({
        sessionId: s.id,
        parentId: q.id,
        role: 'assistant',
        content: `Reply-${i}.`,
      });
      parent = a.id;
    }
  } finally {
    await store.close();
  }
}

async function scrollSession(
  home: string,
  withPictures: boolean,
): Promise<Record<string, unknown>> {
  const db = path.join(home, withPictures ? 'pictures.db' : 'text.db');
  await buildSession(db, withPictures);
  const tui = startTui(['--database', db, '--url', 'http://127.0.0.1:9'], home);
  try {
    await tui.waitFor(`Q${PICTURES - 1}-what`, 'the session reopened', 20_000);
    if (withPictures) await tui.waitFor('▀', 'a preview', 20_000);
    await sleep(500);
    const frames: number[] = [];
    // PageUp to the top: each key to the end of the frame it causes.
    for (let i = 0; i < 120; i++) {
      const from = tui.output().length;
      const t = performance.now();
      tui.write('\x1b[5~');
      const end = await tui.waitFor(FRAME_END, 'a frame', 5000, from).catch(() => NaN);
      frames.push(end - t);
      await sleep(30);
      if (tui.output().includes('Q0-what', from)) break;
    }
    await sleep(1000);
    return { frames: summarize(frames.filter((x) => Number.isFinite(x))), rssMb: rssMb(tui.pid) };
  } finally {
    await tui.quit();
  }
}

export default async function run(): Promise<void> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'mrt-bench-attach-'));
  const only = process.env.ATTACH_BENCH;
  const big = only === 'scroll' ? {} : await attachBig(home);
  const text = await scrollSession(home, false);
  const pics = await scrollSession(home, true);
  const e = (big.echoMs as ReturnType<typeof summarize> | undefined) ?? summarize([]);
  const ft = text.frames as ReturnType<typeof summarize>;
  const fp = pics.frames as ReturnType<typeof summarize>;
  printTable([
    ['measure', 'value', 'target'],
    [`10 MB JPEG (${String(big.fileBytes)} B): Enter to chip (ms)`, Number(big.chipMs), '< 300'],
    ['sent: Enter to preview drawn (ms)', Number(big.previewMs), '< 300'],
    [
      `echo meanwhile p50/p99/max (ms, n=${e.n})`,
      `${e.p50.toFixed(1)} / ${e.p99.toFixed(1)} / ${e.max.toFixed(1)}`,
      'p99 < 16',
    ],
    [
      `text session PageUp frame p50/p95/p99 (ms, n=${ft.n})`,
      `${ft.p50.toFixed(1)} / ${ft.p95.toFixed(1)} / ${ft.p99.toFixed(1)}`,
      '',
    ],
    [
      `200 pictures PageUp frame p50/p95/p99 (ms, n=${fp.n})`,
      `${fp.p50.toFixed(1)} / ${fp.p95.toFixed(1)} / ${fp.p99.toFixed(1)}`,
      'as text',
    ],
    ['RSS, text session open (MB)', Number(text.rssMb), ''],
    ['RSS, 200 pictures open and scrolled (MB)', Number(pics.rssMb), '< 300'],
  ]);
  writeResults('attachments', { big, text, pictures: pics });
}
