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

/** Loads marked now (the app calls it once the first frame is out, off the critical path). */
export function preloadMarkdown(): void {
  markedModule();
}

const lex = (src: string): Token[] => new (markedModule().Lexer)({ gfm: true }).lex(src);

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
