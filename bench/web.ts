// Web host benchmark (`npm run bench -- web`): the built app as
// `mistralrs-tui web`, shown by headless Chromium (Debian's chromium via
// playwright-core) with xterm.js's WebGL renderer, at 200x50 cells, while a
// reply streams at 200 tokens/s from the loopback fake server:
// 1. the page's frame interval (requestAnimationFrame to requestAnimationFrame;
//    target p99 < 16.7 ms, 60 FPS), and the interval between xterm.js renders;
// 2. key press in the page to its echo drawn on the page (keydown to the
//    xterm.js render that shows it; target p99 < 16 ms);
// 3. bytes per streamed frame on the WebSocket.
// Without a GPU, Chromium's WebGL runs on SwiftShader (the CPU), so the frame
// figures are an upper bound for a machine with one.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startFakeServer } from './_fake-openai.ts';
import { printTable, summarize, writeResults } from './_table.ts';

const COLS = 200;
const ROWS = 50;
const TOKENS_PER_SECOND = 200;
const WINDOW_MS = 5000;
const ECHO_SAMPLES = 100;
const ECHO_CANDIDATES = '#$%&*=^~@!{}<>|`'.split('');
const CHROMIUM = process.env.MISTRALRS_TUI_TEST_CHROMIUM ?? '/usr/bin/chromium';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Probe {
  term: {
    cols: number;
    rows: number;
    element: {
      querySelector(s: string): { getBoundingClientRect(): { width: number; height: number } };
    };
    onRender(fn: () => void): { dispose(): void };
  };
  renderer: string;
  screen(): string[];
  renders: number[];
  messages: number;
  bytes: number;
}
type G = { mistralrsTui: Probe; requestAnimationFrame(fn: (t: number) => void): number } & Record<
  string,
  unknown
>;

