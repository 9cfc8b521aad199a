// Chat scroll benchmark (`npm run bench -- chat-scroll`): a session of 10,000
// messages (user questions and Markdown replies with code blocks, lists and
// tables, deterministic) drawn at 120x40 through drawApp, as the app loop
// runs it (the reducers settle the chat's scroll, then the frame is drawn).
// Time of the settling and drawApp together (p50/p95/p99/max, ms) for: the first frame after opening (cold
// cache), following the bottom, one page up, the middle, the first jump to
// the top (Home) and frames there, a reply streaming (followed, and with the
// view at the top), and PageUp held from the bottom with a fresh cache. Heap used (after a GC when node runs with --expose-gc) after
// opening, after Home and after scrolling everything. Results:
// bench/results/chat-scroll.json.
import {
  type ChatItem,
  type State,
  ViewCache,
  computeLayout,
  defaultKeymap,
  drawApp,
  initialState,
  settleChatScroll,
} from '../dist/app/index.js';
import { Buffer, DARK_THEME, loadHighlighter } from '../dist/tui/index.js';
import { printTable, summarize, writeResults } from './_table.ts';
import { prng, sentence } from './_render-scenario.ts';

const WIDTH = 120;
const HEIGHT = 40;
const MESSAGES = 10_000;
/** Frames measured per steady scenario (the first of each is a warm-up, not counted). */
const FRAMES = 300;

/** A reply: a paragraph or two, sometimes a list, a code block or a table (about 5 to 40 rows). */
function reply(r: () => number, i: number): string {
  const parts = [sentence(r, 10 + Math.floor(r() * 40))];
  if (r() < 0.5) parts.push(sentence(r, 20) + ' ' + sentence(r, 15));
  if (r() < 0.4)
    parts.push(['- ' + sentence(r, 6), '- **bold** and `code` ' + sentence(r, 4)].join('\n'));
  if (r() < 0.5)
    parts.push(
      '```ts\n' +
        `export function step${i}(x: number): number {\n  // ${sentence(r, 6)}\n  return x * ${i} + 1;\n}\n` +
        '```',
    );
  if (r() < 0.15)
    parts.push(
      '| model | quant | tok/s |\n|:--|:-:|--:|\n' +
        [1, 2].map((k) => `| m${i}-${k} | Q4_K_M | ${(r() * 100).toFixed(1)} |`).join('\n'),
    );
  return parts.join('\n\n');
}

export function session(n = MESSAGES): ChatItem[] {
  const r = prng(10);
  return Array.from({ length: n }, (_, i): ChatItem => {
    const createdAt = new Date(Date.UTC(2026, 0, 1, 9, 0, i)).toISOString();
    return i % 2 === 0
      ? {
          id: `m${i}`,
          role: 'user',
          content: `Question ${i}: ${sentence(r, 5 + Math.floor(r() * 30))}`,
          status: 'complete',
          createdAt,
        }
      : {
          id: `m${i}`,
          role: 'assistant',
          content: reply(r, i),
          status: 'complete',
          modelId: 'SmolLM2-135M',
          createdAt,
          figures: { ttftMs: 120, tokensPerSec: 42.5, completionTokens: 180 },
        };
  });
}

function opened(items: readonly ChatItem[]): State {
  const s = initialState({
    width: WIDTH,
    height: HEIGHT,
    keymap: defaultKeymap(),
    backend: { name: 'local', kind: 'mistralrs', url: 'http://127.0.0.1:1234', model: 'default' },
  });
  return { ...s, focus: 'chat', chat: { sessionId: 'S', title: 'Long', items, scroll: 0 } };
}

/**
 * One change and its frame as the app loop runs them: the root reducer
 * settles the chat's scroll for the change from `prev` to `next`
 * (update.ts), then drawApp draws it. Returns the settled state and the time.
 */
function frame(prev: State, next: State, cache: ViewCache): [State, number] {
  const buf = Buffer.sized(WIDTH, HEIGHT);
  const t0 = performance.now();
  const s = settleChatScroll(prev, next, cache);
  drawApp({ buffer: buf, setCursor: () => undefined }, s, cache);
  return [s, performance.now() - t0];
}

/** `s` with the chat scrolled to `scroll` (as a key would ask). */
const scrolled = (s: State, scroll: number): State => ({ ...s, chat: { ...s.chat, scroll } });

