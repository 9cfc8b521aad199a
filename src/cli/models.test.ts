import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount } from './models.js';
import { parseCommandLine } from './program.js';

const parse = (argv: string[]) => parseCommandLine(argv, () => undefined);

describe('models command line', () => {
  it('parses models with its flags and repeated --dir', () => {
    expect(parse(['models', '--json', '--refresh', '--dir', 'a', '--dir', 'b'])).toMatchObject({
      kind: 'models-list',
      json: true,
      refresh: true,
      checksum: false,
      dirs: ['a', 'b'],
    });
    expect(parse(['models'])).toMatchObject({ kind: 'models-list', json: false, dirs: [] });
  });

  it('parses show and export-inventory', () => {
    expect(parse(['models', 'show', 'org/x', '--json'])).toMatchObject({
      kind: 'models-show',
      id: 'org/x',
      json: true,
    });
    expect(parse(['models', 'export-inventory'])).toMatchObject({
      kind: 'models-export',
      force: false,
    });
    expect(parse(['models', 'export-inventory', 'inv.json', '--force'])).toMatchObject({
      kind: 'models-export',
      path: 'inv.json',
      force: true,
    });
    expect(parse(['models', 'show'])).toMatchObject({ kind: 'usage-error' });
  });

  it('formats counts and sizes compactly', () => {
    expect(formatCount(134_515_008)).toBe('135M');
    expect(formatCount(8_030_261_248)).toBe('8.0B');
    expect(formatCount(null)).toBe('-');
    expect(formatBytes(98_362_432)).toBe('93.8 MiB');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(100 * 1024 ** 3)).toBe('100 GiB');
  });
});
