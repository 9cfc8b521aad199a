import { describe, expect, it } from 'vitest';
import { exampleConfig } from './example.js';
import { parseConfig } from './load.js';

describe('exampleConfig', () => {
  const text = exampleConfig();

  it('parses to exactly the defaults', () => {
    expect(parseConfig(text, 'example.toml')).toEqual(parseConfig('', 'empty.toml'));
  });

  it('documents every key: uncommenting every example line still gives a valid config', () => {
    const uncommented = text.replace(/^# ((?:[A-Za-z0-9_-]+|"[^"]*") = .*)$/gm, '$1');
    expect(uncommented).not.toBe(text);
    const config = parseConfig(uncommented, 'uncommented.toml');
    expect(config.launcher.extra_args).toEqual(['--max-seqs', '4']);
    expect(config.database.url).toMatch(/^postgres:\/\//);
  });

  it('has a comment before every key', () => {
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (/^#? ?[a-z_]+ = /.test(line)) expect(lines[i - 1]?.startsWith('#')).toBe(true);
    });
  });
});
