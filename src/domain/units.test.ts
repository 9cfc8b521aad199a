import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount } from './units.js';

describe('units', () => {
  it('formats counts and sizes compactly', () => {
    expect(formatCount(134_515_008)).toBe('135M');
    expect(formatCount(8_030_261_248)).toBe('8.0B');
    expect(formatCount(null)).toBe('-');
    expect(formatBytes(98_362_432)).toBe('93.8 MiB');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(100 * 1024 ** 3)).toBe('100 GiB');
  });
});