function steady(s: State, cache: ViewCache): [State, number[]] {
  let cur = s;
  const ms: number[] = [];
  for (let i = 0; i <= FRAMES; i++) {
    const [next, t] = frame(cur, { ...cur, tick: cur.tick + 1 }, cache);
    cur = next;
    if (i > 0) ms.push(t);
  }
  return [cur, ms];
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

export default async function run(): Promise<void> {
  await loadHighlighter();
  const items = session();
  const base = opened(items);
  const page = Math.max(1, computeLayout(base).chat.height - 3);
  const rows: (string | number)[][] = [['case', 'frames', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms']];
  const results: Record<string, unknown> = {};
  const add = (name: string, ms: readonly number[]): void => {
    const x = summarize(ms);
    rows.push([name, String(x.n), x.p50, x.p95, x.p99, x.max]);
    results[name] = x;
  };
  const heap: Record<string, number> = { before: heapMb() };

  // A warm-up session (JIT, grammars), then the measured one with a fresh cache.
  steady(opened(session(400)), new ViewCache(DARK_THEME));

  let cache = new ViewCache(DARK_THEME);
  const [s0, cold] = frame(base, base, cache);
  add('open (first frame, cold)', [cold]);
  heap.afterOpen = heapMb();
  const [atBottom, bottom] = steady(s0, cache);
  add('bottom (following)', bottom);
  const [pageUp] = frame(atBottom, scrolled(atBottom, page), cache);
  add('one page up', steady(pageUp, cache)[1]);
  const [sTop, firstHome] = frame(atBottom, scrolled(atBottom, Number.MAX_SAFE_INTEGER), cache);
  add('Home (first jump, cold)', [firstHome]);
  heap.afterHome = heapMb();
  const maxScroll = sTop.chat.scroll;
  add('top (Home)', steady(sTop, cache)[1]);
  const [middle] = frame(sTop, scrolled(sTop, Math.floor(maxScroll / 2)), cache);
  add('middle', steady(middle, cache)[1]);

  // A reply streaming (a token a frame) while following it, then while the view is at the top.
  const streaming = (from: State, label: string): void => {
    const reply: ChatItem = {
      id: 'streaming',
      role: 'assistant',
      content: '',
      status: 'streaming',
      createdAt: new Date(Date.UTC(2026, 0, 2)).toISOString(),
    };
    let cur: State = { ...from, chat: { ...from.chat, items: [...items, reply] } };
    const ms: number[] = [];
    const r = prng(7);
    for (let i = 0; i <= FRAMES; i++) {
      const grown = cur.chat.items.map((it, k) =>
        k === items.length
          ? { ...it, content: `${it.content}${sentence(r, 1).toLowerCase()} ` }
          : it,
      );
      const [next, t] = frame(
        cur,
        { ...cur, tick: cur.tick + 1, chat: { ...cur.chat, items: grown } },
        cache,
      );
      cur = next;
      if (i > 0) ms.push(t);
    }
    add(label, ms);
  };
  streaming(atBottom, 'reply streaming, following');
  streaming(sTop, 'reply streaming, view at the top');

  // PageUp held from the bottom of a freshly opened session: each frame a page further up.
  cache = new ViewCache(DARK_THEME);
  let s = frame(base, base, cache)[0];
  const held: number[] = [];
  const heldFrames = Math.min(600, Math.ceil(maxScroll / page));
  for (let i = 0; i < heldFrames; i++) {
    const [next, t] = frame(s, scrolled(s, s.chat.scroll + page), cache);
    s = next;
    held.push(t);
  }
  add(`PageUp held (fresh cache, ${heldFrames} pages)`, held);
  heap.afterPageUps = heapMb();
  printTable(rows);
  console.log(
    `\nheap used (MB): ${Object.entries(heap)
      .map(([k, v]) => `${k} ${v.toFixed(1)}`)
      .join(', ')}; total rows ${maxScroll + computeLayout(base).chat.height}`,
  );
  const file = writeResults('chat-scroll', {
    scenario: `${MESSAGES} messages at ${WIDTH}x${HEIGHT}, drawApp per frame`,
    cpus: (await import('node:os')).cpus().length,
    results,
    heapMb: heap,
  });
  console.log(`\nwrote ${file}`);
}
