// Parsing of `ask`, `doctor` and `serve`; the commands themselves run against
// the real server in test/backends/cli.test.ts.
import { describe, expect, it } from 'vitest';
import { parseCommandLine, type Intent } from './program.js';

const parse = (...argv: string[]): Intent => parseCommandLine(argv, () => undefined);

describe('ask, doctor and serve on the command line', () => {
  it('ask: words become the prompt; flags and global options anywhere', () => {
    expect(parse('ask', 'Say', 'hi', '--stats', '--backend', 'b', '--model', 'm')).toEqual({
      kind: 'ask',
      global: { mouse: true, backend: 'b', model: 'm' },
      prompt: 'Say hi',
      json: false,
      stats: true,
      save: true,
      raw: false,
    });
    expect(
      parse('ask', '--json', '--system', 'be brief', '--no-save', '--max-tokens', '5', '--raw'),
    ).toEqual({
      kind: 'ask',
      global: { mouse: true },
      system: 'be brief',
      json: true,
      stats: false,
      save: false,
      raw: true,
      maxTokens: 5,
    });
  });

  it('ask: a bad --max-tokens is a usage error', () => {
    expect(parse('ask', 'x', '--max-tokens', 'many')).toEqual({
      kind: 'usage-error',
      message: '--max-tokens must be a positive integer',
    });
  });

  it('doctor and serve', () => {
    expect(parse('doctor', '--json')).toEqual({
      kind: 'doctor',
      global: { mouse: true },
      json: true,
    });
    expect(parse('serve', 'org/model', '--dir', '/m')).toEqual({
      kind: 'serve',
      global: { mouse: true },
      id: 'org/model',
      dirs: ['/m'],
    });
    expect(parse('serve')).toMatchObject({ kind: 'usage-error' });
  });
});
