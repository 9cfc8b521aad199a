import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findMistralrs } from './find-binary.js';

describe('findMistralrs', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mrt-bin-'));
  const bin = path.join(dir, 'mistralrs');
  writeFileSync(bin, '#!/bin/sh\necho mistralrs 0.0.0\n');
  chmodSync(bin, 0o755);
  const notExec = path.join(dir, 'plain');
  writeFileSync(notExec, '');

  it('uses the configured path first', () => {
    expect(findMistralrs(bin, { PATH: '' })).toEqual({ found: true, path: bin, from: 'config' });
  });

  it('explains a configured path that is not executable', () => {
    const r = findMistralrs(notExec, { PATH: dir });
    expect(r.found).toBe(false);
    if (!r.found) expect(r.message).toContain(`launcher.binary is ${notExec}`);
  });

  it('searches PATH, and gives install hints when absent', () => {
    expect(findMistralrs(undefined, { PATH: `/nonexistent${path.delimiter}${dir}` })).toEqual({
      found: true,
      path: bin,
      from: 'PATH',
    });
    const r = findMistralrs(undefined, { PATH: '/nonexistent' });
    expect(r).toMatchObject({ found: false });
    if (!r.found) expect(r.message).toContain('cargo install mistralrs-cli');
  });
});
