import { Lexer, type Token } from 'marked';
import { describe, expect, it } from 'vitest';
import { Buffer } from '../../buffer/buffer.js';
import { Mod } from '../../style/style.js';
import { DARK_THEME } from '../../style/theme.js';
import { plain } from '../../text/span.js';
import { assertBufferLines } from '../../testing/index.js';
import {
  MARKDOWN_WARM_UP,
  MarkdownDocument,
  drawMarkdownLines,
  loadHighlighter,
  markdownWarmUp,
} from './index.js';

const render = (md: string, width: number): string[] =>
  new MarkdownDocument(DARK_THEME).lines(md, width).map(plain);

describe('markdown', () => {
  it('a long code line without a space wraps by character, its continuation marked ↪ in the margin', () => {
    const rows = render('```\nabcdefghijklmnop\n```', 10);
    expect(rows).toEqual([' abcdefghi', '↪jklmnop  ']);
  });

  it('a long code line wraps at a space, each continuation marked and at the line’s indent', () => {
    const rows = render(
      '```\nlet total = price * quantity;\n    return total + shipping_cost;\n```',
      21,
    );
    expect(rows).toEqual([
      ' let total = price * ',
      '↪quantity;           ',
      '     return total +  ',
      '↪    shipping_cost;  ',
    ]);
  });

  it('a link shows its URL after its text (dim, a link too); an autolink shows it once', () => {
    const lines = new MarkdownDocument(DARK_THEME).lines(
      'See [the docs](https://e.org/docs) or <https://e.org>.',
      80,
    );
    expect(lines.map(plain)).toEqual(['See the docs (https://e.org/docs) or https://e.org.']);
    const url = lines[0]?.spans.find((s) => s.content === ' (https://e.org/docs)');
    expect(url?.style.link).toBe('https://e.org/docs');
  });

  it('renders headings, emphasis, lists and rules', () => {
    expect(
      render('# Title\n\nSome *em* and **strong**.\n\n- one\n- two\n\n1. a\n2. b\n\n---', 20),
    ).toEqual([
      '# Title',
      '',
      'Some em and strong.',
      '',
      '• one',
      '• two',
      '',
      '1. a',
      '2. b',
      '',
      '─'.repeat(20),
    ]);
  });

  it('styles inline spans and carries link targets as a cell attribute', () => {
    const lines = new MarkdownDocument(DARK_THEME).lines('**b** [x](https://e.org)', 20);
    const spans = lines[0]?.spans ?? [];
    expect(spans[0]?.style.add).toBe(Mod.bold);
    expect(spans.find((s) => s.content === 'x')?.style.link).toBe('https://e.org');
  });

  it('wraps list items with a hanging indent and quotes with a bar', () => {
    expect(render('- alpha beta gamma', 12)).toEqual(['• alpha beta', '  gamma']);
    expect(render('> quoted text here', 10)).toEqual(['│ quoted', '│ text', '│ here']);
    expect(render('- [x] done\n- [ ] todo', 20)).toEqual(['☑ done', '☐ todo']);
    expect(render('- a\n  - b\n- c', 20)).toEqual(['• a', '  • b', '• c']);
  });

  it('draws GFM tables with box borders, shrinking columns to fit', () => {
    expect(render('| a | b |\n|:-|-:|\n| 1 | 22 |', 20)).toEqual([
      '┌───┬────┐',
      '│ a │  b │',
      '├───┼────┤',
      '│ 1 │ 22 │',
      '└───┴────┘',
    ]);
    const narrow = render('| long header | x |\n|-|-|\n| value | y |', 14);
    expect(narrow.every((l) => l.length <= 14)).toBe(true);
    expect(narrow[1]).toContain('…');
  });

  it('renders fenced code on a padded background and highlights it once loaded', async () => {
    const md = '```ts\nconst a = 1;\n```';
    const plainLines = render(md, 16);
    expect(plainLines).toEqual([' ts', ' const a = 1;   ']);
    await loadHighlighter();
    const lines = new MarkdownDocument(DARK_THEME).lines(md, 16);
    const kw = lines[1]?.spans.find((s) => s.content === 'const');
    expect(kw?.style.fg).toBe(DARK_THEME['md.code.keyword'].fg);
  });

  it('makes escape sequences in model output inert', () => {
    const b = Buffer.sized(20, 1);
    drawMarkdownLines(
      b,
      b.area,
      new MarkdownDocument(DARK_THEME).lines('hi \x1b]52;c;eA==\x07', 20),
    );
    assertBufferLines(b, ['hi ^[]52;c;eA==^G   ']);
  });

  it('re-renders only the tail while a reply streams in', () => {
    const doc = new MarkdownDocument(DARK_THEME);
    let text = '# Head\n\nfirst paragraph\n\n';
    doc.lines(text, 30);
    const tokens = ['some', ' more', ' words', '\n\n', 'next', ' para'];
    for (const t of tokens) {
      text += t;
      const lines = doc.lines(text, 30);
      expect(doc.lastRendered).toBeLessThanOrEqual(2);
      expect(lines.map(plain)).toEqual(render(text, 30));
    }
    doc.lines(text, 30);
    expect(doc.lastRendered).toBe(0);
    doc.lines(text, 25);
    expect(doc.lastRendered).toBe(4);
  });

  it('the warm-up samples take every block and inline rule of the lexer, each its own step', () => {
    const types = new Set<string>();
    const walk = (tokens: readonly Token[]): void => {
      for (const t of tokens) {
        types.add(t.type);
        const inner = t as { tokens?: Token[]; items?: Token[] };
        walk(inner.tokens ?? []);
        walk(inner.items ?? []);
      }
    };
    const defs: string[] = [];
    for (const src of MARKDOWN_WARM_UP) {
      const lexer = new Lexer({ gfm: true });
      walk(lexer.lex(src));
      defs.push(...Object.keys(lexer.tokens.links));
    }
    // Each rule of marked's block and inline lexers, as the token type it makes.
    for (const type of [
      'space',
      'code',
      'hr',
      'heading',
      'blockquote',
      'list',
      'list_item',
      'html',
      'def',
      'table',
      'paragraph',
      'text',
      'strong',
      'em',
      'codespan',
      'link',
      'del',
      'escape',
      'br',
    ])
      expect(types, type).toContain(type);
    expect(defs).toEqual(['def']);
    // A step per sample after the one that loads marked, each runnable alone.
    const steps = markdownWarmUp();
    expect(steps).toHaveLength(MARKDOWN_WARM_UP.length + 1);
    for (const step of steps) step();
    expect(render('# after', 20)[0]).toContain('after');
  });
});
