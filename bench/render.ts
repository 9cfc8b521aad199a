// Render benchmark (`npm run bench -- render`): the streaming-chat scenario at
// 200x50 and 300x80 — a transcript of 50 Markdown messages while a reply streams
// one token per frame for 2,000 tokens. For each frame it measures draw + diff +
// encode time and bytes written, for the engine's diff renderer, for a full
// repaint of the same frames, and for Ink (incremental rendering on) fed the
// same tokens and shown the same transcript lines. Results: bench/results/render.json.
import { PassThrough, Writable } from 'node:stream';
import React from 'react';
import { Box, Text, render as inkRender } from 'ink';
import { type Line, Renderer, isRgb, loadHighlighter, rgbParts, Mod } from '../dist/tui/index.js';
import { printTable, summarize, writeResults } from './_table.ts';
import { ChatView } from './_render-chat.ts';
import { replyTokens, transcript } from './_render-scenario.ts';

interface Run {
  /** Wall-clock milliseconds per frame. */
  readonly ms: number[];
  /** Process CPU milliseconds per frame (user + system); unlike wall time, not inflated when the OS runs something else. */
  readonly cpuMs: number[];
  readonly bytes: number[];
  readonly cpuUsPerFrame: number;
}

export function engineRun(
  width: number,
  height: number,
  tokens: readonly string[],
  full: boolean,
  scrolling = true,
): Run {
  const view = new ChatView([...transcript(), { role: 'assistant', content: '' }]);
  const renderer = new Renderer({ width, height, depth: 'truecolor' });
  renderer.scrolling = scrolling;
  renderer.draw((f) => {
    view.draw(f);
  }); // first paint, not measured
  const last = view.messages[view.messages.length - 1];
  if (!last) throw new Error('no reply message');
  const ms: number[] = [];
  const bytes: number[] = [];
  const cpu0 = process.cpuUsage();
  const cpuMs: number[] = [];
  for (const t of tokens) {
    last.content += t;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const out = renderer.draw(
      (f) => {
        view.draw(f);
      },
      { full },
    );
    ms.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpuMs.push((c.user + c.system) / 1000);
    bytes.push(out.length);
  }
  const cpu = process.cpuUsage(cpu0);
  return { ms, cpuMs, bytes, cpuUsPerFrame: (cpu.user + cpu.system) / tokens.length };
}

function hex(c: number | undefined): string | undefined {
  if (c === undefined || !isRgb(c)) return undefined;
  return (
    '#' +
    rgbParts(c)
      .map((v) => v.toString(16).padStart(2, '0'))
      .join('')
  );
}

function inkLine(l: Line, i: number): React.ReactElement {
  return React.createElement(
    Text,
    { key: i, wrap: 'truncate' },
    ...l.spans.map((s, j) =>
      React.createElement(
        Text,
        {
          key: j,
          color: hex(s.style.fg),
          backgroundColor: hex(s.style.bg),
          bold: ((s.style.add ?? 0) & Mod.bold) !== 0,
          italic: ((s.style.add ?? 0) & Mod.italic) !== 0,
        },
        s.content,
      ),
    ),
  );
}

async function inkRun(width: number, height: number, tokens: readonly string[]): Promise<Run> {
  const view = new ChatView([...transcript(), { role: 'assistant', content: '' }]);
  const last = view.messages[view.messages.length - 1];
  if (!last) throw new Error('no reply message');
  let written = 0;
  const stdout = Object.assign(
    new Writable({
      write(chunk: Buffer | string, _enc, cb) {
        written += chunk.length;
        cb();
      },
    }),
    { columns: width, rows: height, isTTY: true },
  );
  const bodyW = width - 4;
  const bodyH = height - 5;
  const element = (lines: Line[]): React.ReactElement =>
    React.createElement(
      Box,
      { flexDirection: 'column', width, height },
      React.createElement(Text, { color: '#7aa2f7', bold: true }, ' mistralrs-tui — chat'),
      React.createElement(
        Box,
        { flexDirection: 'column', paddingX: 2, height: bodyH },
        ...lines.map(inkLine),
      ),
      React.createElement(
        Box,
        { borderStyle: 'round', borderColor: '#7aa2f7', height: 3 },
        React.createElement(Text, { dimColor: true }, 'Ask anything…'),
      ),
      React.createElement(
        Text,
        { dimColor: true },
        ` SmolLM2-135M · streaming · ${view.messages.length} messages`,
      ),
    );
  const inst = inkRender(element(view.visibleLines(bodyW, bodyH)), {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: new PassThrough() as unknown as NodeJS.ReadStream,
    stderr: new PassThrough() as unknown as NodeJS.WriteStream,
    patchConsole: false,
    exitOnCtrlC: false,
    interactive: true,
    alternateScreen: true,
    incrementalRendering: true,
    maxFps: 100_000,
  });
  await inst.waitUntilRenderFlush();
  const ms: number[] = [];
  const cpuMs: number[] = [];
  const bytes: number[] = [];
  let cpuUs = 0;
  for (const t of tokens) {
    last.content += t;
    const lines = view.visibleLines(bodyW, bodyH); // the same Markdown lines, not counted
    const before = written;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    inst.rerender(element(lines));
    await inst.waitUntilRenderFlush();
    ms.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpuUs += c.user + c.system;
    cpuMs.push((c.user + c.system) / 1000);
    bytes.push(written - before);
  }
  inst.unmount();
  inst.cleanup();
  return { ms, cpuMs, bytes, cpuUsPerFrame: cpuUs / tokens.length };
}

