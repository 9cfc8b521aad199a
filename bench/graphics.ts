// Graphics benchmark (`npm run bench -- graphics`):
// 1. per protocol, a 1024x1024 PNG shown in a 40x20 cell box: decode (in the
//    decode worker) + scale + encode time and the bytes of the first frame;
// 2. frame time at 200x50 with three pictures on screen while a reply streams
//    below them, against the same frames without pictures (nothing is
//    re-encoded, so the cost should be the same);
// 3. time to first picture after attaching a 10 MB JPEG.
// Results: bench/results/graphics.json.
import { Graphics, Renderer, drawImage, rect, resolveCapabilities } from '../dist/tui/index.js';
import type { GraphicsProtocol } from '../dist/tui/index.js';
import { performance as perfHooks } from 'node:perf_hooks';
import { ImageDecoder } from '../dist/tui/graphics/decoder.js';
import { encodePng } from '../dist/tui/graphics/png.js';
import { landscape } from '../examples/tui-gallery/pictures.ts';
import { printTable, summarize, writeResults } from './_table.ts';
import { ChatView } from './_render-chat.ts';
import { replyTokens, transcript } from './_render-scenario.ts';

const MODES: readonly { name: string; protocol: GraphicsProtocol; placeholders: boolean }[] = [
  { name: 'kitty placeholders', protocol: 'kitty', placeholders: true },
  { name: 'kitty placements', protocol: 'kitty', placeholders: false },
  { name: 'iTerm2', protocol: 'iterm2', placeholders: false },
  { name: 'sixel', protocol: 'sixel', placeholders: false },
  { name: 'half blocks', protocol: 'blocks', placeholders: false },
];

function graphics(mode: (typeof MODES)[number], decoder: ImageDecoder): Graphics {
  const caps = resolveCapabilities(
    {},
    { cell: { width: 10, height: 20 }, da1: [62] },
    { setting: mode.protocol },
  );
  const g = new Graphics(
    { ...caps, placeholders: mode.placeholders },
    { depth: 'truecolor', decoder },
  );
  return g;
}

async function firstPicture(
  mode: (typeof MODES)[number],
  decoder: ImageDecoder,
  bytes: Uint8Array,
) {
  const g = graphics(mode, decoder);
  const r = new Renderer({ width: 80, height: 30, depth: 'truecolor' });
  const area = rect(0, 0, 40, 20);
  const t0 = performance.now();
  const p = g.picture(bytes);
  // As an app does: the first frame reserves the cells and starts decoding (with the size).
  r.draw((f) => {
    drawImage(f.buffer, area, { picture: p, graphics: g, upscale: true });
  });
  await g.ready(p);
  const t1 = performance.now();
  const out = r.draw((f) => {
    drawImage(f.buffer, area, { picture: p, graphics: g, upscale: true });
  });
  const t2 = performance.now();
  return { decodeMs: t1 - t0, encodeMs: t2 - t1, totalMs: t2 - t0, bytes: out.length };
}

function streamFrames(
  mode: (typeof MODES)[number] | undefined,
  g: Graphics | undefined,
  pics: ReturnType<Graphics['picture']>[],
) {
  const view = new ChatView([...transcript(), { role: 'assistant', content: '' }]);
  const renderer = new Renderer({ width: 200, height: 50, depth: 'truecolor' });
  const draw = (): string =>
    renderer.draw((f) => {
      view.draw(f);
      if (mode && g) {
        f.buffer.clear(rect(0, 0, 200, 12));
        pics.forEach((p, i) =>
          drawImage(f.buffer, rect(i * 66, 0, 64, 11), { picture: p, graphics: g }),
        );
      }
    });
  draw();
  const last = view.messages[view.messages.length - 1];
  if (!last) throw new Error('no reply');
  const cpu: number[] = [];
  const bytes: number[] = [];
  for (const t of replyTokens().slice(0, 600)) {
    last.content += t;
    const c0 = process.cpuUsage();
    const out = draw();
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    bytes.push(out.length);
  }
  return { cpu: summarize(cpu), bytes: summarize(bytes) };
}

