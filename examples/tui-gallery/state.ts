// The gallery's state record and sample data. The gallery owns its state the
// way an app would: widgets read it, drawing clamps scroll positions, and the
// rects recorded during drawing serve mouse hit-testing.
import {
  EMPTY_RECT,
  TextAreaModel,
  listState,
  type ListState,
  type Rect,
  type Theme,
} from '../../dist/tui/index.js';
import type { PicturesState } from './pictures.ts';

export const PAGES = ['Text', 'Lists', 'Charts', 'Editor', 'Markdown', 'Pictures'] as const;

export interface GalleryState {
  theme: Theme;
  page: number;
  tick: number;
  focus: 'list' | 'table' | 'editor' | 'none';
  list: ListState;
  table: ListState;
  editor: TextAreaModel;
  submitted: string[];
  mdScroll: number;
  /** Characters of the sample shown while it streams in ('s' on the Markdown page). */
  mdStream: number | undefined;
  help: boolean;
  /** The Pictures page, made on its first draw (it needs the probed capabilities). */
  pictures: PicturesState | undefined;
  spark: number[];
  lastEvent: string;
  hit: { tabs: Rect; list: Rect; table: Rect; editor: Rect; markdown: Rect };
}

export function initialState(theme: Theme): GalleryState {
  return {
    theme,
    page: 0,
    tick: 0,
    focus: 'none',
    list: listState(0),
    table: listState(0),
    editor: new TextAreaModel(),
    submitted: [],
    mdScroll: 0,
    mdStream: undefined,
    help: false,
    pictures: undefined,
    spark: Array.from({ length: 200 }, (_, i) => 20 + 15 * Math.sin(i / 6) + (i % 7)),
    lastEvent: '',
    hit: {
      tabs: EMPTY_RECT,
      list: EMPTY_RECT,
      table: EMPTY_RECT,
      editor: EMPTY_RECT,
      markdown: EMPTY_RECT,
    },
  };
}

const NAMES = [
  'SmolLM2-135M-Instruct',
  'Llama-3.2-3B-Instruct',
  'Qwen2.5-7B-Instruct',
  'Mistral-7B-v0.3',
  'Phi-3.5-mini',
  'gemma-2-9b-it',
  'Qwen2-VL-7B',
  'FLUX.1-schnell',
  'Dia-1.6B',
  'nomic-embed-text',
];
const KINDS = [
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'vision',
  'diffusion',
  'speech',
  'embedding',
];

export const MODELS = Array.from({ length: 40 }, (_, i) => ({
  name: `${NAMES[i % NAMES.length] ?? ''}${i >= NAMES.length ? ` #${Math.floor(i / NAMES.length) + 1}` : ''}`,
  kind: KINDS[i % KINDS.length] ?? 'text',
  quant: ['Q4_K_M', 'Q8_0', 'F16', 'Q4_1'][i % 4] ?? '',
  size: `${(((i * 37) % 90) / 10 + 0.1).toFixed(1)} GB`,
}));

export const SAMPLE_MARKDOWN = `# Markdown view

Rendered with **marked** (CommonMark + GFM), *cached per block* and width, so a
streaming reply re-renders only its tail. Inline \`code\`, ~~strike~~ and a
[link](https://github.com/EricLBuehler/mistral.rs) (OSC 8 when the terminal supports it).

## Lists

- Discover models on disk
- Start, stop and switch models
  - nested item with a longer text that wraps with a hanging indent under its bullet
- [x] task done
- [ ] task open

1. first
2. second

> A block quote: escape sequences in model output, like \x1b]0;title\x07, stay inert.

## Table

| Model | Quant | Tokens/s | Context |
|:--|:-:|--:|--:|
| SmolLM2-135M | Q4_1 | 180.5 | 8192 |
| Llama-3.2-3B | Q4_K_M | 42.1 | 131072 |
| 中文模型 | F16 | 12.0 | 32768 |

## Code

\`\`\`ts
// Highlighted by highlight.js, loaded lazily on first use.
export function fib(n: number): number {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}
const greeting = "hello, 世界";
\`\`\`

\`\`\`python
def mean(xs: list[float]) -> float:
    """Average of xs."""
    return sum(xs) / len(xs) if xs else 0.0
\`\`\`

---

That is all; scroll back up with the wheel or ↑.
`;
