import { describe, expect, it } from 'vitest';
import { functionName, isFunctionName, nameTools, stableHash } from './naming.js';

describe('tool names', () => {
  it('joins server and tool with two underscores', () => {
    expect(functionName('files', 'read_file')).toBe('files__read_file');
  });

  it('replaces characters OpenAI function names may not hold', () => {
    const name = functionName('my.server', 'get weather/now');
    expect(name).toBe('my_server__get_weather_now');
    expect(isFunctionName(name)).toBe(true);
  });

  it('shortens long names to 64 characters with a stable hash suffix', () => {
    const tool = 'x'.repeat(80);
    const a = functionName('srv', tool);
    expect(a).toHaveLength(64);
    expect(isFunctionName(a)).toBe(true);
    expect(a).toMatch(/^srv__x+_[0-9a-f]{8}$/);
    expect(functionName('srv', tool)).toBe(a);
    expect(functionName('srv', `${tool}y`)).not.toBe(a);
    expect(a.endsWith(stableHash(`srv\u0000${tool}`))).toBe(true);
  });

  it('a name of exactly 64 characters is kept as it is', () => {
    const tool = 'a'.repeat(64 - 'srv__'.length);
    expect(functionName('srv', tool)).toBe(`srv__${tool}`);
  });

  it('gives colliding names distinct suffixes and maps every name back', () => {
    const names = nameTools([
      { server: 's', name: 'a.b' },
      { server: 's', name: 'a_b' },
      { server: 's', name: 'c' },
    ]);
    const ab1 = names.nameOf('s', 'a.b');
    const ab2 = names.nameOf('s', 'a_b');
    expect(ab1).not.toBe(ab2);
    expect(ab1).toMatch(/^s__a_b_[0-9a-f]{8}$/);
    expect(names.nameOf('s', 'c')).toBe('s__c');
    expect(names.resolve(ab1 ?? '')).toEqual({ server: 's', tool: 'a.b' });
    expect(names.resolve(ab2 ?? '')).toEqual({ server: 's', tool: 'a_b' });
    expect(names.resolve('s__c')).toEqual({ server: 's', tool: 'c' });
    expect(names.resolve('s__missing')).toBeUndefined();
  });

  it('names do not depend on the order of the list', () => {
    const a = nameTools([
      { server: 's', name: 'a.b' },
      { server: 's', name: 'a_b' },
    ]);
    const b = nameTools([
      { server: 's', name: 'a_b' },
      { server: 's', name: 'a.b' },
    ]);
    expect(a.nameOf('s', 'a.b')).toBe(b.nameOf('s', 'a.b'));
  });

  it('a server name with "__" still maps back to the right server', () => {
    const names = nameTools([{ server: 'a__b', name: 'c' }]);
    expect(names.resolve('a__b__c')).toEqual({ server: 'a__b', tool: 'c' });
  });
});
