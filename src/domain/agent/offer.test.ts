import { describe, expect, it } from 'vitest';
import { offerTools } from './offer.js';
import { deniedForModel, resultForModel, truncateForModel } from './result-text.js';

describe('offerTools', () => {
  it('offers each tool as SERVER__TOOL with an object schema', () => {
    const offer = offerTools([
      {
        server: 'everything',
        name: 'echo',
        description: 'Echoes back the input',
        inputSchema: {
          $schema: 'http://json-schema.org/draft-07/schema#',
          type: 'object',
          properties: { message: { type: 'string' } },
          required: ['message'],
        },
      },
      { server: 'fs', name: 'list', inputSchema: { type: 'object' } },
    ]);
    expect(offer.specs).toEqual([
      {
        name: 'everything__echo',
        description: 'Echoes back the input',
        parameters: {
          type: 'object',
          properties: { message: { type: 'string' } },
          required: ['message'],
        },
      },
      { name: 'fs__list', parameters: { type: 'object', properties: {} } },
    ]);
    expect(offer.names.resolve('fs__list')).toEqual({ server: 'fs', tool: 'list' });
  });

  it('cuts very long descriptions', () => {
    const offer = offerTools([
      { server: 's', name: 't', description: 'd'.repeat(5000), inputSchema: {} },
    ]);
    expect(offer.specs[0]?.description).toHaveLength(1024);
  });
});

describe('text for the model', () => {
  it('joins text, names images, includes resource text', () => {
    const text = resultForModel(
      {
        isError: false,
        content: [
          { type: 'text', text: 'a' },
          { type: 'image', mime: 'image/png', data: new Uint8Array(10) },
          { type: 'resource', uri: 'file:///x', text: 'body' },
        ],
      },
      1000,
    );
    expect(text).toBe('a\n[image image/png, 10 bytes]\n[resource file:///x]\nbody');
  });

  it('truncates past the limit with a note, never splitting a surrogate pair', () => {
    expect(truncateForModel('abcdef', 10)).toBe('abcdef');
    expect(truncateForModel('abcdef', 3)).toBe(
      'abc\n[truncated: the tool returned 6 characters; only the first 3 are shown]',
    );
    expect(truncateForModel('a😀b', 2).startsWith('a\n')).toBe(true);
  });

  it('marks a tool error and a denial', () => {
    expect(resultForModel({ isError: true, content: [{ type: 'text', text: 'boom' }] }, 100)).toBe(
      'Error from the tool: boom',
    );
    expect(deniedForModel('user', ' too risky ')).toBe(
      'The user denied this tool call; it was not run. Reason: too risky',
    );
    expect(deniedForModel('rule')).toMatch(/^A rule/);
  });
});
