// Syntax highlighting for fenced code, through highlight.js loaded lazily with
// import() on first use (it is large and most frames do not need it). Until it
// has loaded, code is shown plain; `onReady` lets the app request a repaint.
// highlight.js returns HTML; this turns its class spans back into styled spans.
import type { Style } from '../../style/style.js';
import type { Theme, Token } from '../../style/theme.js';
import { type Span, span } from '../../text/span.js';

interface Hljs {
  highlight(code: string, opts: { language: string; ignoreIllegals?: boolean }): { value: string };
  getLanguage(name: string): unknown;
}

let hljs: Hljs | undefined;
let loading: Promise<void> | undefined;
let generation = 0;

/** Bumps when the highlighter becomes available, so caches can tell stale output. */
export function highlighterGeneration(): number {
  return generation;
}

/** Starts loading highlight.js (once); resolves when it is ready or failed. */
export function loadHighlighter(onReady?: () => void): Promise<void> {
  loading ??= import('highlight.js/lib/common')
    .then((m: { default: Hljs }) => {
      hljs = m.default;
      generation++;
    })
    .catch(() => {
      // Highlighting is a nicety: without it code is shown plain.
    });
  return onReady ? loading.then(onReady) : loading;
}

const CLASS_TOKENS: Readonly<Record<string, Token>> = {
  keyword: 'md.code.keyword',
  built_in: 'md.code.type',
  type: 'md.code.type',
  literal: 'md.code.number',
  number: 'md.code.number',
  string: 'md.code.string',
  regexp: 'md.code.string',
  comment: 'md.code.comment',
  doctag: 'md.code.comment',
  title: 'md.code.title',
  'title.function': 'md.code.title',
  'title.class': 'md.code.type',
  meta: 'md.code.comment',
  attr: 'md.code.title',
  variable: 'md.code.title',
};

const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#x27': "'",
  '#39': "'",
};
const unescapeHtml = (s: string): string =>
  s.replace(/&(amp|lt|gt|quot|#x27|#39);/g, (_, e: string) => ENTITIES[e] ?? '');

/** Code as lines of spans, highlighted when the language is known and the highlighter loaded. */
export function highlightCode(code: string, lang: string | undefined, theme: Theme): Span[][] {
  const base = theme['md.code'];
  const plainLines = (): Span[][] => code.split('\n').map((l) => [span(l, base)]);
  if (
    hljs === undefined ||
    lang === undefined ||
    lang === '' ||
    hljs.getLanguage(lang) === undefined
  ) {
    if (hljs === undefined && lang !== undefined && lang !== '') void loadHighlighter();
    return plainLines();
  }
  let html: string;
  try {
    html = hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
  } catch {
    return plainLines();
  }
  const lines: Span[][] = [[]];
  const stack: Style[] = [base];
  const re = /<span class="([^"]*)">|<\/span>|([^<]+)/g;
  for (let m = re.exec(html); m !== null; m = re.exec(html)) {
    if (m[1] !== undefined) {
      const cls = m[1].replace(/^hljs-/, '').split(' ')[0] ?? '';
      const tok = CLASS_TOKENS[cls] ?? CLASS_TOKENS[cls.split('.')[0] ?? ''];
      stack.push(tok ? { ...base, ...theme[tok] } : (stack[stack.length - 1] ?? base));
    } else if (m[2] !== undefined) {
      const st = stack[stack.length - 1] ?? base;
      unescapeHtml(m[2])
        .split('\n')
        .forEach((part, i) => {
          if (i > 0) lines.push([]);
          if (part !== '') lines[lines.length - 1]?.push(span(part, st));
        });
    } else if (stack.length > 1) {
      stack.pop();
    }
  }
  return lines;
}
