// A Markdown document's rendering cache, owned by the app per message. Lines
// are cached per (content, width); within a document each top-level block is
// cached by (raw text, width), and when the content only grew (a streaming
// reply) just the last block onwards is lexed and rendered again, so a token
// costs the tail of the message, not the whole of it.
import type * as Marked from 'marked';
import type { Token } from 'marked';
import { createRequire } from 'node:module';
import type { Theme } from '../../style/theme.js';
import { type Line, styledLine } from '../../text/span.js';
import { renderBlocks } from './blocks.js';
import { highlighterGeneration } from './highlight.js';

interface Block {
  readonly raw: string;
  /** Offset of the block in the content. */
  readonly start: number;
  readonly tokens: Token[];
  lines?: Line[];
  width?: number;
  gen?: number;
}

// marked is loaded on the first Markdown message, not at start-up (its module
// builds its regular expressions when evaluated: ~10 ms of the first frame).
// require() of an ES module is synchronous on Node >= 22.12.
const requireModule = createRequire(import.meta.url);
let marked: typeof Marked | undefined;

function markedModule(): typeof Marked {
  marked ??= requireModule('marked') as typeof Marked;
  return marked;
}

const lex = (src: string): Token[] => new (markedModule().Lexer)({ gfm: true }).lex(src);

/**
 * Markdown that takes each of marked's block rules in turn (a sample is tried
 * against every rule before the one that takes it) and then its inline rules.
 * V8 compiles a regular expression on its first run and again to machine code
 * on its second: ~35 ms for marked's, ~20 ms of it on the first text lexed,
 * which without a warm-up fell on the frame that shows a reply's first token
 * and held up the echo of a key typed then (measured: 27-46 ms while an
 * embedded model's first reply began).
 */
export const MARKDOWN_WARM_UP: readonly string[] = [
  '\n',
  '    code',
  '```\nfenced\n```',
  '---',
  '# heading',
  '<div>html</div>',
  '[def]: https://example.com',
  '| a | b |\n|---|---|\n| 1 | 2 |',
  'setext\n===',
  '- item',
  '1. item',
  '> quote',
  'a paragraph',
  'text **strong** *em* `code` [link](https://example.com) <b>tag</b> ~~del~~ \\* https://example.com  \nbreak',
];

/**
 * Steps that load marked and compile its regular expressions, each a few
 * milliseconds (the longest ~6 ms measured): the app runs one per turn of the
 * event loop once the first frame is out, so a key typed meanwhile waits for
 * one step at most, never for all of them.
 */
export function markdownWarmUp(): (() => void)[] {
  return [
    () => {
      markedModule();
    },
    ...MARKDOWN_WARM_UP.map((src) => () => {
      lex(src);
      lex(src);
    }),
  ];
}

/** Groups lexer tokens into blocks, each a content token plus the space after it. */
function toBlocks(tokens: readonly Token[], offset: number): Block[] {
  const out: Block[] = [];
  let pos = offset;
  for (const t of tokens) {
    if (t.type === 'space' && out.length > 0) {
      const last = out[out.length - 1];
      if (last)
        out[out.length - 1] = { ...last, raw: last.raw + t.raw, tokens: [...last.tokens, t] };
    } else {
      out.push({ raw: t.raw, start: pos, tokens: [t] });
    }
    pos += t.raw.length;
  }
  return out;
}

export class MarkdownDocument {
  private content = '';
  private blocks: Block[] = [];
  private cacheKey: { width: number; gen: number; content: string } | undefined;
  private cached: Line[] = [];
  /** How many blocks the last call rendered afresh (for tests and the benchmark). */
  lastRendered = 0;

  constructor(private readonly theme: Theme) {}

  private update(content: string): void {
    if (content === this.content) return;
    // Re-lex from the start of the last block when the content only grew.
    const last = this.blocks[this.blocks.length - 1];
    if (last !== undefined && content.startsWith(this.content)) {
      const keep = this.blocks.slice(0, -1);
      this.blocks = [...keep, ...toBlocks(lex(content.slice(last.start)), last.start)];
      // The kept blocks keep their rendered lines; a changed last block does not.
      const fresh = this.blocks[keep.length];
      if (fresh?.raw === last.raw && last.lines) {
        this.blocks[keep.length] = {
          ...fresh,
          lines: last.lines,
          width: last.width,
          gen: last.gen,
        };
      }
    } else {
      this.blocks = toBlocks(lex(content), 0);
    }
    this.content = content;
  }

  /** The document's lines at `width`. */
  lines(content: string, width: number): Line[] {
    const gen = highlighterGeneration();
    const k = this.cacheKey;
    if (k?.width === width && k.gen === gen && k.content === content) {
      this.lastRendered = 0;
      return this.cached;
    }
    this.update(content);
    const out: Line[] = [];
    let rendered = 0;
    for (const b of this.blocks) {
      if (b.lines === undefined || b.width !== width || b.gen !== gen) {
        b.lines = renderBlocks(b.tokens, width, this.theme);
        b.width = width;
        b.gen = gen;
        rendered++;
      }
      if (out.length > 0 && b.lines.length > 0) out.push(styledLine([]));
      out.push(...b.lines);
    }
    this.lastRendered = rendered;
    this.cacheKey = { width, gen, content };
    this.cached = out;
    return out;
  }
}
