import { describe, expect, it } from 'vitest';
import { globMatches, hintLabels, ruleFor, ruleKeyProblem, toolHints } from './rules.js';

describe('rules', () => {
  it('asks by default', () => {
    expect(ruleFor({}, 'fs', 'read')).toEqual({ rule: 'ask', source: 'default' });
  });

  it('matches * globs over the whole SERVER__TOOL key', () => {
    expect(globMatches('fs__read_*', 'fs__read_file')).toBe(true);
    expect(globMatches('fs__read_*', 'fs__write_file')).toBe(false);
    expect(globMatches('*__echo', 'everything__echo')).toBe(true);
    expect(globMatches('fs.x', 'fsAx')).toBe(false); // "." is literal
    expect(globMatches('fs', 'fs__read')).toBe(false);
    expect(ruleFor({ 'fs__read_*': 'allow' }, 'fs', 'read_file')).toEqual({
      rule: 'allow',
      source: 'fs__read_*',
    });
  });

  it('deny beats allow, even a more exact allow', () => {
    const rules = { 'fs__*': 'deny', fs__read_file: 'allow' } as const;
    expect(ruleFor(rules, 'fs', 'read_file')).toEqual({ rule: 'deny', source: 'fs__*' });
  });

  it('an exact rule beats a glob that asks; among globs ask beats allow', () => {
    expect(ruleFor({ '*': 'ask', fs__read: 'allow' }, 'fs', 'read').rule).toBe('allow');
    expect(ruleFor({ '*': 'allow', 'fs__*': 'ask' }, 'fs', 'write').rule).toBe('ask');
    expect(ruleFor({ '*': 'allow' }, 'fs', 'write')).toEqual({ rule: 'allow', source: '*' });
  });

  it('checks rule keys', () => {
    expect(ruleKeyProblem('fs__read')).toBeUndefined();
    expect(ruleKeyProblem('*')).toBeUndefined();
    expect(ruleKeyProblem('read_file')).toMatch(/two underscores/);
    expect(ruleKeyProblem('')).toMatch(/empty/);
  });

  it('reads annotations with the spec defaults', () => {
    expect(toolHints(undefined)).toEqual({
      readOnly: false,
      destructive: true,
      idempotent: false,
      openWorld: true,
    });
    expect(toolHints({ readOnlyHint: true, destructiveHint: true }).destructive).toBe(false);
    expect(hintLabels({ annotations: { readOnlyHint: true, openWorldHint: false } })).toEqual([
      'read-only',
    ]);
    expect(hintLabels({ annotations: { destructiveHint: true } })).toEqual([
      'destructive',
      'open world',
    ]);
    expect(hintLabels({})).toEqual([]);
  });
});
