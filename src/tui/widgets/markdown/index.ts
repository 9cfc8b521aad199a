// Markdown view: CommonMark + GFM through `marked`, highlighted code through a
// lazily loaded highlight.js, rendered to styled lines with a per-block cache.
export { MARKDOWN_WARM_UP, MarkdownDocument, markdownWarmUp } from './document.js';
export { renderBlocks } from './blocks.js';
export { drawMarkdownLines } from './view.js';
export { loadHighlighter, highlightCode, highlighterGeneration } from './highlight.js';
