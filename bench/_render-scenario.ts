// The streaming-chat scenario shared by the render benchmark: a transcript of
// 50 Markdown messages (code blocks, lists, tables) and a 2,000-token reply,
// generated deterministically so every run and every renderer sees the same
// frames.

/** A small seeded PRNG (mulberry32), shared by the benchmarks' generated text. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the model loads quickly and streams tokens while the server keeps the context cache warm so a ' +
  'reply arrives without delay quantized weights trade a little accuracy for memory and speed on ' +
  'small machines throughput depends on batch size prompt length and the attention kernel in use'
).split(' ');

/** A sentence of `n` words from the benchmark vocabulary. */
export function sentence(r: () => number, n: number): string {
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(WORDS[Math.floor(r() * WORDS.length)] ?? 'x');
  const s = words.join(' ');
  return s.charAt(0).toUpperCase() + s.slice(1) + '.';
}

function assistantMessage(r: () => number, i: number): string {
  const parts = [`## Answer ${i}`, sentence(r, 25) + ' ' + sentence(r, 18)];
  parts.push(
    [
      '- ' + sentence(r, 6),
      '- ' + sentence(r, 9),
      '  - ' + sentence(r, 5),
      '- **bold** and `code` ' + sentence(r, 4),
    ].join('\n'),
  );
  parts.push(
    '```ts\n' +
      `export function step${i}(x: number): number {\n  // ${sentence(r, 6)}\n  return x * ${i} + 1;\n}\n` +
      '```',
  );
  if (i % 2 === 0) {
    parts.push(
      '| model | quant | tok/s |\n|:--|:-:|--:|\n' +
        [1, 2, 3].map((k) => `| m${i}-${k} | Q4_K_M | ${(r() * 100).toFixed(1)} |`).join('\n'),
    );
  }
  parts.push(sentence(r, 20));
  return parts.join('\n\n');
}

export interface Message {
  readonly role: 'user' | 'assistant';
  readonly content: string;
}

export function transcript(): Message[] {
  const r = prng(7);
  const out: Message[] = [];
  for (let i = 0; i < 50; i++) {
    out.push(
      i % 2 === 0
        ? { role: 'user', content: sentence(r, 12) }
        : { role: 'assistant', content: assistantMessage(r, i) },
    );
  }
  return out;
}

/** 2,000 tokens of a Markdown reply: prose, list items, a code block and a table along the way. */
export function replyTokens(): string[] {
  const r = prng(11);
  const tokens: string[] = [];
  const push = (s: string): void => {
    for (const piece of s.match(/\s*\S+|\s+/g) ?? []) tokens.push(piece);
  };
  let k = 0;
  while (tokens.length < 2000) {
    push(sentence(r, 30) + ' ');
    if (k % 4 === 1) push('\n\n- ' + sentence(r, 8) + '\n- ' + sentence(r, 10) + '\n\n');
    if (k % 6 === 3)
      push('\n\n```py\ndef f(x):\n    return x * 2  # ' + sentence(r, 4) + '\n```\n\n');
    if (k % 8 === 5) push('\n\n| a | b |\n|--|--|\n| 1 | 2 |\n| 3 | 4 |\n\n');
    if (k % 3 === 2) push('\n\n');
    k++;
  }
  return tokens.slice(0, 2000);
}