const avg = (xs: readonly number[]): number =>
  xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

export default async function run(): Promise<void> {
  await loadHighlighter();
  const tokens = replyTokens();
  // Warm-up (JIT, highlight.js grammars compiled on first use), not reported.
  engineRun(200, 50, tokens, false);
  engineRun(200, 50, tokens, true);
  const sizes: [number, number][] = [
    [200, 50],
    [300, 80],
  ];
  const results: Record<string, unknown>[] = [];
  const table: (string | number)[][] = [
    [
      'size',
      'renderer',
      'wall p50 ms',
      'wall p99 ms',
      'CPU p50 ms',
      'CPU p99 ms',
      'CPU µs/frame',
      'bytes/frame',
      'p50 bytes',
    ],
  ];
  for (const [w, h] of sizes) {
    // Each engine variant runs twice, interleaved, and the second run counts:
    // on a shared machine the first run after another pays for its garbage.
    const variants = (): [Run, Run, Run] => [
      engineRun(w, h, tokens, false),
      engineRun(w, h, tokens, false, false),
      engineRun(w, h, tokens, true),
    ];
    variants();
    const [diff, noScroll, full] = variants();
    const ink = await inkRun(w, h, tokens);
    const entry: Record<string, unknown> = { size: `${w}x${h}`, frames: tokens.length };
    for (const [name, r] of [
      ['engine', diff],
      ['engine without scroll regions', noScroll],
      ['full repaint', full],
      ['ink', ink],
    ] as const) {
      const t = summarize(r.ms);
      const c = summarize(r.cpuMs);
      const b = summarize(r.bytes);
      entry[name] = {
        wallP50Ms: t.p50,
        wallP99Ms: t.p99,
        wallMaxMs: t.max,
        cpuP50Ms: c.p50,
        cpuP99Ms: c.p99,
        cpuUsPerFrame: r.cpuUsPerFrame,
        meanBytes: avg(r.bytes),
        p50Bytes: b.p50,
        p99Bytes: b.p99,
      };
      table.push([
        `${w}x${h}`,
        name,
        t.p50,
        t.p99,
        c.p50,
        c.p99,
        r.cpuUsPerFrame,
        avg(r.bytes),
        b.p50,
      ]);
    }
    entry.ratios = {
      bytesVsFullRepaint: avg(diff.bytes) / avg(full.bytes),
      p50BytesVsFullRepaint: summarize(diff.bytes).p50 / summarize(full.bytes).p50,
      inkCpuOverEngineCpu: ink.cpuUsPerFrame / diff.cpuUsPerFrame,
      inkP50OverEngineP50: summarize(ink.ms).p50 / summarize(diff.ms).p50,
    };
    results.push(entry);
  }
  printTable(table);
  console.log('');
  const ratioRows: (string | number)[][] = [
    [
      'size',
      'bytes vs full (mean)',
      'bytes vs full (p50)',
      'Ink CPU / engine CPU',
      'Ink wall p50 / engine',
    ],
  ];
  for (const r of results) {
    const x = r.ratios as Record<string, number>;
    ratioRows.push([
      String(r.size),
      `${((x.bytesVsFullRepaint ?? 0) * 100).toFixed(1)}%`,
      `${((x.p50BytesVsFullRepaint ?? 0) * 100).toFixed(1)}%`,
      `${(x.inkCpuOverEngineCpu ?? 0).toFixed(1)}x`,
      `${(x.inkP50OverEngineP50 ?? 0).toFixed(1)}x`,
    ]);
  }
  printTable(ratioRows);
  const file = writeResults('render', {
    scenario: '50 Markdown messages + 2,000-token streaming reply, one token per frame',
    cpus: (await import('node:os')).cpus().length,
    loadAverage: (await import('node:os')).loadavg(),
    results,
  });
  console.log(`\nwrote ${file}`);
}