export default async function run(): Promise<void> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'mrt-bench-web-'));
  const server = await startFakeServer(TOKENS_PER_SECOND, 120_000);
  const cli = new URL('../dist/cli.js', import.meta.url).pathname;
  const child = spawn(
    process.execPath,
    [cli, '--url', server.url, '--database', path.join(home, 'web.db'), 'web'],
    {
      env: { PATH: process.env.PATH, HOME: home, LANG: 'C.UTF-8' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
  try {
    for (let i = 0; !out.includes('token='); i++) {
      if (i > 200) throw new Error(`no address printed:\n${out}`);
      await sleep(50);
    }
    const url = /https?:\/\/\S+\?token=[0-9a-f]+/.exec(out)?.[0] ?? '';
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    // MISTRALRS_TUI_BENCH_RENDERER=dom measures xterm.js's CPU renderer instead.
    const dom = process.env.MISTRALRS_TUI_BENCH_RENDERER === 'dom';
    await page.goto(dom ? `${url}&renderer=dom` : url);
    const until = async (pred: string, what: string, ms = 30_000): Promise<void> => {
      await page
        .waitForFunction(
          (t) => (globalThis as unknown as G).mistralrsTui.screen().join('\n').includes(t),
          pred,
          { timeout: ms, polling: 50 },
        )
        .catch(() => {
          throw new Error(`never saw ${what}`);
        });
    };
    await until('● connected', 'the connected app');
    // Size the window for 200x50 cells.
    const cell = await page.evaluate(() => {
      const t = (globalThis as unknown as G).mistralrsTui.term;
      const r = t.element.querySelector('.xterm-screen').getBoundingClientRect();
      return { w: r.width / t.cols, h: r.height / t.rows };
    });
    await page.setViewportSize({
      width: Math.ceil(COLS * cell.w + 6),
      height: Math.ceil(ROWS * cell.h + 6),
    });
    await page.waitForFunction(
      ([c, r]) => {
        const t = (globalThis as unknown as G).mistralrsTui.term;
        return Math.abs(t.cols - c) <= 1 && Math.abs(t.rows - r) <= 1;
      },
      [COLS, ROWS] as const,
    );
    const size = await page.evaluate(() => {
      const p = (globalThis as unknown as G).mistralrsTui;
      return { cols: p.term.cols, rows: p.term.rows, renderer: p.renderer };
    });

    await page.keyboard.type('Tell me a long story.');
    await until('long story.', 'the typed message');
    await page.keyboard.press('Enter');
    await until('lighthouses', 'the first streamed words', 10_000);

    // 1 and 3: a window of streaming with nothing typed.
    const before = await page.evaluate(() => {
      const p = (globalThis as unknown as G).mistralrsTui;
      return { messages: p.messages, bytes: p.bytes, sent: 0 };
    });
    const sent0 = server.sent;
    const frames = await page.evaluate((ms) => {
      const g = globalThis as unknown as G;
      return new Promise<{ raf: number[]; renders: number[] }>((resolve) => {
        const raf: number[] = [];
        const start = performance.now();
        const renders0 = g.mistralrsTui.renders.length;
        const step = (t: number): void => {
          raf.push(t);
          if (t - start < ms) g.requestAnimationFrame(step);
          else resolve({ raf, renders: g.mistralrsTui.renders.slice(renders0) });
        };
        g.requestAnimationFrame(step);
      });
    }, WINDOW_MS);
    const after = await page.evaluate(() => {
      const p = (globalThis as unknown as G).mistralrsTui;
      return { messages: p.messages, bytes: p.bytes };
    });
    const tokens = server.sent - sent0;
    const deltas = (ts: number[]): number[] => ts.slice(1).map((t, i) => t - (ts[i] ?? t));
    const rafInterval = summarize(deltas(frames.raf));
    const renderInterval = summarize(deltas(frames.renders));
    const wsFrames = after.messages - before.messages;
    const wsBytes = after.bytes - before.bytes;

    // 2: key press to echo, on the page.
    const shown = (
      await page.evaluate(() => (globalThis as unknown as G).mistralrsTui.screen())
    ).join('');
    const chars = ECHO_CANDIDATES.filter((c) => !shown.includes(c));
    const echo: number[] = [];
    for (let i = 0; i < ECHO_SAMPLES; i++) {
      const ch = chars[i % chars.length] ?? '#';
      // The listeners are in place before the key is pressed; the wait is read afterwards.
      await page.evaluate((c) => {
        const g = globalThis as unknown as G & {
          addEventListener(t: string, f: () => void, o: unknown): void;
          echoWait?: Promise<number>;
        };
        g.echoWait = new Promise<number>((resolve, reject) => {
          let t0 = 0;
          g.addEventListener(
            'keydown',
            () => {
              t0 = performance.now();
            },
            { capture: true, once: true },
          );
          const p = g.mistralrsTui;
          const sub = p.term.onRender(() => {
            if (t0 > 0 && p.screen().join('').includes(c)) {
              sub.dispose();
              resolve(performance.now() - t0);
            }
          });
          setTimeout(() => {
            reject(new Error(`no echo of ${c} (keydown seen: ${t0 > 0})`));
          }, 3000);
        });
      }, ch);
      await page.keyboard.press(ch);
      echo.push(
        await page.evaluate(
          () => (globalThis as unknown as { echoWait: Promise<number> }).echoWait,
        ),
      );
      await page.keyboard.press('Backspace');
      await sleep(30);
    }
    if (!server.streaming) throw new Error('the reply ended before the last echo sample');
    const echoMs = summarize(echo);

    const rows: (string | number)[][] = [
      ['measure', 'p50', 'p95', 'p99', 'max', 'target'],
      [
        'page frame interval, rAF (ms)',
        rafInterval.p50,
        rafInterval.p95,
        rafInterval.p99,
        rafInterval.max,
        'p99 < 16.7',
      ],
      [
        'xterm.js render interval (ms)',
        renderInterval.p50,
        renderInterval.p95,
        renderInterval.p99,
        renderInterval.max,
        '',
      ],
      [
        'key press to echo on the page (ms)',
        echoMs.p50,
        echoMs.p95,
        echoMs.p99,
        echoMs.max,
        'p99 < 16',
      ],
    ];
    console.log(
      `${size.cols}x${size.rows} cells, renderer ${size.renderer}, ${TOKENS_PER_SECOND} tok/s (${tokens} tokens in ${WINDOW_MS} ms)`,
    );
    printTable(rows);
    console.log(
      `WebSocket: ${wsFrames} screen messages in ${WINDOW_MS} ms (${((wsFrames * 1000) / WINDOW_MS).toFixed(1)}/s), ${(wsBytes / Math.max(1, wsFrames)).toFixed(0)} bytes per frame, ${(wsBytes / Math.max(1, tokens)).toFixed(0)} bytes per token`,
    );
    const file = writeResults('web', {
      scenario: `${size.cols}x${size.rows}, ${TOKENS_PER_SECOND} tok/s, headless chromium`,
      renderer: size.renderer,
      machine: {
        cores: os.availableParallelism(),
        cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
        loadavg: os.loadavg(),
      },
      rafIntervalMs: rafInterval,
      renderIntervalMs: renderInterval,
      echoMs,
      websocket: {
        frames: wsFrames,
        bytes: wsBytes,
        tokens,
        windowMs: WINDOW_MS,
        bytesPerFrame: wsBytes / Math.max(1, wsFrames),
      },
    });
    console.log(`results: ${file}`);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+C');
  } finally {
    await browser.close();
    child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 500));
    child.kill('SIGKILL');
    await server.close();
    rmSync(home, { recursive: true, force: true });
  }
}
