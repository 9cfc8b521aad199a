// The command-line reference in README.md, generated from the real --help.
import { helpText } from './program.js';

export const README_START = '<!-- cli-help:start -->';
export const README_END = '<!-- cli-help:end -->';

export function cliReference(): string {
  const sections: [string, string[]][] = [
    ['mistralrs-tui --help', []],
    ['mistralrs-tui config --help', ['config']],
    ['mistralrs-tui sessions --help', ['sessions']],
    ['mistralrs-tui models --help', ['models']],
    ['mistralrs-tui ask --help', ['ask']],
    ['mistralrs-tui doctor --help', ['doctor']],
    ['mistralrs-tui serve --help', ['serve']],
    ['mistralrs-tui mcp --help', ['mcp']],
    ['mistralrs-tui mcp import --help', ['mcp', 'import']],
    ['mistralrs-tui web --help', ['web']],
  ];
  return sections
    .map(([title, path]) => `\`${title}\`:\n\n\`\`\`text\n${helpText(path).trimEnd()}\n\`\`\``)
    .join('\n\n');
}

/** README text with the section between the markers replaced by the current reference. */
export function withCliReference(readme: string): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) {
    throw new Error(`README.md lacks the ${README_START} ... ${README_END} markers`);
  }
  return `${readme.slice(0, start + README_START.length)}\n${cliReference()}\n${readme.slice(end)}`;
}