export default async function main(): Promise<void> {
  const decoder = new ImageDecoder();
  const png = encodePng(landscape(1024, 1024));
  const rows: (string | number)[][] = [
    [
      'protocol',
      'decode+scale+encode p50 / p95 ms',
      'decode+scale ms p50',
      'encode ms p50',
      'bytes',
    ],
  ];
  const perProtocol: Record<string, unknown> = {};
  for (const mode of MODES) {
    const runs = [];
    for (let i = 0; i < 7; i++) runs.push(await firstPicture(mode, decoder, png));
    const total = summarize(runs.map((r) => r.totalMs));
    const dec = summarize(runs.map((r) => r.decodeMs));
    const enc = summarize(runs.map((r) => r.encodeMs));
    rows.push([
      mode.name,
      `${total.p50.toFixed(1)} / ${total.p95.toFixed(1)}`,
      dec.p50,
      enc.p50,
      runs[0]?.bytes ?? 0,
    ]);
    perProtocol[mode.name] = { total, decode: dec, encode: enc, bytes: runs[0]?.bytes };
  }
  console.log('1024x1024 PNG in a 40x20 cell box (cell 10x20 px):');
  printTable(rows);

  const frameRows: (string | number)[][] = [
    ['pictures', 'CPU p50 / p99 ms per frame', 'bytes per frame p50'],
  ];
  const frames: Record<string, unknown> = {};
  const base = streamFrames(undefined, undefined, []);
  frameRows.push([
    'none',
    `${base.cpu.p50.toFixed(2)} / ${base.cpu.p99.toFixed(2)}`,
    base.bytes.p50,
  ]);
  frames.none = base;
  for (const mode of MODES) {
    const g = graphics(mode, decoder);
    const pics = [png, encodePng(landscape(800, 500)), encodePng(landscape(300, 300))].map((b) =>
      g.picture(b),
    );
    for (const p of pics) await g.ready(p);
    const r = streamFrames(mode, g, pics);
    frameRows.push([
      `3 x ${mode.name}`,
      `${r.cpu.p50.toFixed(2)} / ${r.cpu.p99.toFixed(2)}`,
      r.bytes.p50,
    ]);
    frames[mode.name] = r;
  }
  console.log('\nstreaming reply at 200x50 (600 tokens), three pictures above it:');
  printTable(frameRows);

  // A 10 MB JPEG: noise at high quality does not compress.
  const jpeg = (await import('jpeg-js')).default;
  const side = 2240;
  const data = new Uint8Array(side * side * 4);
  let s = 7;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    data[i] = i % 4 === 3 ? 255 : (s >>> 24) & 0xff;
  }
  const big = new Uint8Array(jpeg.encode({ width: side, height: side, data }, 92).data);
  const ttfp: Record<string, unknown> = { jpegBytes: big.length };
  const ttfpRows: (string | number)[][] = [
    ['protocol', `time to first picture, ${(big.length / 1e6).toFixed(1)} MB JPEG, ms`],
  ];
  for (const mode of [MODES[0], MODES[4]]) {
    if (!mode) continue;
    const r = await firstPicture(mode, decoder, big);
    ttfpRows.push([mode.name, r.totalMs]);
    ttfp[mode.name] = r;
  }
  printTable(ttfpRows);
  // The event loop stays free while a first picture is made: timer ticks during one.
  // A new picture (bytes after the JPEG's end marker are ignored), so nothing is cached.
  const other = new Uint8Array(big.length + 2);
  other.set(big);
  const elu0 = perfHooks.eventLoopUtilization();
  let worst = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 5);
  const again = await firstPicture(
    { name: 'half blocks', protocol: 'blocks', placeholders: false },
    decoder,
    other,
  );
  clearInterval(timer);
  const elu = perfHooks.eventLoopUtilization(elu0);
  console.log(
    `a first 10 MB JPEG took ${again.totalMs.toFixed(0)} ms; the main thread was busy ${elu.active.toFixed(0)} ms of it (the rest in the worker); longest gap between 5 ms timer ticks ${worst.toFixed(1)} ms`,
  );
  ttfp.eventLoop = { busyMs: elu.active, worstGapMs: worst, totalMs: again.totalMs };
  await decoder.dispose();
  const file = writeResults('graphics', { perProtocol, frames, timeToFirstPicture: ttfp });
  console.log(`\nwritten to ${file}`);
}
