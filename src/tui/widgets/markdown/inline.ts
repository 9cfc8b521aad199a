// Inline Markdown (emphasis, strong, strikethrough, code spans, links, breaks)
// to styled spans. Link targets become a cell attribute; the emitter alone
// turns it into an OSC 8 hyperlink after checking the URL.
import type { Token, Tokens } from 'marked';
import { EMPTY_STYLE, Mod, type Style, patch } from '../../style/style.js';
import type { Theme } from '../../style/theme.js';
import { type Span, span } from '../../text/span.js';

/** Whether a link's text already shows its target (an autolink, or a mail address). */
function sameTarget(text: string, href: string): boolean {
  const bare = (u: string) => u.replace(/^mailto:/, '').replace(/\/$/, '');
  return bare(text) === bare(href);
}

/** Spans for inline tokens; a `br` becomes a '\n' span that callers split on. */
export function inlineSpans(
  tokens: readonly Token[] | undefined,
  theme: Theme,
  base: Style = EMPTY_STYLE,
): Span[] {
  const out: Span[] = [];
  for (const t of tokens ?? []) {
    switch (t.type) {
      case 'strong':
        out.push(
          ...inlineSpans((t as Tokens.Strong).tokens, theme, patch(base, { add: Mod.bold })),
        );
        break;
      case 'em':
        out.push(...inlineSpans((t as Tokens.Em).tokens, theme, patch(base, { add: Mod.italic })));
        break;
      case 'del':
        out.push(...inlineSpans((t as Tokens.Del).tokens, theme, patch(base, { add: Mod.strike })));
        break;
      case 'codespan':
        out.push(span((t as Tokens.Codespan).text, patch(base, theme['text.code'])));
        break;
      case 'link': {
        const l = t as Tokens.Link;
        const st = patch(patch(base, theme['text.link']), { link: l.href });
        const text = inlineSpans(l.tokens, theme, st);
        out.push(...text);
        // The URL is shown after its text, dim: many terminals (and tmux, and
        // a copy of the screen) have no OSC 8 hyperlinks, and a link whose
        // target cannot be seen cannot be judged before it is opened.
        const shown = text.map((s) => s.content).join('');
        if (!sameTarget(shown, l.href))
          out.push(span(` (${l.href})`, patch(patch(base, theme['text.dim']), { link: l.href })));
        break;
      }
      case 'image': {
        const im = t as Tokens.Image;
        out.push(span(`[image: ${im.text}]`, patch(base, theme['text.dim'])));
        break;
      }
      case 'br':
        out.push(span('\n', base));
        break;
      case 'text': {
        const tx = t as Tokens.Text;
        if (tx.tokens && tx.tokens.length > 0) out.push(...inlineSpans(tx.tokens, theme, base));
        else out.push(span(tx.text, base));
        break;
      }
      case 'escape':
        out.push(span((t as Tokens.Escape).text, base));
        break;
      default:
        out.push(span(t.raw, base));
    }
  }
  return out;
}
